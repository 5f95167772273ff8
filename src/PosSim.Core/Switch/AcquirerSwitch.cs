using System.Globalization;
using PosSim.Core.Cards;
using PosSim.Iso8583;
using PosSim.Iso8583.Cards;
using PosSim.Iso8583.Matching;

namespace PosSim.Core.Switch;

/// <summary>
/// The acquirer switch as a sans-IO state machine. It accepts terminals' requests, checks them, logs them,
/// forwards financial ones to the issuer, answers the terminal, and keeps reversals flowing to the issuer
/// until they are acknowledged. Events in: <see cref="OnTerminalRequest"/>, <see cref="OnIssuerResponse"/>,
/// <see cref="OnTimer"/>; everything out goes through <see cref="ISwitchEffects"/>. Not thread-safe: the host
/// feeds it one event at a time, which is what makes a simulation reproducible.
/// </summary>
public sealed partial class AcquirerSwitch
{
    private static readonly int[] ForwardedFields = [2, 3, 4, 7, 11, 12, 13, 14, 18, 22, 23, 25, 35, 38, 41, 42, 43, 45, 49, 52, 55];
    private static readonly int[] EchoedToTerminal = [3, 4, 7, 11, 12, 13, 41, 42, 49];
    private static readonly int[] EchoedOnNetwork = [7, 11, 41, 70];

    private readonly TimeProvider _time;
    private readonly ISwitchEffects _effects;
    private readonly PanHasher _panHasher;
    private readonly IsoMessage _scratch = new();
    private readonly FieldStrings _fieldStrings = new();
    private readonly Stack<IsoMessage> _forwardedPool = new();
    private readonly Dictionary<string, (string Masked, string Hash)> _cardViews = new(StringComparer.Ordinal);
    private readonly List<TranlogEntry> _log = [];
    private readonly Dictionary<(string Terminal, string Rrn), TranlogEntry> _byRrn = [];
    private readonly Dictionary<(string Terminal, int Stan, string Sent), TranlogEntry> _byOriginalKey = [];
    private readonly Dictionary<(string Terminal, int Stan), TranlogEntry> _latestByStan = [];
    private readonly Dictionary<(string Terminal, int Stan, long Amount), DateTimeOffset> _recent = [];
    private readonly Dictionary<(string Terminal, string Rrn), long> _refunded = [];
    private readonly Dictionary<MatchKey, InFlightRequest> _inFlight = [];
    private readonly Dictionary<long, MatchKey> _inFlightByTxn = [];
    private readonly Dictionary<MatchKey, TranlogEntry> _timedOut = [];
    private readonly List<IsoMessage> _unmatchedResponses = [];
    private long _txnSequence;

    /// <param name="history">
    /// The store's lookups of rows the switch forgot. With one, the switch forgets the rows of cleared business dates
    /// and finds them there again; without one it keeps them in memory (a simulated run, whose log is its record).
    /// </param>
    public AcquirerSwitch(TimeProvider time, ISwitchEffects effects, SwitchOptions? options = null, PanHasher? panHasher = null, ITranlogHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(effects);
        _time = time;
        _effects = effects;
        Options = options ?? new SwitchOptions();
        _panHasher = panHasher ?? PanHasher.FromSeed(0);
        _history = history;
    }

    public SwitchOptions Options { get; }

    public TerminalRegistry Terminals { get; } = new();

    /// <summary>
    /// Every financial request the switch has logged, in arrival order; with a store history, only from
    /// <see cref="RetainedFromTxnId"/> on (the rest is in the store).
    /// </summary>
    public IReadOnlyList<TranlogEntry> Tranlog => _log;

    /// <summary>Issuer responses that matched nothing in flight and nothing timed out: kept for people to see.</summary>
    public IReadOnlyList<IsoMessage> UnmatchedResponses => _unmatchedResponses;

    public SwitchCounters Counters { get; } = new();

    /// <summary>Requests forwarded to the issuer and not yet answered or timed out.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>
    /// The last transaction number handed out (written to the tranlog or not): what a store keeps as the sequence,
    /// since an RRN sent to the issuer must never be given to another request after a restart.
    /// </summary>
    public long TxnSequence => _txnSequence;

