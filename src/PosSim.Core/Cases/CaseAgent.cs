namespace PosSim.Core.Cases;

/// <summary>What the customer agreed to when the agent calls: the money back to the card, or paid to the merchant late.</summary>
public enum AgentAgreement
{
    /// <summary>The cardholder gets the money back, from wherever it is.</summary>
    Refund,

    /// <summary>The merchant is paid (late): present it, release it, re-issue the payout.</summary>
    PayLate,
}

/// <summary>
/// The automatic support agent: follows the procedure one step at a time, the way a careful person would, so a
/// scenario's complaints reach their outcome deterministically. Pure: it reads the case and the records and says
/// what to do next; the host takes the step through <see cref="CaseEngine"/> like anyone else's.
/// </summary>
public static class CaseAgent
{
    /// <summary>The name the agent signs its steps with.</summary>
    public const string Actor = "agent";

    /// <summary>The reviewer who looks at the agent's applications.</summary>
    public const string Reviewer = "agent-reviewer";

    /// <summary>
    /// The next step for <paramref name="c"/>, or null when nothing is the agent's to do (the case is closed, or its
    /// approved way back waits for the back office).
    /// </summary>
    /// <param name="candidates">The records' transactions that fit the complaint (the search the procedure asks for).</param>
    public static CaseAction? Next(SupportCase c, IReadOnlyList<TransactionFacts> candidates, ICaseFacts facts, AgentAgreement agreement, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(facts);
        var t = c.Transaction is { } chosen ? facts.Find(chosen.TerminalId, chosen.Rrn) ?? chosen : null;
        switch (c.Stage)
        {
            case CaseStage.Registered:
                return Pick(candidates) is { } pick
                    ? new ConfirmRecords(Actor, at, pick.TerminalId, pick.Rrn)
                    : new Escalate(Actor, at, candidates.Count == 0
                        ? "no transaction in the records fits the complaint: the merchant's details need checking with the acquirer"
                        : "several transactions fit the complaint equally: the merchant must name the receipt");
            case CaseStage.RecordsConfirmed:
                return new Diagnose(Actor, at, t!.Money);
            case CaseStage.Diagnosed when t!.RefundableMinor == 0:
                return new CloseWithoutRefund(Actor, at, "told the merchant no money was taken from the card");
            case CaseStage.Diagnosed:
                return new ContactCustomer(Actor, at, PathFor(t.Money, agreement), DateOnly.FromDateTime(at).AddDays(7),
                    agreement == AgentAgreement.Refund ? "the cardholder agreed to take the money back" : "the merchant and the cardholder agreed the merchant is paid");
            case CaseStage.CustomerContacted:
                var path = c.AgreedPath!.Value;
                return new ApplyForRefund(Actor, at, new RefundApplication(
                    t!.LocalTime, t.RefundableMinor, path == ResolutionPath.PayMerchantLate ? t.MerchantId : t.PanMasked, c.Complaint.Words, path));
            case CaseStage.RefundAppliedFor when c.Rejections.Count > 0:
                return new Escalate(Actor, at, "review rejected the application: " + c.Rejections[^1]);
            case CaseStage.RefundAppliedFor:
                return new SubmitForReview(Actor, at);
            case CaseStage.UnderReview:
                return new Review(Reviewer, at, true, "checked against the records");
            case CaseStage.Processing when c.Outcome is { Done: false } failed:
                return new Escalate(Actor, at, "the back office could not carry it out: " + failed.Failure);
            default:
                return null;
        }
    }

    /// <summary>The way back that fits where the money is and what the customer agreed.</summary>
    public static ResolutionPath PathFor(MoneyState money, AgentAgreement agreement) => money switch
    {
        MoneyState.HeldAtIssuer => agreement == AgentAgreement.Refund ? ResolutionPath.ReleaseHold : ResolutionPath.PayMerchantLate,
        MoneyState.ClearedNotSettled or MoneyState.PayoutBounced => agreement == AgentAgreement.Refund ? ResolutionPath.ReturnFromClearing : ResolutionPath.PayMerchantLate,
        MoneyState.SettledPayoutPending => ResolutionPath.PayMerchantLate,
        _ => ResolutionPath.RefundFromMerchant,
    };

    /// <summary>
    /// The transaction the merchant means: the only candidate, or the only one whose money did not reach the merchant
    /// (that is what the merchant calls about); null when the records cannot tell.
    /// </summary>
    private static TransactionFacts? Pick(IReadOnlyList<TransactionFacts> candidates)
    {
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        var stuck = candidates.Where(f => f.Money is not (MoneyState.Paid or MoneyState.Declined or MoneyState.Reversed)).ToList();
        return stuck.Count == 1 ? stuck[0] : null;
    }
}
