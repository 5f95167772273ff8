using System.Globalization;
using PosSim.Iso8583;

namespace PosSim.Core.Switch;

/// <summary>What terminals send besides purchases, refunds and voids: reversals, advices, batch totals, network management.</summary>
public sealed partial class AcquirerSwitch
{
    private readonly List<BatchReport> _batchReports = [];

    /// <summary>Every 0500 the terminals sent, as they reported it (the rows of batches.csv).</summary>
    public IReadOnlyList<BatchReport> BatchReports => _batchReports;

    /// <summary>
    /// A terminal reverses a request it got no answer to (0400, repeated as 0401) or advises a reversal
    /// (0420/0421). The original is named by field 90, or else by the same STAN (and amount) on that terminal.
    /// The switch answers at once and makes sure the issuer hears of it through the store-and-forward queue.
    /// </summary>
    private void OnTerminalReversal(long token, IsoMessage request, DateTimeOffset now)
    {
        if (!request.Has(IsoMessage.FieldStan) || !request.Has(IsoMessage.FieldTerminalId))
        {
            Reply(token, request, ResponseCodes.FormatError);
            return;
        }

        if (!Terminals.TryGet(_fieldStrings.Get(request, IsoMessage.FieldTerminalId), out var terminal))
        {
            Reply(token, request, ResponseCodes.NotPermittedToTerminal);
            return;
        }

        var original = FindOriginal(request, terminal.TerminalId);
        if (original is null)
        {
            // The reversal may have overtaken its request on the network: remember it, so the request, if it
            // comes after all, is refused instead of approved behind the terminal's back.
            RememberEarlyReversal(terminal.TerminalId, request, now);
            Reply(token, request, ResponseCodes.RecordNotFound);
            return;
        }

        if (original.Kind is not (TransactionKind.Purchase or TransactionKind.Refund))
        {
            Reply(token, request, ResponseCodes.InvalidTransaction);
            return;
        }

        if (original.CancelledBy is not null || original.Status == TransactionStatus.TimedOut ||
            (original.Status == TransactionStatus.Answered && !original.IsApproved))
        {
            // Nothing (more) to reverse: already cancelled, declined, or the switch's own reversal is queued.
            Reply(token, request, ResponseCodes.Approved, original.Rrn);
            return;
        }

        var reversal = Log(TransactionKind.Reversal, request, terminal, now, original.Rrn, original.PanMasked, original.PanHash);
        reversal.Status = TransactionStatus.Answered;
        reversal.ResponseCode = ResponseCodes.Approved;
        _effects.Record(reversal);
        Cancel(original, reversal.Rrn);

        QueueReversalOf(original, request, now);
        Reply(token, request, ResponseCodes.Approved, original.Rrn);
    }

    private TranlogEntry? FindOriginal(IsoMessage request, string terminalId)
    {
        if (OriginalData.TryRead(request, out var data) &&
            _byOriginalKey.TryGetValue((terminalId, data.Stan, data.TransmissionDateTime), out var byKey))
        {
            return byKey;
        }

        if (_latestByStan.TryGetValue((terminalId, request.Stan!.Value), out var byStan) &&
            (request.AmountMinor is not { } amount || amount == byStan.AmountMinor))
        {
            return byStan;
        }

        return null;
    }

    /// <summary>
    /// A completion the terminal approved offline (store and forward). The switch books it at once and
    /// queues it for the issuer, which must receive it whatever happens to the network.
    /// </summary>
    private void OnAdvice(long token, IsoMessage request, DateTimeOffset now)
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

        if (ProcessingCodes.TypeOf(request) != ProcessingCodes.Purchase || request.AmountMinor is not ( > 0 and var amount))
        {
            Reply(token, request, ResponseCodes.InvalidTransaction);
            return;
        }

        if (IsDuplicate(terminal.TerminalId, request.Stan!.Value, amount, now))
        {
            Reply(token, request, ResponseCodes.Duplicate);
            return;
        }

