using System.Globalization;
using System.Text;
using PosSim.Iso8583;
using PosSim.Iso8583.Matching;

namespace PosSim.Core.Switch;

public sealed partial class AcquirerSwitch
{
    private static readonly int[] RequiredFinancialFields = [2, 3, 4, 7, 11, 41];

    private void OnFinancialRequest(long token, IsoMessage request, DateTimeOffset now)
    {
        foreach (var field in RequiredFinancialFields)
        {
            if (!request.Has(field))
            {
                Reply(token, request, ResponseCodes.FormatError);
                return;
            }
        }

        if (!TryAcceptTerminal(token, request, out var terminal))
        {
            return;
        }

        var kind = ProcessingCodes.TypeOf(request) switch
        {
            ProcessingCodes.Purchase => TransactionKind.Purchase,
            ProcessingCodes.Refund => TransactionKind.Refund,
            ProcessingCodes.Void => TransactionKind.Void,
            _ => (TransactionKind?)null,
        };
        if (kind is null)
        {
            Reply(token, request, ResponseCodes.InvalidTransaction);
            return;
        }

        if (request.AmountMinor is not ( > 0 and var amount) || (request.TryGetNumber(IsoMessage.FieldCurrency, out var currency) && currency != Options.Currency.NumericCode))
        {
            Reply(token, request, ResponseCodes.InvalidAmount);
            return;
        }

        if (!Options.RoutesTo(_fieldStrings.Get(request, IsoMessage.FieldPan)!))
        {
            Reply(token, request, ResponseCodes.InvalidCard); // no issuer for this BIN
            return;
        }

        var stan = request.Stan!.Value;
        if (IsDuplicate(terminal.TerminalId, stan, amount, now) || _inFlight.ContainsKey(KeyOf(request)))
        {
            Reply(token, request, ResponseCodes.Duplicate);
            return;
        }

        if (WasReversedBeforeArriving(terminal.TerminalId, request))
        {
            // The terminal gave up on this request and reversed it before it got here: it must not go through.
            Counters.ReversedBeforeArrival++;
            Reply(token, request, ResponseCodes.Duplicate);
            return;
        }

        TranlogEntry? original = null;
        if (kind is TransactionKind.Refund or TransactionKind.Void)
        {
            var originalRrn = request.Rrn;
            if (originalRrn is null || (original = FindOriginal(terminal.TerminalId, originalRrn)) is null)
            {
                Reply(token, request, ResponseCodes.RecordNotFound);
                return;
            }

            if (!SameCard(request, original))
            {
                // Money goes back to the card it came from, nowhere else: a refund to another card is how a
                // merchant's terminal pays out to an accomplice.
                Reply(token, request, ResponseCodes.InvalidTransaction);
                return;
            }

            if (kind == TransactionKind.Void && original.CancelledBy is { } cancelledBy && original.AmountMinor == amount)
            {
                Reply(token, request, ResponseCodes.Approved, cancelledBy); // already cancelled: what the void asked for
                return;
            }

            var refusal = kind == TransactionKind.Refund ? CheckRefund(original, amount, now) : CheckVoid(original, amount, terminal);
            if (refusal is not null)
            {
                Reply(token, request, refusal);
                return;
            }
        }

        var entry = Log(kind.Value, request, terminal, now, original?.Rrn);
        Forward(token, request, entry, original, now);
    }

    private string? CheckRefund(TranlogEntry original, long amount, DateTimeOffset now)
    {
        if (original.Kind != TransactionKind.Purchase || !original.IsLive)
        {
            return ResponseCodes.InvalidTransaction; // only a live purchase can be refunded
        }

        if (PastRefundWindow(original, now))
        {
            return ResponseCodes.InvalidTransaction; // past the merchant agreement's refund window: support decides, not the terminal
        }

        var refunded = _refunded.GetValueOrDefault((original.TerminalId, original.Rrn));
        return refunded + amount > original.AmountMinor ? ResponseCodes.InvalidAmount : null;
    }

