using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Core.Switch;
using PosSim.Interchange;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Runs;

/// <summary>One merchant of a generated scenario (a group of count 1, id M1, M2, ...).</summary>
public sealed record MerchantCase(int Terminals, int SettleDays, double QrShare, string? InstantWindow, long InstantQuotaMinor);

/// <summary>
/// A small generated scenario and the seed it is played with. The scenario is kept as the YAML a person would
/// write, so a failing case can be saved to a file and replayed with <c>possim run case.yaml --seed N</c>.
/// </summary>
public sealed record SimCase(
    int Seed,
    DateOnly Start,
    int Days,
    int SettleDays,
    int PurchasesPerDay,
    int Cards,
    double ExpiredShare,
    double LowBalanceShare,
    double RefundRate,
    double VoidRate,
    double ReversalRate,
    string BatchClose,
    ImmutableArray<MerchantCase> Merchants,
    ImmutableArray<DateOnly> Holidays,
    ImmutableArray<string> Faults)
{
    public string Yaml
    {
        get
        {
            var y = new StringBuilder();
            y.AppendLine("name: property-case");
            y.AppendLine(Inv($"seed: {Seed}"));
            y.AppendLine(Inv($"start: {Start:yyyy-MM-dd}"));
            y.AppendLine(Inv($"days: {Days}"));
            y.AppendLine(Inv($"settle_days: {SettleDays}"));
            if (Holidays.Length > 0)
            {
                y.AppendLine("holidays: [" + string.Join(", ", Holidays.Select(h => h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))) + "]");
            }

            y.AppendLine("merchants:");
            for (var i = 0; i < Merchants.Length; i++)
            {
                var m = Merchants[i];
                y.Append(Inv($"  - {{ id: M{i + 1}, terminals: {m.Terminals}, settle_days: {m.SettleDays}, qr_share: {N(m.QrShare)}"));
                if (m.InstantWindow is { } window)
                {
                    y.Append(Inv($", instant: {{ window: \"{window}\", daily_quota_minor: {m.InstantQuotaMinor} }}"));
                }

                y.AppendLine(" }");
            }

            y.AppendLine(Inv($"cardholders: {{ count: {Cards}, expired_share: {N(ExpiredShare)}, low_balance_share: {N(LowBalanceShare)} }}"));
            y.AppendLine(Inv($"traffic: {{ purchases_per_day: {PurchasesPerDay}, refund_rate: {N(RefundRate)}, void_rate: {N(VoidRate)}, reversal_rate: {N(ReversalRate)}, batch_close: \"{BatchClose}\" }}"));
            if (Faults.Length > 0)
            {
                y.AppendLine("faults:");
                foreach (var fault in Faults)
                {
                    y.AppendLine("  - " + fault);
                }
            }

            return y.ToString();
        }
    }

    public Scenario Scenario => ScenarioLoader.Parse(Yaml, "property-case.yaml");

    /// <summary>The case on one line: what a failing property prints first.</summary>
    public override string ToString() =>
        Inv($"seed {Seed}, {Start:yyyy-MM-dd} ({Start.DayOfWeek}) x{Days}+{SettleDays}, {PurchasesPerDay}/day, ") +
        "merchants [" + string.Join(" ", Merchants.Select(m => Inv($"{m.Terminals}t/T+{m.SettleDays}{(m.InstantWindow is null ? "" : $"/D0 {m.InstantWindow} {m.InstantQuotaMinor}")}"))) + "], " +
        Inv($"refund {N(RefundRate)} void {N(VoidRate)} reversal {N(ReversalRate)}, close {BatchClose}, ") +
        "holidays [" + string.Join(" ", Holidays.Select(h => h.ToString("MM-dd", CultureInfo.InvariantCulture))) + "], " +
        "faults [" + string.Join("; ", Faults.Select(f => f.Trim('{', '}', ' '))) + "]";

    /// <summary>The case in full, for a failure message: the line, then the file to replay it.</summary>
    public string Describe() => Inv($"{this}\n--- property-case.yaml (possim run property-case.yaml --seed {Seed}) ---\n{Yaml}");

    /// <summary>Plays the case and matches its files in <paramref name="reconFolder"/>; a run that throws names the case.</summary>
    public RunResult Run(string reconFolder)
    {
        try
        {
            return RunFinisher.Finish(new SimulationRun(Scenario, Seed).Simulate(), reconFolder);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"the run failed: {e.Message}\n{Describe()}", e);
        }
    }

    internal static string N(double share) => share.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Generates small scenarios (1-6 merchants of 1-3 terminals, 20-300 purchases a day, 1-4 days) with random
