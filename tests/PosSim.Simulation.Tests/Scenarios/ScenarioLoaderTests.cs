using System.Text.RegularExpressions;
using PosSim.Simulation.Scenarios;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Scenarios;

public class ScenarioLoaderTests
{
    [Fact]
    public void A_full_scenario_reads_into_the_model_with_every_value_as_written()
    {
        var s = ScenarioLoader.Parse(ScenarioTexts.Full, "full.yaml");

        Assert.Equal("lost response at cut-over", s.Name);
        Assert.Equal("A sale at 23:00:00 whose response is lost.", s.Description);
        Assert.Equal(42, s.Seed);
        Assert.Equal(new DateOnly(2025, 3, 14), s.Start);
        Assert.Equal(3, s.Days);
        Assert.Equal(4, s.SettleDays);
        Assert.Equal(new TimeSpan(7, 30, 0), s.UtcOffset);
        Assert.Equal(new TimeOnly(22, 0), s.CutOver);
        Assert.Equal("iso87-binary", s.Dialect);
        Assert.Equal("ascii4", s.Framing);
        Assert.Equal("840", s.Currency);
        Assert.Equal([new DateOnly(2025, 3, 17), new DateOnly(2025, 3, 18)], s.Holidays);
        Assert.Equal("full.yaml", s.SourceFile);

        Assert.Equal(new AcquirerSpec
        {
            IssuerTimeout = TimeSpan.FromSeconds(3),
            ReversalAckTimeout = TimeSpan.FromSeconds(4),
            ReversalBackoff = TimeSpan.FromMilliseconds(250),
            ReversalMaxBackoff = TimeSpan.FromMinutes(2),
            ReversalMaxTries = 7,
            TerminalTimeout = TimeSpan.FromSeconds(40),
            TerminalReversalTries = 2,
            LinkLatency = TimeSpan.Zero,
        }, s.Acquirer);

        Assert.Equal(2, s.Merchants.Count);
        var shop = s.Merchants[0];
        Assert.Equal(new MerchantGroup
        {
            Id = "SHOP",
            Count = 3,
            Category = "5812",
            TerminalsEach = 2,
            MdrCardBps = 55,
            MdrQrBps = 30,
            QrShare = 0.25,
            SettleDays = 2,
            Instant = new InstantSpec(new TimeOnly(8, 0), new TimeOnly(20, 0), 5_000_000),
            Weight = 1.5,
            Where = new SourceMark("full.yaml", 23, 5),
        }, shop);
        Assert.Equal("SA-KIOSK-2", s.Merchants[1].SettlementAccount);
        Assert.Equal(1, s.Merchants[1].Count);

        Assert.Equal(new CardholderSpec
        {
            Count = 500,
            Bin = "62220200",
            BalanceMinMinor = 100,
            BalanceMaxMinor = 900_000,
            ExpiredShare = 0.05,
            LowBalanceShare = 0.1,
        }, s.Cardholders);

        var t = s.Traffic;
        Assert.Equal(2500, t.PurchasesPerDay);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 4, 5, 4, 3, 3, 3, 4, 5, 5, 4, 2, 1, 0.5], t.HourlyCurve);
        Assert.Equal((1.2, 5000L, 0.7, 50L, 1_000_000L), (t.WeekendFactor, t.AmountMedianMinor, t.AmountSpread, t.AmountMinMinor, t.AmountMaxMinor));
        Assert.Equal((0.02, 0.01, 0.005), (t.RefundRate, t.VoidRate, t.ReversalRate));
        Assert.Equal((new TimeOnly(6, 30), new TimeOnly(23, 30)), (t.Open, t.BatchClose));

        Assert.Equal(
        [
            new PlannedTransaction { TerminalId = "T0000007", Day = 1, Time = new TimeOnly(23, 0), AmountMinor = 35000, Name = "late-sale", Where = new("full.yaml", 58, 5) },
            new PlannedTransaction { Kind = PlannedKind.Refund, TerminalId = "T0000007", Day = 2, Time = new TimeOnly(10, 15), AmountMinor = 10000, Ref = "late-sale", Channel = "qr", Where = new("full.yaml", 63, 5) },
        ], s.Planned);

        Assert.Equal(12, s.Faults.Count);
        Assert.Equal(new FaultSpec { Type = FaultType.ResponseLost, Ref = "late-sale", Where = new("full.yaml", 71, 5) }, s.Faults[0]);
        Assert.Equal(new FaultSpec { Type = FaultType.RequestLost, Rate = 0.01, Day = 2, From = new(10, 0), To = new(11, 0), Where = new("full.yaml", 73, 5) }, s.Faults[1]);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500), (int?)null), (s.Faults[2].Delay, s.Faults[2].Jitter, s.Faults[2].Day));
        Assert.Equal(("T0000002", 3, 4), (s.Faults[3].TerminalId, s.Faults[3].Nth, s.Faults[3].Field));
        Assert.Equal(("KIOSK", (string?)null), (s.Faults[4].MerchantId, s.Faults[4].TerminalId));
        Assert.Equal(TimeSpan.FromSeconds(6), s.Faults[5].Delay);
        Assert.Equal(("T0000001", 1, 100L), (s.Faults[6].TerminalId, s.Faults[6].Day, s.Faults[6].ByMinor));
        Assert.Equal(1, s.Faults[7].Days);
        Assert.Equal((0.1, 2), (s.Faults[8].Rate, s.Faults[8].Days));
        Assert.Equal(("SHOP0002", 1, 6), (s.Faults[9].MerchantId, s.Faults[9].Day, s.Faults[9].UntilDay));
        Assert.Equal(("KIOSK", "wrong-account", (int?)null), (s.Faults[10].MerchantId, s.Faults[10].Reason, s.Faults[10].UntilDay));
        Assert.Equal((3, new TimeOnly(1, 0), new TimeOnly(3, 0)), (s.Faults[11].Day, s.Faults[11].From, s.Faults[11].To));

        Assert.Equal(new Dictionary<string, int> { ["approved-not-cleared"] = 0, ["settled-late"] = 2 }, s.Expect.Exceptions);
        Assert.True(s.Expect.MoneyConserved);
        Assert.False(s.Expect.FindingsMatchFaults);
        Assert.Equal(new Dictionary<string, CountBound>
        {
            ["reversals_sent"] = CountBound.Exactly(1),
            ["approvals"] = new(100, null),
            ["declines"] = new(null, 5),
            ["payouts"] = new(2, 4),
        }, s.Expect.Counters);
    }

    [Fact]
    public void Keys_left_out_take_the_defaults_of_the_model()
    {
        var s = ScenarioLoader.Parse(ScenarioTexts.Minimal, "minimal.yaml");

        var expected = new Scenario
        {
            Name = "minimal",
            Start = new DateOnly(2025, 3, 3),
            Days = 2,
            Merchants = [new MerchantGroup { Id = "M", Count = 2, TerminalsEach = 2, Where = new("minimal.yaml", 5, 5) }],
            SourceFile = "minimal.yaml",
        };
        Assert.Equal(expected with { Merchants = s.Merchants, Holidays = s.Holidays, Planned = s.Planned, Faults = s.Faults, Expect = s.Expect, Traffic = s.Traffic }, s);
        Assert.Equal(expected.Merchants, s.Merchants);
        Assert.Empty(s.Holidays);
        Assert.Empty(s.Planned);
        Assert.Empty(s.Faults);
        Assert.Equal(new TrafficSpec().HourlyCurve, s.Traffic.HourlyCurve);
        Assert.Equal(new TrafficSpec() with { HourlyCurve = s.Traffic.HourlyCurve }, s.Traffic);
        Assert.Empty(s.Expect.Exceptions);
        Assert.Null(s.Expect.MoneyConserved);
    }

    [Fact]
    public void Fault_defaults_are_filled_in_so_the_run_need_not_know_them()
    {
        var s = ScenarioLoader.Parse(ScenarioTexts.Minimal + """
            faults:
              - type: clearing-altered
                rate: 0.5
              - type: payout-bounce
                merchant: M0001
                day: 1
              - type: settlement-delayed
                terminal: T0000001
                nth: 2

            """, "f.yaml");

        Assert.Equal(100, s.Faults[0].ByMinor);
        Assert.Equal("frozen", s.Faults[1].Reason);
        Assert.Equal(2, s.Faults[2].Days);
    }

    [Fact]
    public void A_missing_file_is_a_scenario_error_that_names_the_file()
    {
        using var folder = new TempFolder("possim-scenario-");
        var path = folder.Sub("nope.yaml");

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));

        Assert.Equal(path, e.Where.File);
        Assert.Equal($"{path}: no such file", e.Message);
    }

    [Fact]
    public void Load_reads_the_file_and_remembers_its_path()
    {
        using var folder = new TempFolder("possim-scenario-");
        var path = folder.Sub("x.yaml");
        File.WriteAllText(path, ScenarioTexts.Minimal);

        Assert.Equal(path, ScenarioLoader.Load(path).SourceFile);
    }

    [Fact]
    public void A_yaml_syntax_error_carries_the_parsers_mark()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("name: 'lost\nstart: 2025-01-01\n", "bad.yaml"));

        Assert.Equal(new SourceMark("bad.yaml", 1, 7), e.Where);
        Assert.StartsWith("bad.yaml:1:7: not valid YAML: While scanning a quoted scalar", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flow_list_left_open_is_reported_where_it_opens_although_the_parser_fails_without_a_mark()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("name: x\nholidays: [2025-01-01\nstart: 2025-01-01\n", "bad.yaml"));

        Assert.Equal("bad.yaml:2:11: not valid YAML: this [ or { is never closed", e.Message);
    }

    [Fact]
    public void The_example_in_docs_scenarios_md_is_a_valid_scenario()
    {
        var doc = File.ReadAllText(RepoRoot.Combine("docs", "scenarios.md"));
        var example = Regex.Match(doc, "```yaml\n(.*?)```", RegexOptions.Singleline);
        Assert.True(example.Success, "docs/scenarios.md has no ```yaml example");

        var s = ScenarioLoader.Parse(example.Groups[1].Value, "docs/scenarios.md");

        Assert.NotEmpty(s.Faults);
        Assert.NotEmpty(s.Planned);
    }
}
