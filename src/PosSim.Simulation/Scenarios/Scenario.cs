using PosSim.Core.Settlement;

namespace PosSim.Simulation.Scenarios;

/// <summary>Where something was written in a scenario file, for error messages (1-based line and column).</summary>
public readonly record struct SourceMark(string File, int Line, int Column)
{
    public static SourceMark None { get; } = new("", 0, 0);

    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// A scenario as read from its YAML file (docs/scenarios.md): the acquirer's world (merchants, terminals,
/// cardholders, calendar), the traffic of its business days, the faults to inject, and what the run must show.
/// Everything here is data; <see cref="Runs.SimulationRun"/> plays it with a seed.
/// </summary>
public sealed record Scenario
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The seed used when the command line gives none.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The first simulated business date (local calendar day of the acquirer).</summary>
    public required DateOnly Start { get; init; }

    /// <summary>How many calendar days traffic runs (weekends and holidays included; merchants trade on them too).</summary>
    public int Days { get; init; } = 1;

    /// <summary>
    /// Calendar days the run goes on after the last trading day with no traffic, so that settlement, re-issued
    /// payouts and late value dates fall inside the run.
    /// </summary>
    public int SettleDays { get; init; } = 5;

    /// <summary>The acquirer's local offset from UTC.</summary>
    public TimeSpan UtcOffset { get; init; } = TimeSpan.FromHours(8);

    /// <summary>The local time of the daily cut-over.</summary>
    public TimeOnly CutOver { get; init; } = new(23, 0);

    /// <summary>Dialect of the terminals' link: a built-in name or a dialect JSON file (relative to the scenario).</summary>
    public string Dialect { get; init; } = "iso87-ascii";

    public string Framing { get; init; } = "binary2";

    /// <summary>ISO 4217 numeric currency of every account and message.</summary>
    public string Currency { get; init; } = "156";

    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];

    public AcquirerSpec Acquirer { get; init; } = new();

    public required IReadOnlyList<MerchantGroup> Merchants { get; init; }

    public CardholderSpec Cardholders { get; init; } = new();

    public TrafficSpec Traffic { get; init; } = new();

    /// <summary>Transactions at exact moments, on top of the generated traffic (a sale at 23:00:00 on day 1).</summary>
    public IReadOnlyList<PlannedTransaction> Planned { get; init; } = [];

    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];

    public Expectations Expect { get; init; } = new();

    /// <summary>Merchants' complaints, worked after the scenario's days by the automatic agent or by people.</summary>
    public SupportSpec Support { get; init; } = new();

    /// <summary>The file it was read from (for messages and for relative paths); empty when built in code.</summary>
    public string SourceFile { get; init; } = "";

    /// <summary>The last calendar day with traffic.</summary>
    public DateOnly LastTradingDay => Start.AddDays(Days - 1);

    /// <summary>The last calendar day the run simulates (its cut-over included).</summary>
    public DateOnly LastDay => LastTradingDay.AddDays(SettleDays);
}

/// <summary>The switch's timers and limits that scenarios tune.</summary>
public sealed record AcquirerSpec
{
    public TimeSpan IssuerTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ReversalAckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ReversalBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReversalMaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    public int ReversalMaxTries { get; init; } = 5;

    /// <summary>How long a terminal waits for an answer before it gives up and reverses.</summary>
    public TimeSpan TerminalTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a terminal sends a reversal that gets no answer before it gives up.</summary>
    public int TerminalReversalTries { get; init; } = 3;

    /// <summary>One-way latency of every simulated link.</summary>
    public TimeSpan LinkLatency { get; init; } = TimeSpan.FromMilliseconds(20);
}

/// <summary>
/// Merchants that share their terms. With <see cref="Count"/> 1 the merchant's id is <see cref="Id"/>; with more,
/// the ids are <see cref="Id"/> followed by a 4-digit ordinal (M0001, M0002, ...).
/// </summary>
public sealed record MerchantGroup
{
    public required string Id { get; init; }

    public int Count { get; init; } = 1;

    /// <summary>Merchant category code (ISO 18245), shown in reports.</summary>
    public string Category { get; init; } = "5411";

    public int TerminalsEach { get; init; } = 1;

    public int MdrCardBps { get; init; } = 60;

    public int MdrQrBps { get; init; } = 38;

    /// <summary>Share of this group's sales paid by QR code instead of card, 0 to 1.</summary>
    public double QrShare { get; init; }

    public int SettleDays { get; init; } = 1;

    /// <summary>Days after a sale's business date within which the merchant's agreement allows a refund of it.</summary>
    public int RefundWindowDays { get; init; } = MerchantAgreement.DefaultRefundWindowDays;

    /// <summary>The bank account payouts go to; default SA- and the merchant id. Only for a single merchant.</summary>
    public string? SettlementAccount { get; init; }

    public InstantSpec? Instant { get; init; }

    /// <summary>Relative share of the day's traffic each merchant of the group gets (1 = average).</summary>
    public double Weight { get; init; } = 1;

    public SourceMark Where { get; init; } = SourceMark.None;
}