    /// <summary>
    /// Carries on numbering after <paramref name="lastTxnId"/>, the sequence a previous run stored, so a restarted
    /// switch never reuses a txn_id, nor an RRN (docs/switch.md, "RRN").
    /// </summary>
    public void ContinueFrom(long lastTxnId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lastTxnId);
        _txnSequence = Math.Max(_txnSequence, lastTxnId);
    }

    /// <summary>A request from a terminal; the host names it with <paramref name="token"/> to route the answer back.</summary>
    public void OnTerminalRequest(long token, IsoMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        Retain(now);
        Counters.Requests++;
        switch (MessageTypes.Of(request))
        {
            case "0200":
                OnFinancialRequest(token, request, now);
                break;
            case "0220":
                OnAdvice(token, request, now);
                break;
            case "0400" or "0401" or "0420" or "0421":
                OnTerminalReversal(token, request, now);
                break;
            case "0500":
                OnBatchTotals(token, request);
                break;
            case "0800":
                OnNetworkManagement(token, request);
                break;
            default:
                Reply(token, request, ResponseCodes.InvalidTransaction);
                break;
        }
    }

    /// <summary>A message from the issuer: the answer to a forwarded request, an acknowledgement, or something late.</summary>
    public void OnIssuerResponse(IsoMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!MatchKeySpec.Default.TryGetKey(response, out var key))
        {
            KeepUnmatched(response);
            return;
        }

        if (_inFlight.Remove(key, out var pending))
        {
            _inFlightByTxn.Remove(pending.Entry.TxnId);
            CompleteFinancial(pending, response);
        }
        else if (!TryAcknowledgeQueued(key, response) && !TryRecordLate(key, response))
        {
            KeepUnmatched(response);
        }
    }

    public void OnTimer(SwitchTimer timer)
    {
        var now = _time.GetUtcNow();
        switch (timer.Kind)
        {
            case SwitchTimerKind.IssuerTimeout:
                OnIssuerTimeout(timer.Id, now);
                break;
            case SwitchTimerKind.StoreAndForward:
                OnQueueTimer(timer.Id, now);
                break;
        }
    }

    /// <summary>
    /// Answers a terminal: the response to <paramref name="request"/> (or to the request forwarded for it) with
    /// its echoed fields, the RRN and approval code when there are any, and the response code.
    /// </summary>
    private void Reply(long token, IsoMessage request, string responseCode, string? rrn = null, string? authCode = null, int[]? echo = null)
    {
        var response = Replies.Begin(request, _scratch, echo ?? EchoedToTerminal);
        if (rrn is not null)
        {
            response.Rrn = rrn;
        }

        if (authCode is { Length: > 0 })
        {
            response.AuthCode = authCode;
        }

        response.ResponseCode = responseCode;
        CountResponse(responseCode);
        _effects.ToTerminal(token, response);
    }

    private void CountResponse(string code)
    {
        if (code == ResponseCodes.Approved)
        {
            Counters.Approved++;
        }
        else
        {
            Counters.Declined++;
            Counters.DeclinesByCode[code] = Counters.DeclinesByCode.GetValueOrDefault(code) + 1;
        }
    }

    private TranlogEntry Log(TransactionKind kind, IsoMessage request, Terminal terminal, DateTimeOffset now, string? originalRrn, string? panMasked = null, string? panHash = null)
    {
        var pan = _fieldStrings.Get(request, IsoMessage.FieldPan) ?? "";
        if (panMasked is null && pan.Length > 0)
        {
            (panMasked, panHash) = CardView(pan);
        }

        var local = Options.Clock.Local(now);
        var entry = new TranlogEntry
        {
            TxnId = ++_txnSequence,
            Kind = kind,
            Rrn = RrnOf(local, _txnSequence),
            Stan = request.Stan ?? 0,
            TerminalId = terminal.TerminalId,
            MerchantId = terminal.MerchantId,
            PanMasked = panMasked ?? (pan.Length > 0 ? Pan.Mask(pan) : ""),
            PanHash = panHash ?? (pan.Length > 0 ? _panHasher.Hash(pan) : ""),
            AmountMinor = request.AmountMinor ?? 0,
            Currency = request.TryGetNumber(IsoMessage.FieldCurrency, out var currency) && currency is > 0 and < 1000 ? new Currency((ushort)currency) : Options.Currency,
            TransmissionDateTime = _fieldStrings.Get(request, IsoMessage.FieldTransmissionDateTime) ?? "",
            BusinessDate = BusinessDateOf(local),
            LocalTime = local.DateTime,
            BatchNumber = terminal.BatchNumber,
            OriginalRrn = originalRrn,
            Channel = ChannelOf(request),
        };
        _log.Add(entry);
        IndexOriginal(entry);
        return entry;
    }

    /// <summary>Makes a purchase, refund or void findable by the requests that may name it later: by RRN, STAN, or field 90.</summary>
    private void IndexOriginal(TranlogEntry entry)
    {
        if (entry.Kind == TransactionKind.Reversal)
        {
            return;
        }

        _byRrn[(entry.TerminalId, entry.Rrn)] = entry;
        _latestByStan[(entry.TerminalId, entry.Stan)] = entry;
        if (entry.TransmissionDateTime.Length > 0)
        {
            _byOriginalKey[(entry.TerminalId, entry.Stan, entry.TransmissionDateTime)] = entry;
        }
    }

    /// <summary>
    /// The masked PAN and its keyed hash, remembered for the cards seen lately: the same cards come back again
    /// and again, and an HMAC per request is most of what logging one costs.
    /// </summary>
    private (string Masked, string Hash) CardView(string pan)
    {
        if (!_cardViews.TryGetValue(pan, out var view))
        {
            if (_cardViews.Count >= Options.CardViewsKept)
            {
                _cardViews.Clear();
            }

            view = (Pan.Mask(pan), _panHasher.Hash(pan));
            _cardViews.Add(pan, view);
        }

        return view;
    }

    /// <summary>The business date of a moment: the local date, or the next day from the cut-over time on.</summary>
    public DateOnly BusinessDateOf(DateTimeOffset instant) => Options.Clock.BusinessDateOf(instant);

    /// <summary>
    /// QR or card, from the POS entry mode (field 22): mode 03 is a scanned code, which is how QR payments reach an
    /// acquirer over ISO 8583; anything else is a card. The channel decides the merchant's discount rate.
    /// </summary>
    private static string ChannelOf(IsoMessage request) =>
        request.TryGet(22, out var mode) && mode.Length >= 2 && mode[0] == (byte)'0' && mode[1] == (byte)'3'
            ? InterchangeFiles.Channels.Qr
            : InterchangeFiles.Channels.Card;

    /// <summary>
    /// RRN (field 37, an-12): last digit of the year, day of the year, hour, and a six-character tail of the
    /// transaction number (<see cref="ReferenceNumbers.Tail"/>: six digits up to 999,999, then letter-led). The
    /// number only grows and survives restarts, so an RRN recurs only if more than 1.57 billion transactions fall
    /// in one hour, or after ten years (the year digit).
    /// </summary>
    internal static string RrnOf(DateTimeOffset local, long txnId) =>
        string.Create(CultureInfo.InvariantCulture, $"{local.Year % 10}{local.DayOfYear:D3}{local.Hour:D2}{ReferenceNumbers.Tail(txnId)}");

    /// <summary>The key that pairs a message with its answers (docs/serve-protocol.md, "Matching").</summary>
    private static MatchKey KeyOf(IsoMessage message)
    {
        MatchKeySpec.Default.TryGetKey(message, out var key);
        return key;
    }

    private void KeepUnmatched(IsoMessage response)
    {
        Counters.UnmatchedResponses++;
        if (_unmatchedResponses.Count >= Options.UnmatchedResponsesKept)
        {
            _unmatchedResponses.RemoveAt(0);
        }

        var copy = new IsoMessage();
        response.CopyTo(copy);
        _unmatchedResponses.Add(copy);
    }

    /// <summary>A request forwarded to the issuer and not yet answered.</summary>
    private readonly record struct InFlightRequest(long Token, TranlogEntry Entry, IsoMessage Forwarded, TranlogEntry? Original);
}

/// <summary>Running counts for metrics and reports.</summary>
public sealed class SwitchCounters
{
    public long Requests { get; internal set; }

    public long Approved { get; internal set; }

    public long Declined { get; internal set; }

    public Dictionary<string, long> DeclinesByCode { get; } = new(StringComparer.Ordinal);

    public long IssuerTimeouts { get; internal set; }

    /// <summary>Refunds and voids whose original the switch had forgotten and found again in its store.</summary>
    public long OriginalsFromStore { get; internal set; }

    public long LateResponses { get; internal set; }

    public long UnmatchedResponses { get; internal set; }

    public long ReversalsQueued { get; internal set; }

    public long ReversalsParked { get; internal set; }

    /// <summary>Requests refused because the terminal's reversal of them arrived first.</summary>
    public long ReversedBeforeArrival { get; internal set; }
}