    private string? CheckVoid(TranlogEntry original, long amount, Terminal terminal)
    {
        if (original.Kind is not (TransactionKind.Purchase or TransactionKind.Refund) || !original.IsLive)
        {
            return ResponseCodes.InvalidTransaction;
        }

        if (_refunded.GetValueOrDefault((original.TerminalId, original.Rrn)) > 0)
        {
            return ResponseCodes.InvalidTransaction; // voiding a refunded purchase would strand its refunds; void those first
        }

        if (original.BatchNumber != terminal.BatchNumber)
        {
            return ResponseCodes.InvalidTransaction; // after the batch closed, money comes back by refund (退货), not void (撤销)
        }

        return amount != original.AmountMinor ? ResponseCodes.InvalidAmount : null;
    }

    private void Forward(long token, IsoMessage request, TranlogEntry entry, TranlogEntry? original, DateTimeOffset now)
    {
        var forwarded = _forwardedPool.Count > 0 ? _forwardedPool.Pop() : new IsoMessage();
        forwarded.Clear();
        forwarded.Mti = "0200";
        request.CopyFieldsTo(forwarded, ForwardedFields);
        forwarded.Rrn = entry.Rrn;
        forwarded.Set(32, Options.AcquirerId);
        if (original is not null && entry.Kind == TransactionKind.Void)
        {
            forwarded.Set(IsoMessage.FieldOriginalData, OriginalDataOf(original));
        }

        var key = KeyOf(forwarded);
        _inFlight.Add(key, new InFlightRequest(token, entry, forwarded, original));
        _inFlightByTxn.Add(entry.TxnId, key);
        _effects.ToIssuer(forwarded); // the row is stored once the request is answered or has timed out
        _effects.SetTimer(new SwitchTimer(SwitchTimerKind.IssuerTimeout, entry.TxnId), now + Options.IssuerTimeout);
    }

    private void CompleteFinancial(InFlightRequest pending, IsoMessage issuerResponse)
    {
        var entry = pending.Entry;
        var code = ResponseCodes.Of(issuerResponse) is { Length: 2 } rc ? rc : ResponseCodes.SystemError;
        entry.Status = TransactionStatus.Answered;
        entry.ResponseCode = code;
        entry.AuthCode = code == ResponseCodes.Approved ? issuerResponse.AuthCode ?? "" : "";
        if (entry.IsApproved)
        {
            OnApproved(entry, pending.Original);
        }

        _effects.Record(entry);

        Reply(pending.Token, pending.Forwarded, code, entry.Rrn, entry.AuthCode);
        _forwardedPool.Push(pending.Forwarded); // answered: nothing refers to it any more
    }

    /// <summary>Book an approval: batch totals, refund totals, and the original a void cancels.</summary>
    private void OnApproved(TranlogEntry entry, TranlogEntry? original)
    {
        switch (entry.Kind)
        {
            case TransactionKind.Purchase or TransactionKind.Refund when entry.CancelledBy is null:
                AddToBatch(entry, +1);
                if (entry.Kind == TransactionKind.Refund && original is not null)
                {
                    var key = (original.TerminalId, original.Rrn);
                    _refunded[key] = checked(_refunded.GetValueOrDefault(key) + entry.AmountMinor);
                    Touch(key);
                }

                break;
            case TransactionKind.Void when original is not null:
                Cancel(original, entry.Rrn);
                break;
        }
    }

    /// <summary>Marks <paramref name="original"/> cancelled by an approved void or reversal and takes it out of its batch.</summary>
    private void Cancel(TranlogEntry original, string cancelledBy)
    {
        if (original.CancelledBy is not null)
        {
            return;
        }

        var wasLive = original.IsLive;
        original.CancelledBy = cancelledBy;
        Touch((original.TerminalId, original.Rrn));
        if (wasLive)
        {
            AddToBatch(original, -1);
            if (original.Kind == TransactionKind.Refund && original.OriginalRrn is { } purchaseRrn)
            {
                var key = (original.TerminalId, purchaseRrn);
                _refunded[key] = checked(_refunded.GetValueOrDefault(key) - original.AmountMinor);
                Touch(key);
            }
        }

        _effects.Record(original);
    }

