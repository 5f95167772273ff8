using System.Globalization;

namespace PosSim.Core.Cases;

/// <summary>The result of one step: the case after it, or the refusal and the case unchanged.</summary>
/// <param name="Command">For an approval: what the host must now do to move the money.</param>
public sealed record CaseDecision(SupportCase Case, CaseRefusal? Refusal, ResolutionCommand? Command = null)
{
    public bool Accepted => Refusal is null;
}

/// <summary>
/// The procedure as a state machine: a complaint opens a case, and each step is accepted only in its turn and only
/// when it agrees with the records (<see cref="ICaseFacts"/>); anything else is refused with the reason. Pure: the
/// same case, action and records give the same decision.
/// </summary>
public static class CaseEngine
{
    private static readonly TimeSpan TimeTolerance = TimeSpan.FromMinutes(1);

    public static SupportCase Open(long id, string actor, DateTime at, Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return new SupportCase
        {
            Id = id,
            Complaint = complaint,
            Audit = [new CaseEvent(at, actor, "open", CaseStage.Registered, CaseStage.Registered,
                Detail($"merchant={complaint.MerchantId} terminal={complaint.TerminalId} time={complaint.ApproximateTime:yyyy-MM-ddTHH:mm} amount={complaint.AmountMinor}"))],
        };
    }

    /// <summary>The stage at which each kind of step is accepted.</summary>
    public static CaseStage StageFor(CaseAction action) => action switch
    {
        ConfirmRecords => CaseStage.Registered,
        Diagnose => CaseStage.RecordsConfirmed,
        ContactCustomer or CloseWithoutRefund => CaseStage.Diagnosed,
        ApplyForRefund => CaseStage.CustomerContacted,
        SubmitForReview => CaseStage.RefundAppliedFor,
        Review => CaseStage.UnderReview,
        RecordResolution => CaseStage.Processing,
        _ => CaseStage.Registered,
    };

