using PosSim.Simulation.Outputs;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Support;

/// <summary>
/// A small real run for the output writers' tests: the simulator plays <see cref="Yaml"/> (two trading days of two
/// merchants, sales, refunds, voids, declines from poor and expired cards, a dropped and a duplicated presentment of
/// planned sales, a planned refund, a terminal closing out of balance) and reconciles it into a temp folder.
/// </summary>
internal static class SampleRun
{
    public const string Yaml = """
        name: sample
        start: 2026-03-02
        days: 2
        settle_days: 6
        merchants:
          - id: M
            count: 2
            terminals: 2
            qr_share: 0.25
        cardholders:
          count: 40
          expired_share: 0.05
          low_balance_share: 0.1
        traffic:
          purchases_per_day: 60
          refund_rate: 0.1
          void_rate: 0.05
        planned:
          - { terminal: T0000001, day: 1, time: "10:15", amount_minor: 35000, name: dropped }
          - { terminal: T0000003, day: 1, time: "11:20", amount_minor: 12800, name: doubled }
          - { terminal: T0000002, day: 1, time: "12:00", amount_minor: 9900, name: returned }
          - { kind: refund, terminal: T0000002, day: 2, time: "09:30", amount_minor: 4000, ref: returned }
        faults:
          - type: clearing-dropped
            ref: dropped
          - type: clearing-duplicated
            ref: doubled
          - type: batch-out-of-balance
            terminal: T0000004
            day: 2
        expect:
          money_conserved: true
          findings_match_faults: true
        """;

    public static Scenario Scenario { get; } = ScenarioLoader.Parse(Yaml, "sample.yaml");

    /// <summary>Plays the sample and reconciles it in a folder that is deleted afterwards (the result holds what the writers need).</summary>
    public static RunResult Create()
    {
        using var folder = new TempFolder("possim-sample-");
        var outcome = new SimulationRun(Scenario, Scenario.Seed).Simulate();
        return RunFinisher.Finish(outcome, Path.Combine(folder.Path, RunOutputs.Recon));
    }
}
