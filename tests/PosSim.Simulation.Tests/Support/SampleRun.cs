using PosSim.Simulation.Outputs;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Support;

/// <summary>
/// A small real run for the output writers' tests: the simulator plays <see cref="Yaml"/> (two trading days of two
/// merchants, sales, refunds, voids, declines from poor and expired cards, a dropped and a duplicated presentment,
/// a terminal closing out of balance) and reconciles it into a temp folder.
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
        faults:
          - type: clearing-dropped
            terminal: T0000001
            nth: 3
          - type: clearing-duplicated
            terminal: T0000003
            nth: 2
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
