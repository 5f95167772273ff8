using System.Collections.Immutable;

namespace PosSim.Core.Cases;

/// <summary>One line of a case's audit trail: who did what, when (run time), and the stage it led to.</summary>
/// <param name="Action">The step's name: open, confirm-records, diagnose, contact-customer, close-without-refund, apply-for-refund, submit-for-review, approve, reject, resolution, escalate.</param>
/// <param name="Detail">The values the step carried, language-neutral.</param>
public sealed record CaseEvent(DateTime At, string Actor, string Action, CaseStage From, CaseStage To, string Detail);

/// <summary>
/// A support case: a merchant's complaint worked through the procedure. Immutable: each accepted step gives the next
/// case, so a case is the fold of its actions over the records, and replaying the actions gives it again.
/// </summary>
public sealed record SupportCase
{
    public required long Id { get; init; }

    public required Complaint Complaint { get; init; }

    public CaseStage Stage { get; init; } = CaseStage.Registered;

    /// <summary>The transaction the merchant means, from <see cref="CaseStage.RecordsConfirmed"/> on.</summary>
    public TransactionFacts? Transaction { get; init; }

    /// <summary>Where the money was found, from <see cref="CaseStage.Diagnosed"/> on.</summary>
    public MoneyState? Diagnosis { get; init; }

    /// <summary>What the merchant can do so it does not happen again, fitting the diagnosis.</summary>
    public ImmutableArray<PreventiveAdvice> Advice { get; init; } = [];

    /// <summary>The way back agreed with the customer.</summary>
    public ResolutionPath? AgreedPath { get; init; }

    public DateOnly? AgreedBy { get; init; }

    public RefundApplication? Application { get; init; }

    /// <summary>Reviewers' reasons for sending the application back, oldest first.</summary>
    public ImmutableList<string> Rejections { get; init; } = [];

    /// <summary>What the approval asked the host to do.</summary>
    public ResolutionCommand? Command { get; init; }

    /// <summary>What processing did; for a completed case, the proof.</summary>
    public ResolutionOutcome? Outcome { get; init; }

    public string? EscalationReason { get; init; }

    public ImmutableList<CaseEvent> Audit { get; init; } = [];

    public bool IsClosed => Stage is CaseStage.Completed or CaseStage.Escalated;
}

/// <summary>The advice the procedure gives a merchant against the same trouble next time.</summary>
public enum PreventiveAdvice
{
    /// <summary>Check the terminal regularly: close the batch every day, look at failed transactions.</summary>
    TerminalChecks,

    /// <summary>Keep the terminal's network stable: a lost answer is what leaves money on hold.</summary>
    NetworkStability,

    /// <summary>Keep the settlement account secure and its details right: frozen or wrong accounts send payouts back.</summary>
    AccountSecurity,

    /// <summary>Follow the operating procedure: voids the same day, refunds after, never a second sale for the same goods.</summary>
    OperatingProcedure,

    /// <summary>Keep in touch with the acquirer: reviews and delays are told to merchants who ask.</summary>
    KeepInTouch,
}
