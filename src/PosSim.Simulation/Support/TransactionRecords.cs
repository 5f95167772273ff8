namespace PosSim.Simulation.Support;

/// <summary>One row of run.sqlite's tranlog: what a terminal asked for and what the switch told it.</summary>
public sealed record TranlogRow(
    long TxnId, string Kind, string Rrn, int Stan, string TerminalId, string MerchantId, string Channel, string PanMasked,
    long AmountMinor, string Currency, string BusinessDate, string LocalTime, int BatchNo, string? OriginalRrn, string Status,
    string ResponseCode, string AuthCode, string? LateResponseCode, string? CancelledBy)
{
    public bool Approved => ResponseCode == "00";
}

/// <summary>The issuer's own record of an approval (authorizations): held, released or posted.</summary>
public sealed record AuthorizationRow(string Kind, long AmountMinor, string AuthCode, string Status);

/// <summary>A presentment sent for clearing.</summary>
public sealed record ClearingRow(string ClearingId, string Kind, long AmountMinor, string BusinessDate, string ClearingDate);

/// <summary>A cleared transaction paid in a payout.</summary>
public sealed record SettlementRow(
    string PayoutId, string ClearingId, long GrossMinor, long FeeMinor, long NetMinor, string ValueDate, string? DueDate, string LateCauses);

/// <summary>A payout instruction to the merchant's bank.</summary>
public sealed record PayoutRow(string PayoutId, string Status, string FirstValueDate, string ValueDate, long NetMinor, string? StatementId);

/// <summary>One try at paying a payout.</summary>
public sealed record PayoutAttemptRow(string PayoutId, int Attempt, string Date, bool Accepted, string Outcome);

/// <summary>A line of the merchant's bank statement: money that really arrived.</summary>
public sealed record StatementRow(string StatementId, string PayoutId, long AmountMinor, string ValueDate);

/// <summary>A matcher finding (exceptions.csv) that names the transaction, its payout, or its terminal's batch of the day.</summary>
public sealed record ExceptionRow(
    string Kind, string TerminalId, string Rrn, string PayoutId, string BusinessDate, long? ExpectedMinor, long? ActualMinor, string Detail);

/// <summary>An injected fault (ground-truth.csv) that hit the transaction or its payout.</summary>
public sealed record FaultRow(string LocalTime, string Fault, string PayoutId, string ExpectedKind, string Detail);

/// <summary>
/// Everything run.sqlite knows about one transaction, as read by <see cref="TransactionStoryReader"/>: plain rows,
/// no judgement (that is <see cref="TransactionStory"/>'s job).
/// </summary>
public sealed record TransactionRecords(
    TranlogRow Transaction,
    IReadOnlyList<TranlogRow> FollowUps,
    IReadOnlyList<AuthorizationRow> Authorizations,
    IReadOnlyList<ClearingRow> Clearing,
    IReadOnlyList<SettlementRow> Settlements,
    IReadOnlyList<PayoutRow> Payouts,
    IReadOnlyList<PayoutAttemptRow> PayoutAttempts,
    IReadOnlyList<StatementRow> Statement,
    IReadOnlyList<ExceptionRow> Exceptions,
    IReadOnlyList<FaultRow> Faults)
{
    /// <summary>What support cases did about it after the run (the resolutions table), oldest first.</summary>
    public IReadOnlyList<ResolutionRow> Resolutions { get; init; } = [];
}

/// <summary>A support case's way back carried out for the transaction (run.sqlite's resolutions).</summary>
public sealed record ResolutionRow(
    long CaseId, string WayBack, long AmountMinor, string ExecutedAt, string? MessageRrn, string? ClearingId, string? PayoutId, string Proof, string? Failure)
{
    public bool Done => Failure is null;
}