/// follow-ups, calendars and fault mixes, and shrinks a failing one towards fewer faults and less traffic.
/// </summary>
public static class SimulationCases
{
    private static readonly double[] Rates = [0.01, 0.03, 0.05, 0.1, 0.2, 0.4];
    private static readonly double[] FollowUpRates = [0, 0, 0.02, 0.1, 0.25];

    public static Arbitrary<SimCase> Cases() => Arb.From(Case, Shrink);

    private static Gen<SimCase> Case { get; } =
        from seed in Gen.Choose(1, 1_000_000)
        from startOffset in Gen.Choose(0, 13)
        from days in Gen.Choose(1, 4)
        from settleDays in Gen.Choose(2, 5)
        from merchants in Gen.Choose(1, 6).SelectMany(n => Merchant.ArrayOf(n))
        from purchases in Gen.Choose(20, 300)
        from cards in Gen.Choose(50, 400)
        from expired in Gen.Elements(0.0, 0.0, 0.02, 0.05)
        from low in Gen.Elements(0.0, 0.0, 0.05, 0.1)
        from refund in Gen.Elements(FollowUpRates)
        from voids in Gen.Elements(FollowUpRates)
        from reversal in Gen.Elements(FollowUpRates)
        from batchClose in Gen.Frequency((6, Gen.Constant("22:30")), (1, Gen.Constant("21:00")))
        let start = new DateOnly(2026, 3, 2).AddDays(startOffset)
        from holidays in Gen.Choose(0, days + settleDays - 1).ListOf().Select(l => l.Take(2).Distinct().Order().Select(d => start.AddDays(d)).ToImmutableArray())
        from faults in Gen.Choose(0, 6).SelectMany(n => Fault(merchants.Sum(m => m.Terminals), merchants.Length, days, settleDays).ListOf(n))
        select new SimCase(seed, start, days, settleDays, purchases, cards, expired, low, refund, voids, reversal, batchClose,
            [.. merchants], holidays, [.. faults]);

