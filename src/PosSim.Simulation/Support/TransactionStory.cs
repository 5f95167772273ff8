using PosSim.Core.Cases;

namespace PosSim.Simulation.Support;

/// <summary>
/// Turns a transaction's rows into its story, hop by hop (terminal → switch → issuer → switch → terminal →
/// clearing → settlement → payout → bank), with where the money is now and what support says and does. Pure: the
/// same rows give the same story, so it is tested without a run.
/// </summary>
public static class TransactionStory
{
    // Phases keep the hops in the order money travels even when times tie or are only dates.
    private const int Authorization = 0;
    private const int AfterAnswer = 1;
    private const int ClearingPhase = 2;
    private const int SettlementPhase = 3;
    private const int PayoutPhase = 4;

    public static TraceStory Tell(TransactionRecords r, ITraceText text)
    {
        var t = r.Transaction;
        var steps = new List<(int Phase, string Sort, TraceStep Step)>();
        void Add(int phase, string sort, Hop from, Hop to, string time, string sentence, bool trouble = false) =>
            steps.Add((phase, sort, new TraceStep(from, to, time, sentence, trouble)));

        var time = TraceMoney.Time(t.LocalTime);
        var auth = AuthorizationOf(r);

        // The authorization round trip: fixed order within the one instant the switch logged.
        Add(Authorization, "0", Hop.Terminal, Hop.Switch, time, text.Request(t));
        if (auth is not null)
        {
            Add(Authorization, "1", Hop.Switch, Hop.Issuer, time, text.IssuerApproved(t, auth));
        }

        foreach (var f in r.Faults.Where(f => f.Fault is "issuer-response-lost" or "issuer-down"))
        {
            Add(Authorization, "2", Hop.Issuer, Hop.Switch, TraceMoney.Time(f.LocalTime), text.Fault(f.Fault, f.Detail), trouble: true);
        }

        if (t.Status == "TimedOut")
        {
            Add(Authorization, "3", Hop.Issuer, Hop.Switch, time, text.IssuerTimedOut, trouble: true);
        }
        else if (auth is null && !t.Approved)
        {
            Add(Authorization, "3", Hop.Issuer, Hop.Switch, time, text.IssuerDeclined(t.ResponseCode), trouble: true);
        }

        if (!string.IsNullOrEmpty(t.LateResponseCode))
        {
            Add(Authorization, "4", Hop.Issuer, Hop.Switch, time, text.IssuerLateAnswer(t.LateResponseCode), trouble: true);
        }

        Add(Authorization, "5", Hop.Switch, Hop.Terminal, time, text.SwitchAnswered(t.ResponseCode), trouble: !t.Approved);

        // Everything after the answer in time order: lost answers and reversals, voids, refunds.
        foreach (var f in r.Faults)
        {
            var (phase, from, to) = Place(f.Fault);
            if (f.Fault is "issuer-response-lost" or "issuer-down")
            {
                continue;
            }

            Add(phase, f.LocalTime, from, to, TraceMoney.Time(f.LocalTime), text.Fault(f.Fault, f.Detail), trouble: true);
        }

        foreach (var f in r.FollowUps)
        {
            // A reversal support sent came from the back office, not the terminal: its resolution's hop tells it.
            if (f.Kind == "reversal" && r.Resolutions.Any(s => s.MessageRrn == f.Rrn))
            {
                continue;
            }

            Add(AfterAnswer, f.LocalTime, Hop.Terminal, Hop.Switch, TraceMoney.Time(f.LocalTime), text.FollowUp(f));
        }

        foreach (var s in r.Resolutions)
        {
            var (phase, to) = s.WayBack switch
            {
                "release-hold" => (AfterAnswer, Hop.Issuer),
                "pay-merchant-late" => (PayoutPhase, Hop.Merchant),
                _ => (AfterAnswer, Hop.Terminal),
            };
            Add(phase, s.ExecutedAt + "~", Hop.Support, to, TraceMoney.Time(s.ExecutedAt), text.Resolution(s, t.Currency), trouble: !s.Done);
        }

        if (auth?.Status == "released")
        {
            // The release has no time of its own in the run database; it follows the cancelling message.
            var cancel = r.FollowUps.FirstOrDefault(f => f.Rrn == t.CancelledBy);
            Add(AfterAnswer, cancel?.LocalTime ?? t.LocalTime + "~", Hop.Switch, Hop.Issuer, cancel is null ? time : TraceMoney.Time(cancel.LocalTime), text.HoldReleased);
        }

        var live = t.Approved && t.CancelledBy is null && auth?.Status != "released" && t.Kind is "purchase" or "refund";
        foreach (var c in r.Clearing)
        {
            Add(ClearingPhase, c.ClearingDate, Hop.Switch, Hop.Clearing, c.ClearingDate, text.Cleared(c, t.Currency));
        }

        if (r.Clearing.Count == 0 && (live || auth?.Status == "held"))
        {
            Add(ClearingPhase, t.BusinessDate, Hop.Switch, Hop.Clearing, t.BusinessDate, text.NotCleared, trouble: true);
        }

        foreach (var s in r.Settlements)
        {
            var late = s.LateCauses.Length > 0 && s.DueDate is not null ? " " + text.SettledLate(s.DueDate, s.LateCauses) : "";
            Add(SettlementPhase, s.ValueDate, Hop.Clearing, Hop.Settlement, s.ValueDate, text.Settled(s, t.Currency) + late, trouble: late.Length > 0);
        }

        if (r.Clearing.Count > 0 && r.Settlements.Count == 0)
        {
            Add(SettlementPhase, r.Clearing[^1].ClearingDate, Hop.Clearing, Hop.Settlement, "", text.NotSettled, trouble: true);
        }

        foreach (var a in r.PayoutAttempts)
        {
            Add(PayoutPhase, a.Date + "a", Hop.Payout, Hop.Bank, a.Date, text.PayoutAttempt(a), trouble: !a.Accepted);
        }

        foreach (var line in r.Statement)
        {
            Add(PayoutPhase, line.ValueDate + "b", Hop.Bank, Hop.Merchant, line.ValueDate, text.Credited(line, t.Currency));
        }

        var ordered = steps
            .Select((s, i) => (s.Phase, s.Sort, Index: i, s.Step))
            .OrderBy(s => s.Phase).ThenBy(s => s.Sort, StringComparer.Ordinal).ThenBy(s => s.Index)
            .Select(s => s.Step)
            .ToList();

        var (money, moneyNow, tell, next) = Outcome(r, auth, text);
        if (t.Approved && money is not (MoneyState.Declined or MoneyState.Reversed) && r.Faults.Any(f => f.Fault == "response-lost"))
        {
            tell += " " + text.TellAnswerLost;
        }

        foreach (var kind in r.Exceptions.Select(e => e.Kind).Distinct().Where(k => !SaysTheSameAs(money, k)))
        {
            next.Add(text.ExceptionAdvice(kind));
        }

        if (r.Resolutions.LastOrDefault(s => s.Done) is { } resolved)
        {
            // The break happened and is in the findings; what support had to do about it is done.
            next.Clear();
            next.Add(text.NextResolved(resolved.CaseId));
        }

        if (next.Count == 0)
        {
            next.Add(text.NothingToDo);
        }

        var findings = r.Exceptions.Select(e => text.Finding(e, t.Currency)).ToList();
        return new TraceStory(t, text.Title(t), ordered, money, moneyNow, tell, next, findings);
    }

