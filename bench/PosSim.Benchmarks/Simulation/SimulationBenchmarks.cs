using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PosSim.Simulation.Runs;

namespace PosSim.Benchmarks.Simulation;

/// <summary>
/// A simulated business day across 1,000 merchants, whole lifecycle: authorisations over the codec, clearing,
/// settlement, export and matching (RunFinisher), events not written. One operation is one day.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private PosSim.Simulation.Scenarios.Scenario _scenario = null!;
    private string _folder = "";

    [Params(100_000, 1_000_000)]
    public int Purchases { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scenario = BenchScenario.Day(Purchases);
        _folder = Directory.CreateTempSubdirectory("possim-bench-sim-").FullName;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public int BusinessDay()
    {
        var outcome = new SimulationRun(_scenario, 1).Simulate();
        return RunFinisher.Finish(outcome, _folder).Match.Exceptions.Count;
    }
}