    private static Gen<MerchantCase> Merchant { get; } =
        from terminals in Gen.Choose(1, 3)
        from settleDays in Gen.Elements(0, 1, 1, 2)
        from qr in Gen.Elements(0.0, 0.0, 0.3)
        from instant in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Gen.Elements<string?>("08:00-20:00", "10:00-14:00", "00:00-23:59")))
        from quota in Gen.Elements(0L, 20_000L, 200_000L, 100_000_000L)
        select new MerchantCase(terminals, settleDays, qr, instant, quota);

    /// <summary>One fault of any injectable type, aimed at the scenario's own terminals, merchants and days.</summary>
    private static Gen<string> Fault(int terminals, int merchants, int days, int settleDays)
    {
        var terminal = Gen.Choose(1, terminals).Select(t => "T" + t.ToString("D7", CultureInfo.InvariantCulture));
        var merchant = Gen.Choose(1, merchants).Select(m => "M" + m.ToString(CultureInfo.InvariantCulture));
        var day = Gen.Choose(1, days);
        var optionalDay = Gen.Frequency((1, Gen.Constant("")), (2, day.Select(d => $", day: {d}")));
        var window =
            from fromMinute in Gen.Choose(7 * 60, 21 * 60)
            from length in Gen.Elements(5, 20, 60, 120)
            select $", from: \"{Clock(fromMinute)}\", to: \"{Clock(Math.Min(fromMinute + length, 23 * 60 + 59))}\"";
        var aimed = from t in terminal from nth in Gen.Choose(1, 12) select $", terminal: {t}, nth: {nth}";
        var rated =
            from rate in Gen.Elements(Rates)
            from d in optionalDay
            from w in Gen.Frequency((3, Gen.Constant("")), (1, window))
            select $", rate: {SimCase.N(rate)}{d}{w}";
        var aim = Gen.Frequency((1, aimed), (3, rated));

        Gen<string> Of(string type, Gen<string> keys) => keys.Select(k => $"{{ type: {type}{k} }}");

        return Gen.OneOf(
            Of("request-lost", aim),
            Of("response-lost", aim),
            Of("reversal-lost", aim),
            Of("duplicate", aim),
            Of("corrupt", from a in aim from f in Gen.Elements(4, 41, 11) select $"{a}, field: {f}"),
            // Aimed, by rate or over a window; a delay past terminal_timeout lets the reversal overtake its request.
            Of("link-delay",
                from a in Gen.OneOf(aim, window)
                from delay in Gen.Elements("200ms", "2s", "10s", "35s")
                from jitter in Gen.Elements("", ", jitter: 500ms", ", jitter: 5s", ", jitter: 40s")
                select $"{a}, delay: {delay}{jitter}"),
            Of("partition",
                from w in window
                from d in optionalDay
                from scope in Gen.OneOf(Gen.Constant(""), terminal.Select(t => $", terminal: {t}"), merchant.Select(m => $", merchant: {m}"))
                select w + d + scope),
            Of("issuer-down", from w in window from d in optionalDay select w + d),
            // Delays inside and past issuer_timeout (5s): past it the switch answers 91 and reverses on its own.
            Of("issuer-slow", from w in window from d in optionalDay from delay in Gen.Elements("1s", "4s", "6s", "30s") select $"{w}{d}, delay: {delay}"),
            Of("issuer-response-lost", aim),
            Of("poisoned-reversal", aim),
            Of("clearing-dropped", aim),
            Of("clearing-duplicated", aim),
            // by_minor is positive (the loader refuses others: a presentment or batch total cannot go below zero).
            Of("clearing-altered", from a in aim from amount in Gen.Elements("", ", by_minor: 1000") select a + amount),
            Of("settlement-delayed", from a in aim from d in Gen.Elements("", ", days: 1", ", days: 3") select a + d),
            Of("risk-hold",
                from m in merchant
                from d in day
                from until in Gen.Frequency((1, Gen.Constant("")), (2, Gen.Choose(d + 1, days + settleDays).Select(u => $", until_day: {u}")))
                select $", merchant: {m}, day: {d}{until}"),
            Of("payout-bounce",
                from m in merchant
                from d in day
                from until in Gen.Frequency((1, Gen.Constant("")), (2, Gen.Choose(d + 1, days + settleDays).Select(u => $", until_day: {u}")))
                from reason in Gen.Elements("", ", reason: frozen", ", reason: wrong-account")
                select $", merchant: {m}, day: {d}{until}{reason}"),
            Of("bank-maintenance",
                from d in day
                from w in Gen.Frequency(
                    (3, from f in Gen.Choose(22 * 60, 22 * 60 + 55) from t in Gen.Choose(23 * 60 + 5, 23 * 60 + 59) select $", from: \"{Clock(f)}\", to: \"{Clock(t)}\""),
                    (1, window))
                select $", day: {d}{w}"),
            Of("batch-not-closed", from t in terminal from d in optionalDay select $", terminal: {t}{d}"),
            Of("batch-out-of-balance",
                from t in terminal
                from d in optionalDay
                from amount in Gen.Elements("", ", by_minor: 250")
                select $", terminal: {t}{d}{amount}"),
            Of("late-reversal", from a in aimed from d in Gen.Elements("", ", days: 2") select a + d));
    }

    /// <summary>Smaller cases first without faults one by one, then with less traffic, fewer days, no follow-ups; only those that still load.</summary>
    private static IEnumerable<SimCase> Shrink(SimCase c)
    {
        var candidates = new List<SimCase>();
        for (var i = 0; i < c.Faults.Length; i++)
        {
            candidates.Add(c with { Faults = c.Faults.RemoveAt(i) });
        }

        if (c.PurchasesPerDay > 20)
        {
            candidates.Add(c with { PurchasesPerDay = Math.Max(20, c.PurchasesPerDay / 2) });
        }

        if (c.Days > 1)
        {
            candidates.Add(c with { Days = c.Days - 1 });
        }

        if (c.Merchants.Length > 1)
        {
            candidates.Add(c with { Merchants = c.Merchants.RemoveAt(c.Merchants.Length - 1) });
        }

        if (c.Holidays.Length > 0)
        {
            candidates.Add(c with { Holidays = [] });
        }

        if (c.RefundRate + c.VoidRate + c.ReversalRate > 0)
        {
            candidates.Add(c with { RefundRate = 0, VoidRate = 0, ReversalRate = 0 });
        }

        if (c.ExpiredShare + c.LowBalanceShare > 0)
        {
            candidates.Add(c with { ExpiredShare = 0, LowBalanceShare = 0 });
        }

        return candidates.Where(Loads);
    }

    /// <summary>A shrunk case may name a terminal, merchant or day it no longer has; such a case is no case.</summary>
    private static bool Loads(SimCase c)
    {
        try
        {
            _ = c.Scenario;
            return true;
        }
        catch (ScenarioException)
        {
            return false;
        }
    }

    private static string Clock(int minute) => $"{minute / 60:D2}:{minute % 60:D2}";
}