    public static CaseDecision Apply(SupportCase current, CaseAction action, ICaseFacts facts, CasePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(policy);
        if (current.IsClosed)
        {
            return Refuse(current, RefusalReason.CaseClosed, current.Stage.ToString());
        }

        if (action is Escalate escalate)
        {
            return string.IsNullOrWhiteSpace(escalate.Reason)
                ? Refuse(current, RefusalReason.ReasonMissing, "escalate")
                : Accept(current with { Stage = CaseStage.Escalated, EscalationReason = escalate.Reason }, action, "escalate", Detail($"reason={escalate.Reason}"));
        }

        var amending = action is ApplyForRefund && current.Stage == CaseStage.RefundAppliedFor;
        if (StageFor(action) != current.Stage && !amending)
        {
            return new CaseDecision(current, new CaseRefusal(RefusalReason.OutOfOrder, NameOf(action), current.Stage));
        }

        return action switch
        {
            ConfirmRecords confirm => Confirm(current, confirm, facts, policy),
            Diagnose diagnose => DiagnoseCase(current, diagnose, facts),
            ContactCustomer contact => Contact(current, contact),
            CloseWithoutRefund close => current.Diagnosis is MoneyState.Declined or MoneyState.Reversed
                ? Accept(current with { Stage = CaseStage.Completed }, close, "close-without-refund", Detail($"note={close.Note}"))
                : Refuse(current, RefusalReason.MoneyWasTaken, current.Diagnosis.ToString()!),
            ApplyForRefund apply => apply.Application.AmountMinor <= 0
                ? Refuse(current, RefusalReason.AmountNotPositive, Detail($"amount={apply.Application.AmountMinor}"))
                : Accept(current with { Stage = CaseStage.RefundAppliedFor, Application = apply.Application }, action, "apply-for-refund", Describe(apply.Application)),
            SubmitForReview => Accept(current with { Stage = CaseStage.UnderReview }, action, "submit-for-review", ""),
            Review review => ReviewCase(current, review, facts, policy),
            RecordResolution resolution => Resolve(current, resolution),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.GetType().Name, "an action the procedure does not know"),
        };
    }

    /// <summary>
    /// Everything wrong with an application against the records as they are now: the checks a reviewer must see pass
    /// before approving. Empty when it may be approved.
    /// </summary>
    public static IReadOnlyList<CaseRefusal> Check(SupportCase current, RefundApplication application, DateTime at, ICaseFacts facts, CasePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new List<CaseRefusal>();
        if (current.Transaction is not { } chosen || facts.Find(chosen.TerminalId, chosen.Rrn) is not { } t)
        {
            problems.Add(new CaseRefusal(RefusalReason.TransactionNotFound, current.Transaction?.Rrn ?? ""));
            return problems;
        }

        if (t.Money is MoneyState.Declined or MoneyState.Reversed || t.Cancelled)
        {
            problems.Add(new CaseRefusal(RefusalReason.NothingWasTaken, t.Money.ToString()));
            return problems;
        }

        if (t.RefundedMinor >= t.AmountMinor)
        {
            problems.Add(new CaseRefusal(RefusalReason.AlreadyRefunded, Detail($"refunded={t.RefundedMinor} amount={t.AmountMinor}")));
            return problems;
        }

        if (application.AmountMinor <= 0)
        {
            problems.Add(new CaseRefusal(RefusalReason.AmountNotPositive, Detail($"amount={application.AmountMinor}")));
        }
        else if (application.AmountMinor > t.RefundableMinor)
        {
            problems.Add(new CaseRefusal(RefusalReason.AmountOverRefundable, Detail($"amount={application.AmountMinor} refundable={t.RefundableMinor}")));
        }

        if (!Fits(application.Path, t.Money))
        {
            problems.Add(new CaseRefusal(RefusalReason.PathDisagreesWithMoney, Detail($"path={application.Path} money={t.Money}")));
        }

        var window = t.RefundWindowDays ?? (int)policy.RefundWindow.TotalDays;
        if (application.Path != ResolutionPath.PayMerchantLate && DateOnly.FromDateTime(at) > t.BusinessDate.AddDays(window))
        {
            problems.Add(new CaseRefusal(RefusalReason.OutsideRefundWindow, Detail($"business_date={t.BusinessDate:yyyy-MM-dd} window_days={window}")));
        }

        var counterparty = application.Path == ResolutionPath.PayMerchantLate ? t.MerchantId : t.PanMasked;
        if (!string.Equals(application.Counterparty, counterparty, StringComparison.Ordinal))
        {
            problems.Add(new CaseRefusal(RefusalReason.WrongCounterparty, Detail($"given={application.Counterparty} expected={counterparty}")));
        }

        if ((application.TransactionTime - t.LocalTime).Duration() > TimeTolerance)
        {
            problems.Add(new CaseRefusal(RefusalReason.TransactionTimeMismatch, Detail($"given={application.TransactionTime:yyyy-MM-ddTHH:mm:ss} record={t.LocalTime:yyyy-MM-ddTHH:mm:ss}")));
        }

        return problems;
    }

    /// <summary>Whether the money can go that way from where it is: a merchant is debited only for money it received.</summary>
    public static bool Fits(ResolutionPath path, MoneyState money) => money switch
    {
        MoneyState.HeldAtIssuer => path is ResolutionPath.ReleaseHold or ResolutionPath.PayMerchantLate,
        MoneyState.ClearedNotSettled or MoneyState.PayoutBounced => path is ResolutionPath.ReturnFromClearing or ResolutionPath.PayMerchantLate,
        MoneyState.SettledPayoutPending => path is ResolutionPath.PayMerchantLate,
        MoneyState.Paid => path is ResolutionPath.RefundFromMerchant,
        _ => false,
    };

    /// <summary>The resolutions that fit where the money is, the usual one first.</summary>
    public static IReadOnlyList<ResolutionPath> PathsFor(MoneyState money) =>
        Enum.GetValues<ResolutionPath>().Where(p => Fits(p, money)).ToArray();

    /// <summary>The advice that fits a diagnosis: what broke decides what the merchant can do about it.</summary>
    public static IReadOnlyList<PreventiveAdvice> AdviceFor(MoneyState money, string? finding) => (money, finding) switch
    {
        (_, "batch-out-of-balance") => [PreventiveAdvice.TerminalChecks, PreventiveAdvice.OperatingProcedure],
        (MoneyState.HeldAtIssuer, _) => [PreventiveAdvice.NetworkStability, PreventiveAdvice.TerminalChecks],
        (MoneyState.ClearedNotSettled, _) => [PreventiveAdvice.KeepInTouch, PreventiveAdvice.OperatingProcedure],
        (MoneyState.PayoutBounced, _) => [PreventiveAdvice.AccountSecurity, PreventiveAdvice.KeepInTouch],
        (MoneyState.SettledPayoutPending, _) => [PreventiveAdvice.KeepInTouch],
        (MoneyState.Paid, _) => [PreventiveAdvice.OperatingProcedure, PreventiveAdvice.AccountSecurity],
        _ => [PreventiveAdvice.TerminalChecks, PreventiveAdvice.NetworkStability],
    };

    private static CaseDecision Confirm(SupportCase current, ConfirmRecords confirm, ICaseFacts facts, CasePolicy policy)
    {
        if (facts.Find(confirm.TerminalId, confirm.Rrn) is not { } t)
        {
            return Refuse(current, RefusalReason.TransactionNotFound, Detail($"terminal={confirm.TerminalId} rrn={confirm.Rrn}"));
        }

        var complaint = current.Complaint;
        if (!string.Equals(t.MerchantId, complaint.MerchantId, StringComparison.Ordinal))
        {
            return Refuse(current, RefusalReason.OtherMerchant, Detail($"transaction={t.MerchantId} complaint={complaint.MerchantId}"));
        }

        if ((t.LocalTime - complaint.ApproximateTime).Duration() > policy.MatchWindow)
        {
            return Refuse(current, RefusalReason.TimeTooFarFromComplaint, Detail($"transaction={t.LocalTime:yyyy-MM-ddTHH:mm} complaint={complaint.ApproximateTime:yyyy-MM-ddTHH:mm}"));
        }

        if (t.AmountMinor != complaint.AmountMinor)
        {
            return Refuse(current, RefusalReason.AmountDiffersFromComplaint, Detail($"transaction={t.AmountMinor} complaint={complaint.AmountMinor}"));
        }

        return Accept(current with { Stage = CaseStage.RecordsConfirmed, Transaction = t }, confirm, "confirm-records", Detail($"terminal={t.TerminalId} rrn={t.Rrn}"));
    }

    private static CaseDecision DiagnoseCase(SupportCase current, Diagnose diagnose, ICaseFacts facts)
    {
        var t = facts.Find(current.Transaction!.TerminalId, current.Transaction.Rrn) ?? current.Transaction;
        if (diagnose.Money != t.Money)
        {
            return Refuse(current, RefusalReason.DiagnosisContradictsRecords, Detail($"said={diagnose.Money} records={t.Money}"));
        }

        return Accept(current with { Stage = CaseStage.Diagnosed, Transaction = t, Diagnosis = t.Money, Advice = [.. AdviceFor(t.Money, t.Finding)] },
            diagnose, "diagnose", Detail($"money={t.Money} finding={t.Finding}"));
    }

    private static CaseDecision Contact(SupportCase current, ContactCustomer contact)
    {
        var money = current.Diagnosis!.Value;
        if (money is MoneyState.Declined or MoneyState.Reversed)
        {
            return Refuse(current, RefusalReason.NothingWasTaken, money.ToString());
        }

        if (!Fits(contact.Path, money))
        {
            return Refuse(current, RefusalReason.PathDisagreesWithMoney, Detail($"path={contact.Path} money={money}"));
        }

        return Accept(current with { Stage = CaseStage.CustomerContacted, AgreedPath = contact.Path, AgreedBy = contact.By },
            contact, "contact-customer", Detail($"path={contact.Path} by={contact.By:yyyy-MM-dd} note={contact.Note}"));
    }

    private static CaseDecision ReviewCase(SupportCase current, Review review, ICaseFacts facts, CasePolicy policy)
    {
        if (!review.Approve)
        {
            return string.IsNullOrWhiteSpace(review.Reason)
                ? Refuse(current, RefusalReason.ReasonMissing, "reject")
                : Accept(current with { Stage = CaseStage.RefundAppliedFor, Rejections = current.Rejections.Add(review.Reason) }, review, "reject", Detail($"reason={review.Reason}"));
        }

        var application = current.Application!;
        if (Check(current, application, review.At, facts, policy) is [var first, ..])
        {
            return new CaseDecision(current, first);
        }

        var t = current.Transaction!;
        var command = new ResolutionCommand(current.Id, application.Path, t.TerminalId, t.Rrn, application.AmountMinor, application.Counterparty);
        var next = current with { Stage = CaseStage.Processing, Command = command };
        return Accept(next, review, "approve", Detail($"reason={review.Reason}")) with { Command = command };
    }

    private static CaseDecision Resolve(SupportCase current, RecordResolution resolution)
    {
        var command = current.Command!;
        var outcome = resolution.Outcome;
        if (outcome.Path != command.Path || outcome.AmountMinor != command.AmountMinor)
        {
            return Refuse(current, RefusalReason.OutcomeDiffers, Detail($"outcome={outcome.Path}/{outcome.AmountMinor} approved={command.Path}/{command.AmountMinor}"));
        }

        var detail = Detail($"path={outcome.Path} amount={outcome.AmountMinor} proof={outcome.Proof} failure={outcome.Failure}");
        return outcome.Done
            ? Accept(current with { Stage = CaseStage.Completed, Outcome = outcome }, resolution, "resolution", detail)
            : Accept(current with { Outcome = outcome }, resolution, "resolution", detail); // nothing moved: still processing, or escalate
    }

    private static CaseDecision Accept(SupportCase next, CaseAction action, string name, string detail) =>
        new(next with { Audit = next.Audit.Add(new CaseEvent(action.At, action.Actor, name, next.Audit.Count > 0 ? next.Audit[^1].To : CaseStage.Registered, next.Stage, detail)) }, null);

    private static CaseDecision Refuse(SupportCase current, RefusalReason reason, string detail) => new(current, new CaseRefusal(reason, detail));

    /// <summary>The name the audit trail gives a step (confirm-records, approve, ...).</summary>
    public static string NameOf(CaseAction action) => action switch
    {
        ConfirmRecords => "confirm-records",
        Diagnose => "diagnose",
        ContactCustomer => "contact-customer",
        ApplyForRefund => "apply-for-refund",
        SubmitForReview => "submit-for-review",
        Review r => r.Approve ? "approve" : "reject",
        RecordResolution => "resolution",
        Escalate => "escalate",
        CloseWithoutRefund => "close-without-refund",
        _ => action.GetType().Name,
    };

    private static string Describe(RefundApplication a) =>
        Detail($"time={a.TransactionTime:yyyy-MM-ddTHH:mm:ss} amount={a.AmountMinor} counterparty={a.Counterparty} path={a.Path} reason={a.Reason}");

    private static string Detail(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
