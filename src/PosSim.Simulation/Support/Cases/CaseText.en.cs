using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

public sealed partial class CaseTextEn : ICaseText
{
    public static readonly CaseTextEn Instance = new();

    public string Code => "en";

    public string AuditHeading => "Audit trail";

    public string AdviceHeading => "So it does not happen again";

    public string NoCandidates => "No purchase of that amount by this merchant within two hours of that time. Check the amount and the time with the merchant.";

    public string Refused => "refused";

    public string Processing => "carrying out the approved refund: playing the run again with it";

    public string NothingToProcess => "no approved case is waiting to be carried out";

    public string Stage(CaseStage stage) => stage switch
    {
        CaseStage.Registered => "complaint registered",
        CaseStage.RecordsConfirmed => "records confirmed",
        CaseStage.Diagnosed => "diagnosed",
        CaseStage.CustomerContacted => "customer contacted",
        CaseStage.RefundAppliedFor => "refund applied for",
        CaseStage.UnderReview => "under review",
        CaseStage.Processing => "processing",
        CaseStage.Completed => "completed",
        CaseStage.Escalated => "escalated",
        _ => stage.ToString(),
    };

    public string Money(MoneyState money) => money switch
    {
        MoneyState.Declined => "declined: no money moved",
        MoneyState.Reversed => "reversed or voided: the hold was released, no money moved",
        MoneyState.HeldAtIssuer => "still a hold on the card at the issuer: approved, never cleared",
        MoneyState.ClearedNotSettled => "cleared, but not settled to the merchant",
        MoneyState.SettledPayoutPending => "settled, in a payout on its way to the merchant's bank",
        MoneyState.Paid => "paid to the merchant's account",
        MoneyState.PayoutBounced => "in a payout the merchant's bank sent back",
        _ => money.ToString(),
    };

    public string Path(ResolutionPath path) => path switch
    {
        ResolutionPath.ReleaseHold => "release the hold at the issuer (reversal advice; nothing is cleared)",
        ResolutionPath.ReturnFromClearing => "return it from the acquirer's clearing account to the card (the merchant is not debited)",
        ResolutionPath.RefundFromMerchant => "an ordinary refund (the merchant is debited)",
        ResolutionPath.PayMerchantLate => "pay the merchant late (present it, release it, re-issue the payout)",
        _ => path.ToString(),
    };

    public string Advice(PreventiveAdvice advice) => advice switch
    {
        PreventiveAdvice.TerminalChecks => "Check the terminal every day: close the batch before the cut-over and look at any sale it showed as failed.",
        PreventiveAdvice.NetworkStability => "Keep the terminal's network steady: a lost answer is what leaves a customer's money on hold.",
        PreventiveAdvice.AccountSecurity => "Keep the settlement account secure and its details up to date: a frozen or wrong account sends payouts back.",
        PreventiveAdvice.OperatingProcedure => "Follow the procedure: void the same day, refund after that, and never take a second payment for the same goods.",
        PreventiveAdvice.KeepInTouch => "Keep in touch with us: tell us when you expect a payout that is late, and we will tell you about reviews and delays.",
        _ => advice.ToString(),
    };