/// <summary>
/// Properties of whole simulated runs over random seeds and random fault mixes: the matcher agrees with the oracle,
/// money is conserved, every approval ends somewhere a person can see, and a seed reproduces its run.
/// </summary>
public sealed class SimulationProperties
{
    [Property(MaxTest = 300, Arbitrary = [typeof(SimulationCases)])]
    public void The_matcher_finds_exactly_what_the_oracle_expects_and_every_finding_has_a_fault(SimCase c)
    {
        using var folder = new TempFolder("possim-props-");
        var result = c.Run(folder.Path);
        Assert.True(result.Missed.Count == 0 && result.Unexplained.Count == 0,
            $"{result.Missed.Count} missed: {string.Join(", ", result.Missed.Take(10))}\n" +
            $"{result.Unexplained.Count} unexplained: {string.Join(", ", result.Unexplained.Take(10))}\n{c.Describe()}");
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(SimulationCases)])]
    public void Money_is_conserved_at_every_cut_over_and_at_the_end(SimCase c)
    {
        using var folder = new TempFolder("possim-props-");
        var result = c.Run(folder.Path);
        Assert.True(result.LedgerProblems.Count == 0, string.Join("\n", result.LedgerProblems.Take(10)) + "\n" + c.Describe());
        var totals = result.Office.Ledger.GetTotals();
        Assert.True(totals.IsBalanced, $"the ledger's totals do not balance: {totals}\n{c.Describe()}");
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(SimulationCases)])]
    public void Every_approved_purchase_and_refund_ends_cancelled_cleared_or_named_by_an_exception(SimCase c)
    {
        using var folder = new TempFolder("possim-props-");
        var result = c.Run(folder.Path);
        var cleared = result.Office.Clearing.Records.Select(r => (r.TerminalId, r.Rrn)).ToHashSet();
        var named = result.Match.Exceptions.Where(e => e.Kind == ExceptionKind.ApprovedNotCleared).Select(e => (e.TerminalId, e.Rrn)).ToHashSet();
        var lost = result.Office.Switch.Tranlog
            .Where(e => e.IsApproved && e.Kind is TransactionKind.Purchase or TransactionKind.Refund)
            .Where(e => e.CancelledBy is null && !cleared.Contains((e.TerminalId, e.Rrn)) && !named.Contains((e.TerminalId, e.Rrn)))
            .Select(e => $"{e.Kind} {e.TerminalId} RRN {e.Rrn} STAN {e.Stan} {e.AmountMinor} on {e.BusinessDate:yyyy-MM-dd} at {e.LocalTime:HH:mm:ss}")
            .ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} approvals neither cancelled, cleared nor named: {string.Join("; ", lost.Take(10))}\n{c.Describe()}");
    }

    [Property(MaxTest = 100, Arbitrary = [typeof(SimulationCases)])]
    public void The_same_scenario_and_seed_give_byte_identical_files_and_the_same_faults(SimCase c)
    {
        using var folder = new TempFolder("possim-props-");
        var first = c.Run(folder.Sub("a"));
        var second = c.Run(folder.Sub("b"));

        var names = Files(folder.Sub("a"));
        Assert.Equal(names, Files(folder.Sub("b")));
        foreach (var name in names)
        {
            var same = File.ReadAllBytes(Path.Combine(folder.Sub("a"), name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder.Sub("b"), name)));
            Assert.True(same, $"{name} differs between two runs of the same case\n{c.Describe()}");
        }

        Assert.Equal(first.Faults, second.Faults);
        Assert.Equal(first.Counters, second.Counters);
    }

    private static List<string> Files(string folder) =>
        [.. Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];
}
