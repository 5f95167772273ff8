namespace PosSim.Core.Cases;

/// <summary>Something a person (or the automatic agent) does to a case, at a moment of the run's time.</summary>
/// <param name="Actor">Who: a support agent's or reviewer's name, or "agent" for the automatic one.</param>
/// <param name="At">When, acquirer local time.</param>
public abstract record CaseAction(string Actor, DateTime At);

/// <summary>Step 1: the records were searched and this is the transaction the merchant means.</summary>
public sealed record ConfirmRecords(string Actor, DateTime At, string TerminalId, string Rrn) : CaseAction(Actor, At);

/// <summary>Step 2: where the money is, as the agent found it (the engine checks it against the records).</summary>
public sealed record Diagnose(string Actor, DateTime At, MoneyState Money) : CaseAction(Actor, At);

/// <summary>Step 3: the customer was contacted and agreed how (<paramref name="Path"/>) and by when the money comes back.</summary>
public sealed record ContactCustomer(string Actor, DateTime At, ResolutionPath Path, DateOnly By, string Note) : CaseAction(Actor, At);

/// <summary>Step 4: the refund application, as filled in (again, to amend it before it is submitted or after a rejection).</summary>
public sealed record ApplyForRefund(string Actor, DateTime At, RefundApplication Application) : CaseAction(Actor, At);

/// <summary>The application goes to review.</summary>
public sealed record SubmitForReview(string Actor, DateTime At) : CaseAction(Actor, At);

/// <summary>A reviewer approves, or rejects with a reason.</summary>
public sealed record Review(string Actor, DateTime At, bool Approve, string Reason) : CaseAction(Actor, At);

/// <summary>What processing did, as the host reports it: the ledger transfer that moved the money, or why nothing moved.</summary>
public sealed record RecordResolution(string Actor, DateTime At, ResolutionOutcome Outcome) : CaseAction(Actor, At);

/// <summary>
/// The records show no money was taken (declined, reversed or voided): the customer is told so and the case ends
/// without a refund.
/// </summary>
public sealed record CloseWithoutRefund(string Actor, DateTime At, string Note) : CaseAction(Actor, At);

/// <summary>The case is handed on with its evidence.</summary>
public sealed record Escalate(string Actor, DateTime At, string Reason) : CaseAction(Actor, At);

/// <summary>The refund application: what support tells the acquirer's back office.</summary>
/// <param name="TransactionTime">When the transaction was, as the application states it.</param>
/// <param name="Counterparty">Where the money goes: the card, masked as the records show it.</param>
public sealed record RefundApplication(DateTime TransactionTime, long AmountMinor, string Counterparty, string Reason, ResolutionPath Path);

/// <summary>What the host did for an approved resolution.</summary>
/// <param name="Proof">The ledger transfer (or payout) that moved the money; empty when nothing moved.</param>
/// <param name="Failure">Why nothing moved, when it did not.</param>
public sealed record ResolutionOutcome(ResolutionPath Path, long AmountMinor, string Proof, string? Failure = null)
{
    public bool Done => Failure is null && Proof.Length > 0;
}

/// <summary>What an approved case asks the host to do: move <see cref="AmountMinor"/> of the transaction by <see cref="Path"/>.</summary>
public sealed record ResolutionCommand(long CaseId, ResolutionPath Path, string TerminalId, string Rrn, long AmountMinor, string Counterparty);