    /// <summary>
    /// A finding whose advice the money state's own step already gives: a hold never presented is
    /// approved-not-cleared, and "present it late" said twice is noise. The state's step stays, as it names the
    /// approval code and the deadline.
    /// </summary>
    private static bool SaysTheSameAs(MoneyState money, string findingKind) =>
        money == MoneyState.HeldAtIssuer && findingKind == "approved-not-cleared";

    private static (int Phase, Hop From, Hop To) Place(string fault) => fault switch
    {
        "response-lost" or "duplicate" or "link-delay" => (AfterAnswer, Hop.Switch, Hop.Terminal),
        _ when fault.StartsWith("clearing-", StringComparison.Ordinal) || fault == "cut-over-skew" => (ClearingPhase, Hop.Switch, Hop.Clearing),
        "risk-hold" or "settlement-delayed" => (SettlementPhase, Hop.Clearing, Hop.Settlement),
        "payout-bounce" or "bank-maintenance" => (PayoutPhase, Hop.Payout, Hop.Bank),
        _ => (AfterAnswer, Hop.Terminal, Hop.Switch),
    };

    /// <summary>Where the transaction's money is at the end of the run, from its rows alone.</summary>
    public static MoneyState MoneyOf(TransactionRecords r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var t = r.Transaction;
        var auth = AuthorizationOf(r);
        if (auth is null && !t.Approved)
        {
            return MoneyState.Declined;
        }

        if (r.Clearing.Count == 0)
        {
            return t.CancelledBy is not null || auth?.Status == "released" || t.Kind is "reversal" or "void" ? MoneyState.Reversed : MoneyState.HeldAtIssuer;
        }

        if (r.Settlements.Count == 0)
        {
            return MoneyState.ClearedNotSettled;
        }

        var settlement = r.Settlements[^1];
        var payout = r.Payouts.FirstOrDefault(p => p.PayoutId == settlement.PayoutId);
        if (payout?.Status == "bounced")
        {
            return MoneyState.PayoutBounced;
        }

        return payout?.Status == "paid" && r.Statement.Any(s => s.PayoutId == settlement.PayoutId) ? MoneyState.Paid : MoneyState.SettledPayoutPending;
    }

