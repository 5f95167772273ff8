using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Tests.Scenarios;

public class ScenarioLayoutTests
{
    private static Scenario With(params MerchantGroup[] groups) => new() { Name = "x", Start = new DateOnly(2025, 1, 1), Merchants = groups };

    [Fact]
    public void A_single_merchant_keeps_its_id_and_a_group_numbers_its_merchants_from_0001()
    {
        var s = With(new MerchantGroup { Id = "SOLO" }, new MerchantGroup { Id = "M", Count = 3 });

        Assert.Equal(["SOLO", "M0001", "M0002", "M0003"], ScenarioLayout.Merchants(s).Select(m => m.MerchantId));
        Assert.Same(s.Merchants[1], ScenarioLayout.Merchants(s)[3].Group);
    }

    [Fact]
    public void Terminals_are_numbered_across_all_merchants_in_file_order()
    {
        var a = new MerchantGroup { Id = "A", Count = 2, TerminalsEach = 2 };
        var b = new MerchantGroup { Id = "B", TerminalsEach = 3 };

        var terminals = ScenarioLayout.Terminals(With(a, b));

        Assert.Equal(
        [
            ("A0001", "T0000001", a), ("A0001", "T0000002", a), ("A0002", "T0000003", a), ("A0002", "T0000004", a),
            ("B", "T0000005", b), ("B", "T0000006", b), ("B", "T0000007", b),
        ], terminals);
    }

    [Fact]
    public void The_loader_checks_references_against_the_same_ids()
    {
        var s = ScenarioLoader.Parse(ScenarioTexts.Full, "full.yaml");
        var terminals = ScenarioLayout.Terminals(s).Select(t => t.TerminalId).ToHashSet();
        var merchants = ScenarioLayout.Merchants(s).Select(m => m.MerchantId).ToHashSet();

        Assert.All(s.Planned, p => Assert.Contains(p.TerminalId, terminals));
        Assert.All(s.Faults.Where(f => f.TerminalId is not null), f => Assert.Contains(f.TerminalId!, terminals));
        Assert.All(s.Faults.Where(f => f.MerchantId is not null), f => Assert.Contains(f.MerchantId!, merchants));
        Assert.Equal(("KIOSK", "T0000007"), (ScenarioLayout.Terminals(s)[^1].MerchantId, ScenarioLayout.Terminals(s)[^1].TerminalId));
    }
}