    private void OnIssuerTimeout(long txnId, DateTimeOffset now)
    {
        if (!_inFlightByTxn.Remove(txnId, out var key) || !_inFlight.Remove(key, out var pending))
        {
            return; // answered in time: a stale timer
        }

        Counters.IssuerTimeouts++;
        var entry = pending.Entry;
        entry.Status = TransactionStatus.TimedOut;
        entry.ResponseCode = ResponseCodes.IssuerInoperative;
        _effects.Record(entry);
        _timedOut[key] = entry;

        // When in doubt, the cardholder gets the money back. The issuer may have approved what the terminal
        // now thinks declined: reverse it. A void in doubt may have released the hold already: finish the
        // job by reversing the original, so switch and issuer end up agreeing that it is cancelled.
        if (entry.Kind is TransactionKind.Purchase or TransactionKind.Refund)
        {
            EnqueueReversal(pending.Forwarded, entry, now);
        }
        else if (entry.Kind == TransactionKind.Void && pending.Original is { CancelledBy: null } original &&
                 Terminals.TryGet(original.TerminalId, out var terminal))
        {
            var reversal = Log(TransactionKind.Reversal, pending.Forwarded, terminal, now, original.Rrn, original.PanMasked, original.PanHash);
            reversal.Status = TransactionStatus.Answered;
            reversal.ResponseCode = ResponseCodes.Approved;
            _effects.Record(reversal);
            Cancel(original, reversal.Rrn);
            QueueReversalOf(original, pending.Forwarded, now);
        }

        Reply(pending.Token, pending.Forwarded, ResponseCodes.IssuerInoperative, entry.Rrn);
    }

    /// <summary>An issuer answer for a request the switch already gave up on: recorded, never dropped.</summary>
    private bool TryRecordLate(MatchKey key, IsoMessage response)
    {
        if (!_timedOut.Remove(key, out var entry))
        {
            return false;
        }

        Counters.LateResponses++;
        entry.LateIssuerResponseCode = response.ResponseCode ?? "";
        _effects.Record(entry);
        return true;
    }

    private bool IsDuplicate(string terminal, int stan, long amount, DateTimeOffset now)
    {
        var key = (terminal, stan, amount);
        if (_recent.TryGetValue(key, out var seen) && now - seen < Options.DuplicateWindow)
        {
            return true;
        }

        RememberRecent(key, now);
        return false;
    }

    /// <summary>Puts a request in the duplicate window, as seen at <paramref name="seen"/>.</summary>
    private void RememberRecent((string Terminal, int Stan, long Amount) key, DateTimeOffset seen)
    {
        _recent[key] = seen;
        _recentOrder.Enqueue((seen, key));
    }

    private bool TryAcceptTerminal(long token, IsoMessage request, out Terminal terminal)
    {
        if (!Terminals.TryGet(_fieldStrings.Get(request, IsoMessage.FieldTerminalId), out terminal) || !terminal.SignedOn ||
            // Field 42 is fixed at 15 characters: a shorter merchant id arrives padded with spaces.
            (request.TryGet(IsoMessage.FieldMerchantId, out var merchant) && !Ascii.Equals(merchant.TrimEnd((byte)' '), terminal.MerchantId)))
        {
            Reply(token, request, ResponseCodes.NotPermittedToTerminal);
            return false;
        }

        // Another connection signed on as this terminal, or this one as another terminal: not its to say. Then the MAC:
        // with terminal authentication on, only the holder of the terminal's working key speaks for it.
        return !RefuseIfNotPermitted(token, request, terminal) && !RefuseIfMacInvalid(token, request, terminal);
    }

    /// <summary>
    /// Whether <paramref name="request"/> carries the card of <paramref name="original"/>, compared by keyed hash (the
    /// switch keeps no PAN in clear). A request without a card is not the same card.
    /// </summary>
    private bool SameCard(IsoMessage request, TranlogEntry original) =>
        _fieldStrings.Get(request, IsoMessage.FieldPan) is { Length: > 0 } pan &&
        string.Equals(CardView(pan).Hash, original.PanHash, StringComparison.Ordinal);

    /// <summary>Field 90 naming <paramref name="original"/>, a financial request (0200) this switch logged.</summary>
    private string OriginalDataOf(TranlogEntry original) =>
        new OriginalData("0200", original.Stan, original.TransmissionDateTime, Options.AcquirerId).Format();
}