    /// <summary>The issuer's approval of this transaction (of its own kind when there are several).</summary>
    private static AuthorizationRow? AuthorizationOf(TransactionRecords r) =>
        r.Authorizations.FirstOrDefault(a => a.Kind == r.Transaction.Kind) ?? (r.Authorizations.Count > 0 ? r.Authorizations[0] : null);

    private static (MoneyState, string MoneyNow, string Tell, List<string> Next) Outcome(TransactionRecords r, AuthorizationRow? auth, ITraceText text)
    {
        var t = r.Transaction;
        string Money(long minor) => text.Money(minor, t.Currency);
        var state = MoneyOf(r);
        switch (state)
        {
            case MoneyState.Declined:
                return (state, text.MoneyDeclined(t.ResponseCode), text.TellDeclined(t.ResponseCode), []);
            case MoneyState.Reversed:
                return (state, text.MoneyReversed, text.TellReversed, []);
            case MoneyState.HeldAtIssuer:
                var amount = Money(auth?.AmountMinor ?? t.AmountMinor);
                return (state, text.MoneyHeld(amount), text.TellHeld(amount), [text.NextHeld(auth?.AuthCode ?? t.AuthCode)]);
            case MoneyState.ClearedNotSettled:
                return (state, text.MoneyClearedNotSettled(r.Clearing[^1].ClearingDate), text.TellClearedNotSettled, [text.NextClearedNotSettled]);
        }

        var settlement = r.Settlements[^1];
        if (state == MoneyState.PayoutBounced)
        {
            var outcome = r.PayoutAttempts.LastOrDefault(a => a.PayoutId == settlement.PayoutId && !a.Accepted)?.Outcome ?? "";
            return (state, text.MoneyBounced(settlement.PayoutId, outcome), text.TellBounced(outcome), [text.NextBounced]);
        }

        if (state == MoneyState.Paid)
        {
            var line = r.Statement.Last(s => s.PayoutId == settlement.PayoutId);
            return (state, text.MoneyPaid(line.ValueDate, Money(settlement.NetMinor), settlement.PayoutId),
                text.TellPaid(line.ValueDate, Money(settlement.NetMinor), Money(settlement.FeeMinor), line.StatementId), []);
        }

        return (state, text.MoneyPayoutPending(settlement.PayoutId, settlement.ValueDate),
            text.TellPayoutPending(settlement.ValueDate), [text.NextPayoutPending(settlement.ValueDate)]);
    }
}
