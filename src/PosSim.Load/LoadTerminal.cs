using PosSim.Core.Security;
using PosSim.Iso8583;
using PosSim.Simulation.Terminals;

namespace PosSim.Load;

/// <summary>
/// One simulated terminal of a load run: its message builder (its own STAN sequence and batch), the approved
/// purchases a refund or a void can name, and the batch totals it will report in its 0500. Requests from several
/// in-flight slots may use one terminal, so every method takes the terminal's lock; the work under it is small.
/// </summary>
internal sealed class LoadTerminal : IDisposable
{
    /// <summary>Approved purchases remembered for refunds and voids; older ones are forgotten.</summary>
    private const int Remembered = 64;

    private readonly Lock _gate = new();
    private readonly TerminalMessages _messages;
    private readonly List<Sale> _sales = [];
    private long _debitCount;
    private long _debitAmount;
    private long _creditCount;
    private long _creditAmount;
    private bool _batchOpen;

    /// <summary>The terminal's MAC key, when the run authenticates terminals; null otherwise.</summary>
    private readonly TerminalMacKey? _mac;

    /// <summary>What the terminal MACs its sign-on with (its master key, the MAC, the dialect), when the run authenticates terminals.</summary>
    private readonly (TerminalMasterKey MasterKey, MacAlgorithm Algorithm, IsoCodec Codec)? _signOn;

    public LoadTerminal(FleetTerminal terminal, string currency, int firstStan, byte[]? keySecret = null, IsoCodec? codec = null, MacAlgorithm algorithm = MacAlgorithm.RetailMac)
    {
        _messages = new TerminalMessages(terminal.TerminalId, terminal.MerchantId, currency, firstStan);
        if (keySecret is not null)
        {
            ArgumentNullException.ThrowIfNull(codec);
            var masterKey = TerminalMasterKey.Derive(keySecret, terminal.TerminalId);
            _mac = new TerminalMacKey(masterKey, codec);
            _signOn = (masterKey, algorithm, codec);
        }
    }

    /// <summary>Takes the working key out of the answer to this terminal's sign-on; false when it carries none that checks out.</summary>
    public bool AcceptSignOn(IsoMessage response)
    {
        lock (_gate)
        {
            return _mac is not null && _mac.TryAccept(response);
        }
    }

    /// <summary>MACs a request of this terminal's (a reversal built from one it sent) when the run authenticates terminals.</summary>
    public void Sign(IsoMessage message)
    {
        lock (_gate)
        {
            _mac?.TrySign(message);
        }
    }

    public string TerminalId => _messages.TerminalId;

    /// <summary>A purchase approved with its RRN (field 37), still open to a refund or, in the open batch, a void.</summary>
    private sealed record Sale(CardRead Card, long Amount, string Rrn);

    /// <summary>
    /// Fills <paramref name="message"/> with a request of <paramref name="kind"/> and returns what was sent. A refund or
    /// void needs an approved purchase to name: with none remembered, a purchase goes instead.
    /// </summary>
    public SentRequest Write(IsoMessage message, RequestKind kind, CardRead card, long amount, DateTimeOffset localTime, bool asHost)
    {
        lock (_gate)
        {
            var sent = WriteUnsigned(message, kind, card, amount, localTime, asHost);
            _mac?.TrySign(message); // without a working key (its sign-on failed) the request goes unsigned and is refused 63
            return sent;
        }
    }

    /// <summary>The request of <see cref="Write"/> before its MAC; called under the terminal's lock.</summary>
    private SentRequest WriteUnsigned(IsoMessage message, RequestKind kind, CardRead card, long amount, DateTimeOffset localTime, bool asHost)
    {
        if (kind is RequestKind.Refund or RequestKind.Void && _sales.Count == 0)
        {
            kind = RequestKind.Purchase;
        }

        switch (kind)
        {
            case RequestKind.Echo:
                _messages.Network(NetworkCode.Echo, localTime, asHost).CopyTo(message);
                return new SentRequest(kind, 0, null, default);
            case RequestKind.Refund:
            {
                // Refund half of the newest sale, once: a second refund could exceed what is left of it.
                var sale = TakeNewest();
                var refund = Math.Max(sale.Amount / 2, 1);
                _messages.WriteRefund(message, sale.Card, refund, sale.Rrn, localTime);
                return new SentRequest(kind, refund, sale.Rrn, sale.Card);
            }

            case RequestKind.Void:
            {
                var sale = TakeNewest();
                _messages.WriteVoid(message, sale.Card, sale.Amount, sale.Rrn, localTime);
                return new SentRequest(kind, sale.Amount, sale.Rrn, sale.Card);
            }

            default:
                _messages.WritePurchase(message, card, amount, localTime);
                return new SentRequest(RequestKind.Purchase, amount, null, card);
        }
    }

    /// <summary>Books an approved answer into the batch the terminal will report.</summary>
    public void Approved(SentRequest sent, string? rrn)
    {
        lock (_gate)
        {
            switch (sent.Kind)
            {
                case RequestKind.Purchase:
                    _debitCount++;
                    _debitAmount += sent.Amount;
                    _batchOpen = true;
                    if (rrn is not null)
                    {
                        if (_sales.Count == Remembered)
                        {
                            _sales.RemoveAt(0);
                        }

                        _sales.Add(new Sale(sent.Card, sent.Amount, rrn));
                    }

                    break;
                case RequestKind.Void:
                    // A voided purchase leaves the batch, as the switch counts it.
                    _debitCount--;
                    _debitAmount -= sent.Amount;
                    break;
                case RequestKind.Refund:
                    _creditCount++;
                    _creditAmount += sent.Amount;
                    _batchOpen = true;
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The 0500 closing the batch with this terminal's own totals, or null when it approved nothing.</summary>
    public IsoMessage? BatchTotals(DateTimeOffset localTime)
    {
        lock (_gate)
        {
            if (!_batchOpen)
            {
                return null;
            }

            _batchOpen = false;
            var message = _messages.BatchTotals(
                checked((int)Math.Max(_debitCount, 0)), Math.Max(_debitAmount, 0), checked((int)_creditCount), _creditAmount, localTime);
            _mac?.TrySign(message);
            _debitCount = _debitAmount = _creditCount = _creditAmount = 0;
            _sales.Clear();
            return message;
        }
    }

    /// <summary>
    /// An 0800 sign-on from this terminal (or, as a host, without field 41). When the run authenticates terminals it
    /// carries the MAC under the key derived from the terminal's master key: the switch binds and answers with a working
    /// key only a sign-on that proves the master key.
    /// </summary>
    public IsoMessage SignOn(DateTimeOffset localTime, bool asHost)
    {
        lock (_gate)
        {
            var message = _messages.Network(NetworkCode.SignOn, localTime, asHost);
            if (_signOn is { } signOn && !asHost)
            {
                SignOnKey.TrySign(message, signOn.Algorithm, signOn.MasterKey, signOn.Codec);
            }

            return message;
        }
    }

    public void Dispose() => _mac?.Dispose();

    private Sale TakeNewest()
    {
        var sale = _sales[^1];
        _sales.RemoveAt(_sales.Count - 1);
        return sale;
    }
}

/// <summary>What a slot sent, kept until its answer comes so the terminal can book it.</summary>
internal readonly record struct SentRequest(RequestKind Kind, long Amount, string? OriginalRrn, CardRead Card);
