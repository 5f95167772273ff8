using System.Globalization;
using PosSim.Core.Security;
using PosSim.Iso8583;

namespace PosSim.Core.Switch;

/// <summary>What terminals send besides purchases, refunds and voids: reversals, advices, batch totals, network management.</summary>
public sealed partial class AcquirerSwitch
{
    private readonly List<BatchReport> _batchReports = [];

    /// <summary>
    /// Every 0500 the terminals sent, as they reported it (the rows of batches.csv); with a store history, those from
    /// <see cref="BatchReportsForgotten"/> on (the earlier ones are in the store).
    /// </summary>
    public IReadOnlyList<BatchReport> BatchReports => _batchReports;

    /// <summary>How many of the earliest reports the switch forgot (their date cleared): <see cref="BatchReports"/>[0] is report number this.</summary>
    public long BatchReportsForgotten { get; private set; }

    /// <summary>Every report received since the first (forgotten or held): the next one is numbered this.</summary>
    public long BatchReportsReceived => BatchReportsForgotten + _batchReports.Count;

    /// <summary>
    /// A terminal reverses a request it got no answer to (0400, repeated as 0401) or advises a reversal
    /// (0420/0421). The original is named by field 90, or else by the same STAN (and amount) on that terminal.
    /// The switch answers at once and makes sure the issuer hears of it through the store-and-forward queue.
    /// </summary>
    private void OnTerminalReversal(long token, IsoMessage request, DateTimeOffset now)
    {
        // The original's card and amount are required: a reversal must show it knows what it undoes, or anyone who
        // can guess a STAN could cancel a sale (a sweep of STANs used to reverse most of another terminal's day).
        if (!request.Has(IsoMessage.FieldStan) || !request.Has(IsoMessage.FieldTerminalId) ||
            !request.Has(IsoMessage.FieldPan) || request.AmountMinor is null)
        {
            Reply(token, request, ResponseCodes.FormatError);
            return;
        }

        if (!Terminals.TryGet(_fieldStrings.Get(request, IsoMessage.FieldTerminalId), out var terminal))
        {
            Reply(token, request, ResponseCodes.NotPermittedToTerminal);
            return;
        }

        if (RefuseIfNotPermitted(token, request, terminal) || RefuseIfMacInvalid(token, request, terminal))
        {
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

        if (!MatchesOriginal(request, original))
        {
            // Names a transaction of this terminal but not its data: not the terminal's own reversal of it. Answered
            // as not found, so that a guess learns nothing, and the original is left as it was.
            ReversalMismatches++;
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

    /// <summary>
    /// The original a reversal names: by field 90 (original STAN and field 7 on this terminal) when it carries one,
    /// else the latest request of this terminal with the reversal's STAN and amount. Field 90, when sent, is the only
    /// name: falling back to the STAN would let it cancel a request other than the one it names.
    /// </summary>
    private TranlogEntry? FindOriginal(IsoMessage request, string terminalId)
    {
        if (OriginalData.TryRead(request, out var data))
        {
            return _byOriginalKey.GetValueOrDefault((terminalId, data.Stan, data.TransmissionDateTime));
        }

        if (_latestByStan.TryGetValue((terminalId, request.Stan!.Value), out var byStan) && request.AmountMinor == byStan.AmountMinor)
        {
            return byStan;
        }

        return null;
    }

    /// <summary>
    /// Whether a reversal repeats its original's data: the amount (field 4) and the card (field 2, by keyed hash).
    /// Terminal, STAN and transmission time are how it was found (field 41, and field 90 or 11).
    /// </summary>
    private bool MatchesOriginal(IsoMessage request, TranlogEntry original) =>
        request.AmountMinor == original.AmountMinor && SameCard(request, original);

    /// <summary>Reversals refused because they named an original without repeating its amount or card.</summary>
    public long ReversalMismatches { get; private set; }

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

        if (RefuseStandIn(request, amount, now) is { } refusal)
        {
            Reply(token, request, refusal);
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
        entry.Advice = AdviceOutcome.Pending; // no issuer has authorised it yet: clearing waits for the issuer's word
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
    /// Why an advice is not one a terminal could have approved on its own, or null when it is: a card that cannot be
    /// (not a valid number under a BIN the switch routes: 14), another currency than the terminal's (13), a card
    /// expired by field 14 (54), or more than the stand-in limit (13). Booking it anyway would charge a cardholder, or
    /// pay a merchant, for what no issuer and no floor limit allowed.
    /// </summary>
    private string? RefuseStandIn(IsoMessage request, long amount, DateTimeOffset now)
    {
        var pan = _fieldStrings.Get(request, IsoMessage.FieldPan) ?? "";
        if (!Iso8583.Cards.Pan.IsValid(pan) || !Options.RoutesTo(pan))
        {
            return ResponseCodes.InvalidCard;
        }

        if (request.TryGetNumber(IsoMessage.FieldCurrency, out var currency) && currency != Options.Currency.NumericCode)
        {
            return ResponseCodes.InvalidAmount;
        }

        if (request.TryGetNumber(IsoMessage.FieldExpiry, out var yymm))
        {
            var local = Options.Clock.Local(now);
            var (year, month) = (2000 + (int)(yymm / 100), (int)(yymm % 100));
            if (month is < 1 or > 12 || year < local.Year || (year == local.Year && month < local.Month))
            {
                return ResponseCodes.ExpiredCard;
            }
        }

        return amount > Options.StandInLimitMinor ? ResponseCodes.InvalidAmount : null;
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

        if (RefuseIfNotPermitted(token, request, terminal) || RefuseIfMacInvalid(token, request, terminal))
        {
            return; // closing another terminal's batch would cut off what it has not yet reported
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

    /// <summary>
    /// 0800: sign-on (field 70 = 001), sign-off (002), echo test (301). With terminal authentication on, a sign-on must
    /// prove the terminal's master key and a sign-off or echo must carry the working key's MAC, as financial requests
    /// do; otherwise 63, and nothing changes.
    /// </summary>
    private void OnNetworkManagement(long token, IsoMessage request)
    {
        var code = ResponseCodes.Approved;
        string? workingKey = null;
        var signedOff = false;
        if (!Terminals.TryGet(_fieldStrings.Get(request, IsoMessage.FieldTerminalId), out var terminal))
        {
            // Without field 41 the 0800 is about the link itself: another host signing on, off or testing it.
            code = request.TerminalId is null && request.GetString(IsoMessage.FieldNetworkCode) is "001" or "002" or "301"
                ? ResponseCodes.Approved
                : ResponseCodes.NotPermittedToTerminal;
        }
        else
        {
            var auth = FromHostLink() ? null : Options.TerminalAuth; // a host link's word is its configuration's, not a key's
            switch (request.GetString(IsoMessage.FieldNetworkCode))
            {
                case "001":
                    if (auth is not null && RefuseIfSignOnUnproven(token, request, terminal, auth))
                    {
                        return; // a claim without the key: the terminal's binding and working key stay as they were
                    }

                    code = TrySignOn(terminal) ? ResponseCodes.Approved : ResponseCodes.NotPermittedToTerminal;
                    if (code == ResponseCodes.Approved && auth is not null)
                    {
                        // A fresh working key at every sign-on: one that leaked is worth nothing after the next.
                        workingKey = IssueWorkingKey(terminal, auth);
                        code = workingKey is null ? SecurityViolation : code; // no master key: nothing to send a key under
                    }

                    break;
                case "002" when !MaySpeakFor(terminal):
                    // Only a connection that may speak for the terminal signs it off: from anywhere else a sign-off
                    // shuts a merchant out.
                    code = ResponseCodes.NotPermittedToTerminal;
                    break;
                case "002":
                    if (RefuseIfMacInvalid(token, request, terminal, EchoedOnNetwork))
                    {
                        return; // an unMACed sign-off would shut the terminal out: it stays signed on, with its key
                    }

                    terminal.SignedOn = false;
                    signedOff = true;
                    break;
                case "301":
                    code = MaySpeakFor(terminal) ? ResponseCodes.Approved : ResponseCodes.NotPermittedToTerminal;
                    if (code == ResponseCodes.Approved && RefuseIfMacInvalid(token, request, terminal, EchoedOnNetwork))
                    {
                        return;
                    }

                    break;
                default:
                    code = ResponseCodes.InvalidTransaction;
                    break;
            }

            if (code == ResponseCodes.NotPermittedToTerminal)
            {
                IdentityRefusals++;
            }
        }

        if (workingKey is null && !(signedOff && _workingKeys.ContainsKey(terminal!.TerminalId)))
        {
            Reply(token, request, code, echo: EchoedOnNetwork);
            return;
        }

        // The 0810 to a sign-on carries the key in field 48 and is MACed with it, so the terminal can tell that the key
        // it deciphered is the one the switch holds, and that the answer is the switch's. The 0810 to a sign-off is
        // MACed with the key it ends, which goes right after.
        var response = Replies.Begin(request, _scratch, EchoedOnNetwork);
        if (workingKey is not null)
        {
            response.Set(WorkingKeyField.Field, workingKey);
        }

        response.ResponseCode = code;
        _workingKeys[terminal!.TerminalId].TrySign(response);
        CountResponse(code);
        _effects.ToTerminal(token, response);
        if (signedOff)
        {
            ForgetWorkingKey(terminal.TerminalId);
        }
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
    bool Balanced)
{
    /// <summary>
    /// Each terminal's last balanced close among <paramref name="reports"/> (absent: none). Its open batch is the one
    /// after: what a restart reopens, and whose older rows it reads back for their totals.
    /// </summary>
    public static Dictionary<string, int> LastBalancedCloses(IEnumerable<BatchReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var lastClosed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            if (report.Balanced && report.BatchNumber > lastClosed.GetValueOrDefault(report.TerminalId))
            {
                lastClosed[report.TerminalId] = report.BatchNumber;
            }
        }

        return lastClosed;
    }
}