/// <summary>Instant (D0) settlement: a daily window and quota; outside them the merchant is paid T+settle_days.</summary>
public sealed record InstantSpec(TimeOnly WindowStart, TimeOnly WindowEnd, long DailyQuotaMinor);

/// <summary>The cards the terminals read.</summary>
public sealed record CardholderSpec
{
    public int Count { get; init; } = 1000;

    /// <summary>The BIN every generated PAN starts with (6 to 8 digits).</summary>
    public string Bin { get; init; } = "476173";

    public long BalanceMinMinor { get; init; } = 1_000_00;

    public long BalanceMaxMinor { get; init; } = 50_000_00;

    /// <summary>Share of cards that are expired (declined 54).</summary>
    public double ExpiredShare { get; init; }

    /// <summary>Share of cards with almost no money (most purchases declined 51).</summary>
    public double LowBalanceShare { get; init; }
}

/// <summary>The generated traffic of every trading day.</summary>
public sealed record TrafficSpec
{
    /// <summary>Purchases attempted per trading day across all terminals (before refunds, voids and reversals).</summary>
    public int PurchasesPerDay { get; init; } = 1000;

    /// <summary>Relative weight of each hour of the day, 24 values (hour 0 first); the default has quiet nights and lunch and evening peaks.</summary>
    public IReadOnlyList<double> HourlyCurve { get; init; } = DefaultCurve;

    /// <summary>Multiplier of the day's traffic on weekends and holidays.</summary>
    public double WeekendFactor { get; init; } = 0.8;

    /// <summary>Median purchase amount in minor units; amounts are log-normal around it.</summary>
    public long AmountMedianMinor { get; init; } = 88_00;

    /// <summary>Spread of the log-normal amount (sigma of its logarithm).</summary>
    public double AmountSpread { get; init; } = 1.0;

    public long AmountMinMinor { get; init; } = 1_00;

    public long AmountMaxMinor { get; init; } = 20_000_00;

    /// <summary>Per approved purchase: chance that a refund of it follows later (same terminal, same or later day).</summary>
    public double RefundRate { get; init; }

    /// <summary>Per approved purchase: chance that the merchant voids it soon after (same batch).</summary>
    public double VoidRate { get; init; }

    /// <summary>Per approved purchase: chance that the terminal reverses it at once (the customer cancels).</summary>
    public double ReversalRate { get; init; }

    /// <summary>Local time terminals sign on (0800) and start trading.</summary>
    public TimeOnly Open { get; init; } = new(7, 0);

    /// <summary>Local time terminals close their batch (0500); no traffic after it.</summary>
    public TimeOnly BatchClose { get; init; } = new(22, 30);

    public static IReadOnlyList<double> DefaultCurve { get; } =
    [
        0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 1.2, 1.0, 1.0, 1.6,
        2.2, 1.8, 1.0, 0.9, 1.0, 1.3, 2.0, 2.4, 1.8, 1.2, 0.6, 0.2,
    ];
}

/// <summary>What the transaction of a <see cref="PlannedTransaction"/> is.</summary>
public enum PlannedKind
{
    Purchase,
    Refund,
    Void,
    Reversal,
}

/// <summary>
/// One transaction at an exact moment: <see cref="Kind"/> from <see cref="TerminalId"/> on trading day
/// <see cref="Day"/> (1-based) at <see cref="Time"/>. Refunds, voids and reversals name the planned purchase they
/// refer to by its <see cref="Ref"/>.
/// </summary>
public sealed record PlannedTransaction
{
    public PlannedKind Kind { get; init; } = PlannedKind.Purchase;

    public required string TerminalId { get; init; }

    public int Day { get; init; } = 1;

    public required TimeOnly Time { get; init; }

    public long AmountMinor { get; init; } = 100_00;

    /// <summary>A name for this transaction that later planned transactions and faults refer to.</summary>
    public string? Name { get; init; }

    /// <summary>For refunds, voids and reversals: the <see cref="Name"/> of the purchase.</summary>
    public string? Ref { get; init; }

    /// <summary>card or qr.</summary>
    public string Channel { get; init; } = "card";

    public SourceMark Where { get; init; } = SourceMark.None;
}

/// <summary>Every kind of fault a scenario can inject, by the level it breaks (docs/scenarios.md, "Faults").</summary>
public enum FaultType
{
    // The terminal link (terminal <-> switch), on the bytes.
    RequestLost,
    ResponseLost,
    ReversalLost,
    LinkDelay,
    Duplicate,
    Corrupt,
    Partition,
    Disconnect,

    // The switch.
    SwitchRestart,

    // The issuer link and the issuer.
    IssuerDown,
    IssuerSlow,
    IssuerResponseLost,
    PoisonedReversal,

    // Terminals.
    BatchNotClosed,
    BatchOutOfBalance,
    LateReversal,

    // Clearing and settlement.
    ClearingDropped,
    ClearingDuplicated,
    ClearingAltered,
    SettlementDelayed,
    RiskHold,
    PayoutBounce,
    BankMaintenance,
    CutOverSkew,

