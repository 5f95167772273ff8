using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases.Evidence;

/// <summary>
/// Everything the records hold about one case, gathered for its evidence pack: the case and its own log lines, the
/// transaction's rows, its messages, its postings and the money's way to the merchant. Plain rows, no words: the
/// page (<see cref="EvidencePage"/>) says them in a language.
/// </summary>
/// <param name="Steps">The case's lines of cases.ndjson, in the order taken: who did what, with every value given.</param>
/// <param name="GeneratedAt">The run's time the pack speaks for: the escalation, or the case's latest step.</param>
/// <param name="Records">The confirmed transaction's rows; null until the records were confirmed.</param>
/// <param name="Wire">The messages on the terminal's link from events.ndjson; null when the run folder has no events.ndjson.</param>
public sealed record EvidencePack(
    SupportCase Case,
    IReadOnlyList<CaseLog.Entry> Steps,
    RunFacts Run,
    DateTime GeneratedAt,
    TransactionRecords? Records,
    MerchantAgreement? Merchant,
    IReadOnlyList<MessageExchange> Exchanges,
    IReadOnlyList<WireMessage>? Wire,
    IReadOnlyList<HoldEvidence> Holds,
    IReadOnlyList<PostingEvidence> Postings,
    IReadOnlyList<AccountEvidence> Accounts,
    IReadOnlyList<ClearingEvidence> Clearing,
    IReadOnlyList<SettlementEvidence> Settlements,
    IReadOnlyList<PayoutEvidence> Payouts,
    IReadOnlyList<PayoutAttemptRow> PayoutAttempts,
    IReadOnlyList<StatementRow> Statement,
    IReadOnlyList<ExceptionRow> Findings,
    IReadOnlyList<FaultEvidence> Faults,
    IReadOnlyList<IncidentEvidence> Incidents)
{
    public bool Escalated => Case.Stage == CaseStage.Escalated;

    /// <summary>The RRNs of the transaction and its follow-ups: identifiers of the records, never card numbers.</summary>
    public IReadOnlySet<string> Rrns { get; } = Records is null
        ? new HashSet<string>(StringComparer.Ordinal)
        : new HashSet<string>(Records.FollowUps.Select(f => f.Rrn).Prepend(Records.Transaction.Rrn), StringComparer.Ordinal);
}

/// <summary>The run the case was worked on, from run.sqlite's run table.</summary>
public sealed record RunFacts(string Scenario, string Description, string Seed, string SimulatedFrom, string SimulatedTo, string AsOf, string Currency);

/// <summary>The merchant's agreement as the run held it: where it is paid, at what fee, how soon.</summary>
public sealed record MerchantAgreement(string MerchantId, string SettlementAccount, long MdrCardBps, long MdrQrBps, long SettleDays, long FallbackSettleDays);

/// <summary>One request of the switch log and the answer the terminal was given, with field 7 of the request.</summary>
public sealed record MessageExchange(TranlogRow Row, string TransmissionDateTime);

/// <summary>A message on the terminal's link as it left (events.ndjson): fields as `possim iso decode` prints them, PAN masked.</summary>
/// <param name="Time">Virtual time, local, to the millisecond.</param>
/// <param name="Lost">A fault swallowed it on the way.</param>
public sealed record WireMessage(string Time, string From, string To, bool Lost, string Mti, IReadOnlyList<WireField> Fields);

public sealed record WireField(int Number, string Value);

/// <summary>The issuer's approval and the ledger hold behind it (authorizations).</summary>
public sealed record HoldEvidence(string HoldId, string Kind, string TerminalId, long Stan, string TransmissionDateTime, string Rrn, long AmountMinor, string AuthCode, string Status);

/// <summary>A ledger transfer touching the transaction or its payout (ledger_transfers), in apply order.</summary>
public sealed record PostingEvidence(
    long Seq, string Id, string Kind, string DebitAccount, string CreditAccount, long AmountMinor, string Currency, string? PendingId,
    string Status, string Flags, long TimeoutSeconds, string AppliedAt, string? Rrn, string? PayoutId);

/// <summary>A ledger account some posting names.</summary>
public sealed record AccountEvidence(string AccountId, string Name, string Kind, string Ledger, string Flags);

public sealed record ClearingEvidence(
    string ClearingId, string Kind, string Rrn, string AuthCode, long AmountMinor, string Currency, string BusinessDate, string ClearingDate, string Channel);

public sealed record SettlementEvidence(
    string PayoutId, string ClearingId, string Rrn, long GrossMinor, long FeeMinor, long NetMinor, string ValueDate, string? DueDate, string LateCauses);

public sealed record PayoutEvidence(
    string PayoutId, string Status, string FirstValueDate, string ValueDate, long GrossMinor, long FeeMinor, long NetMinor, long Attempts, long Rows, string? StatementId);

/// <summary>An injected fault (ground truth) that hit the transaction, a follow-up or its payout.</summary>
public sealed record FaultEvidence(long Sequence, string LocalTime, string Fault, string Rrn, string Stan, string PayoutId, string ExpectedKind, string Detail);

/// <summary>Something that happened to the money outside the normal course (incidents).</summary>
public sealed record IncidentEvidence(long Seq, string Kind, string Date, string Rrn, string PayoutId, string Detail);