    public string Refusal(CaseRefusal refusal) => refusal.Reason switch
    {
        RefusalReason.OutOfOrder => $"that step ({refusal.Detail}) is not next: the case is at '{Stage(refusal.Expected ?? CaseStage.Registered)}'.",
        RefusalReason.CaseClosed => "the case is closed; open a new one if the merchant calls again.",
        RefusalReason.TransactionNotFound => $"no such purchase in the run ({refusal.Detail}); list the candidates with `possim case search`.",
        RefusalReason.OtherMerchant => $"that purchase is another merchant's ({refusal.Detail}); pick one of the complaining merchant's.",
        RefusalReason.TimeTooFarFromComplaint => $"that purchase is more than two hours from the time the merchant gave ({refusal.Detail}); check the time with the merchant.",
        RefusalReason.AmountDiffersFromComplaint => $"that purchase is not of the amount the merchant named ({refusal.Detail}).",
        RefusalReason.DiagnosisContradictsRecords => $"the records say the money is elsewhere ({refusal.Detail}); trace the transaction and diagnose what it shows.",
        RefusalReason.PathDisagreesWithMoney => $"that way back does not fit where the money is ({refusal.Detail}); a merchant who was never paid must not be debited.",
        RefusalReason.NothingWasTaken => "no money was taken from the cardholder; tell the customer so and close the case with `possim case close`.",
        RefusalReason.MoneyWasTaken => "money was taken from the cardholder; the case ends when it is given back or the merchant is paid.",
        RefusalReason.AmountNotPositive => "the amount must be more than zero.",
        RefusalReason.AmountOverRefundable => $"more than can still be refunded ({refusal.Detail}); apply for at most what is left.",
        RefusalReason.OutsideRefundWindow => $"past the refund window of the merchant's agreement ({refusal.Detail}); escalate it.",
        RefusalReason.AlreadyRefunded => $"it was refunded in full already ({refusal.Detail}); nothing is left to give back.",
        RefusalReason.WrongCounterparty => $"the money must go back to the card that paid ({refusal.Detail}).",
        RefusalReason.TransactionTimeMismatch => $"the transaction time is not the record's ({refusal.Detail}).",
        RefusalReason.ReasonMissing => "give a reason.",
        RefusalReason.OutcomeDiffers => $"the outcome is not what was approved ({refusal.Detail}).",
        _ => $"{refusal.Reason} ({refusal.Detail})",
    };

    public string NextStep(CaseStage stage, long caseId) => stage switch
    {
        CaseStage.Registered => $"Next: find the transaction (possim case search --case {caseId}) and confirm it (possim case confirm --case {caseId} --rrn RRN).",
        CaseStage.RecordsConfirmed => $"Next: say where the money is (possim case diagnose --case {caseId} --money STATE); `possim trace --rrn` shows it.",
        CaseStage.Diagnosed => $"Next: contact the customer and agree the way back (possim case contact --case {caseId} --path PATH --by-date yyyy-MM-dd), or close it when no money was taken.",
        CaseStage.CustomerContacted => $"Next: fill in the refund application (possim case apply --case {caseId}); it is prefilled from the transaction.",
        CaseStage.RefundAppliedFor => $"Next: submit it for review (possim case submit --case {caseId}), or amend it with `possim case apply` again.",
        CaseStage.UnderReview => $"Next: a reviewer approves or rejects it (possim case review --case {caseId} --approve | --reject --reason TEXT).",
        CaseStage.Processing => "Next: the back office moves the money; the case completes when the ledger shows it.",
        _ => "Nothing more to do on this case.",
    };

    public string CaseTitle(long id, CaseStage stage) => $"Case {id}: {Stage(stage)}";

    public string Complaint(Complaint complaint) =>
        $"Merchant {complaint.MerchantId}{(complaint.TerminalId is null ? "" : $", terminal {complaint.TerminalId}")}, about {complaint.ApproximateTime:yyyy-MM-dd HH:mm}, {TraceMoney.Amount(complaint.AmountMinor)}: \"{complaint.Words}\"";

    public string Transaction(TransactionFacts t, string money) =>
        $"RRN {t.Rrn}, terminal {t.TerminalId}, {t.LocalTime:yyyy-MM-dd HH:mm:ss}, {TraceMoney.Amount(t.AmountMinor)}, card {t.PanMasked}: {money}";

    public string Application(RefundApplication application) =>
        $"Refund application: {TraceMoney.Amount(application.AmountMinor)} of the sale at {application.TransactionTime:yyyy-MM-dd HH:mm:ss} to {application.Counterparty}, {Path(application.Path)}; reason: {application.Reason}";

    public string CandidatesHeading(int count) => count == 1 ? "One purchase fits:" : $"{count} purchases fit:";
}