    // Recorded in the ground truth but not injectable: the scenario's own terms broke a promise (an instant
    // merchant's sale outside the window or over the quota is paid T+N, which the matcher reports as late).
    InstantFallback,

    // Recorded, not injectable: a sale after the terminal's batch close and before the cut-over belongs to one
    // business date but to the batch closed on the next, so that batch cannot balance against either date.
    BatchSpansCutOver,
}

/// <summary>
/// One fault. It is aimed when it names a transaction (<see cref="TerminalId"/> and <see cref="Nth"/>, the n-th
/// purchase that terminal sends in the run, or <see cref="Ref"/>, a planned transaction), probabilistic when it
/// gives a <see cref="Rate"/> (each eligible message or transaction in the window is hit with that chance), and
/// windowed when it gives <see cref="From"/>/<see cref="To"/> (on trading day <see cref="Day"/>, or every day).
/// Which fields each type takes is in docs/scenarios.md.
/// </summary>
public sealed record FaultSpec
{
    public required FaultType Type { get; init; }

    public string? TerminalId { get; init; }

    public string? MerchantId { get; init; }

    public int? Nth { get; init; }

    public string? Ref { get; init; }

    public double? Rate { get; init; }

    /// <summary>Trading day (1-based) the window or date applies to; null: every day.</summary>
    public int? Day { get; init; }

    /// <summary>Start of the window; for a disconnect or a switch restart, its moment (the <c>at</c> key).</summary>
    public TimeOnly? From { get; init; }

    public TimeOnly? To { get; init; }

    /// <summary>For delays: how long; for LinkDelay the base delay; for a disconnect or switch restart how long it lasts; for CutOverSkew how far ahead the back office's clock runs.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>For LinkDelay: a uniform extra delay between 0 and this.</summary>
    public TimeSpan? Jitter { get; init; }

    /// <summary>For Corrupt: the field whose first byte is damaged.</summary>
    public int? Field { get; init; }

    /// <summary>For ClearingAltered and BatchOutOfBalance: the amount added, in minor units.</summary>
    public long? ByMinor { get; init; }

    /// <summary>For SettlementDelayed: business days; for LateReversal: calendar days after the purchase.</summary>
    public int? Days { get; init; }

    /// <summary>For RiskHold and PayoutBounce: the trading day (1-based, may pass the last trading day) it ends; null: never.</summary>
    public int? UntilDay { get; init; }

    /// <summary>For PayoutBounce: frozen or wrong-account.</summary>
    public string? Reason { get; init; }

    public SourceMark Where { get; init; } = SourceMark.None;
}

/// <summary>What the run must show; each that is set is checked and named when it fails.</summary>
public sealed record Expectations
{
    /// <summary>Exact count of each exception kind named (kinds not named are not checked).</summary>
    public IReadOnlyDictionary<string, int> Exceptions { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Every ledger posting balances and the books add up at the end.</summary>
    public bool? MoneyConserved { get; init; }

    /// <summary>The matcher's findings are exactly the exceptions the injected faults should raise.</summary>
    public bool? FindingsMatchFaults { get; init; }

    /// <summary>Bounds on run counters by name (docs/scenarios.md lists them), e.g. reversals_parked: 1.</summary>
    public IReadOnlyDictionary<string, CountBound> Counters { get; init; } = new Dictionary<string, CountBound>(StringComparer.Ordinal);

    public SourceMark Where { get; init; } = SourceMark.None;
}

/// <summary>An exact count, or a range (either end open).</summary>
public readonly record struct CountBound(long? Min, long? Max)
{
    public static CountBound Exactly(long n) => new(n, n);

    public bool Holds(long value) => (Min is not { } min || value >= min) && (Max is not { } max || value <= max);

    public override string ToString() => Min == Max && Min is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{(Min is { } lo ? lo.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}..{(Max is { } hi ? hi.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}";
}

/// <summary>The scenario's support section: complaints, and whether the automatic agent works them during the run.</summary>
public sealed record SupportSpec
{
    /// <summary>True: <c>possim run</c> takes each complaint through the procedure to its outcome; false: left for people.</summary>
    public bool Agent { get; init; } = true;

    public IReadOnlyList<ComplaintSpec> Complaints { get; init; } = [];
}

/// <summary>A merchant's complaint about a planned purchase, in the merchant's words, not the answer.</summary>
public sealed record ComplaintSpec
{
    /// <summary>The planned purchase it is about (the answer, which the complaint itself does not give).</summary>
    public required string Ref { get; init; }

    public required string MerchantId { get; init; }

    /// <summary>The terminal, when the merchant knows it.</summary>
    public string? TerminalId { get; init; }

    /// <summary>About when the merchant says the sale was.</summary>
    public required DateTime Around { get; init; }

    public required long AmountMinor { get; init; }

    public required string Words { get; init; }

    /// <summary>The customer agreed the merchant is paid late rather than the money going back to the card.</summary>
    public bool PayLate { get; init; }

    public SourceMark Where { get; init; } = SourceMark.None;
}