        var entry = Log(TransactionKind.Purchase, request, terminal, now, originalRrn: null);
        entry.Status = TransactionStatus.Answered;
        entry.ResponseCode = ResponseCodes.Approved;
        entry.AuthCode = request.AuthCode ?? "";
        OnApproved(entry, original: null);
        _effects.Record(entry);

        var advice = new IsoMessage("0220");
        request.CopyFieldsTo(advice, ForwardedFields);
        advice.Rrn = entry.Rrn;
        advice.Set(32, Options.AcquirerId);
        Enqueue(advice, "0221", entry, now);
        Reply(token, request, ResponseCodes.Approved, entry.Rrn);
    }

    /// <summary>
    /// 0500 batch totals: the terminal's counts and amounts of purchases (debits, fields 76 and 88) and refunds
    /// (credits, 74 and 86) in its open batch, against the switch's own. In balance: 00 and the next batch opens;
    /// out of balance: 95 and the batch stays open.
    /// </summary>
    private void OnBatchTotals(long token, IsoMessage request)
    {
        if (!Terminals.TryGet(_fieldStrings.Get(request, IsoMessage.FieldTerminalId), out var terminal))
        {
            Reply(token, request, ResponseCodes.NotPermittedToTerminal);
            return;
        }

        long Number(int field) => request.TryGetNumber(field, out var n) ? n : 0;
        var balanced = Number(76) == terminal.DebitCount && Number(88) == terminal.DebitAmount &&
            Number(74) == terminal.CreditCount && Number(86) == terminal.CreditAmount;
        _batchReports.Add(new BatchReport(
            terminal.TerminalId, terminal.MerchantId, BusinessDateOf(_time.GetUtcNow()), terminal.BatchNumber,
            Number(76), Number(88), Number(74), Number(86), balanced));
        if (balanced)
        {
            terminal.CloseBatch();
        }

        Reply(token, request, balanced ? ResponseCodes.Approved : ResponseCodes.ReconcileError);
    }

    private void AddToBatch(TranlogEntry entry, int sign)
    {
        if (!Terminals.TryGet(entry.TerminalId, out var terminal) || entry.BatchNumber != terminal.BatchNumber)
        {
            return; // a batch already closed is history
        }

        terminal.AddToBatch(entry.Kind == TransactionKind.Refund, sign, entry.AmountMinor);
    }

    /// <summary>0800: sign-on (field 70 = 001), sign-off (002), echo test (301).</summary>
    private void OnNetworkManagement(long token, IsoMessage request)
    {
        var code = ResponseCodes.Approved;
        if (!Terminals.TryGet(_fieldStrings.Get(request, IsoMessage.FieldTerminalId), out var terminal))
        {
            // Without field 41 the 0800 is about the link itself: another host signing on, off or testing it.
            code = request.TerminalId is null && request.GetString(IsoMessage.FieldNetworkCode) is "001" or "002" or "301"
                ? ResponseCodes.Approved
                : ResponseCodes.NotPermittedToTerminal;
        }
        else
        {
            switch (request.GetString(IsoMessage.FieldNetworkCode))
            {
                case "001":
                    terminal.SignedOn = true;
                    break;
                case "002":
                    terminal.SignedOn = false;
                    break;
                case "301":
                    break;
                default:
                    code = ResponseCodes.InvalidTransaction;
                    break;
            }
        }

        Reply(token, request, code, echo: EchoedOnNetwork);
    }
}

/// <summary>
/// A terminal's own batch totals from an 0500: purchases as debits, refunds as credits, approved and not
/// cancelled, as the terminal counted them; <see cref="Balanced"/> says whether the switch agreed.
/// </summary>
public sealed record BatchReport(
    string TerminalId,
    string MerchantId,
    DateOnly BusinessDate,
    int BatchNumber,
    long DebitCount,
    long DebitAmountMinor,
    long CreditCount,
    long CreditAmountMinor,
    bool Balanced);
