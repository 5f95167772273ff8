using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using PosSim.Reconciliation;

namespace PosSim.Benchmarks.Reconciliation;

/// <summary>
/// `possim match` on 1M and 10M generated transactions (about 1% broken) against the same rules in DuckDB
/// SQL over the same files. Each iteration reads every file from disk and writes its output, like the command.
/// Run: dotnet run -c Release --project bench/PosSim.Benchmarks -- --filter '*ReconciliationBenchmarks*'
/// (the file sets are generated once into the temp folder, about 3 GB for 10M).
/// </summary>
[Config(typeof(Config))]
public class ReconciliationBenchmarks
{
    private string _input = "";
    private string _output = "";

    [Params(1_000_000, 10_000_000)]
    public int Transactions { get; set; }

    // Each benchmark runs in its own process: each clears only its own peak-memory record.
    [GlobalSetup(Target = nameof(Matcher))]
    public void SetupMatcher() => Setup(nameof(Matcher));

    [GlobalSetup(Target = nameof(DuckDb))]
    public void SetupDuckDb() => Setup(nameof(DuckDb));

    private void Setup(string method)
    {
        _input = LargeWorld.Ensure(Transactions);
        _output = Path.Combine(Path.GetTempPath(), "possim-recon-bench", $"out-{Environment.ProcessId}");
        Directory.CreateDirectory(_output);
        PeakMemory.Clear(method, Transactions);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_output, recursive: true);

    [IterationSetup]
    public void BeforeIteration()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        PeakMemory.Reset();
    }

    [IterationCleanup(Target = nameof(Matcher))]
    public void AfterMatcher() => PeakMemory.Record(nameof(Matcher), Transactions);

    [IterationCleanup(Target = nameof(DuckDb))]
    public void AfterDuckDb() => PeakMemory.Record(nameof(DuckDb), Transactions);

    [Benchmark(Baseline = true, Description = "possim matcher")]
    public int Matcher()
    {
        var result = PosSim.Reconciliation.Matcher.Run(_input, LargeWorld.AsOf);
        PosSim.Reconciliation.Matcher.WriteOutputs(result, _output);
        return result.Exceptions.Count;
    }

    [Benchmark(Description = "DuckDB SQL")]
    public long DuckDb() => DuckDbPeer.Run(_input, Path.Combine(_output, "duckdb-exceptions.csv"), LargeWorld.AsOf).Values.Sum();

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithGcServer(false));
            AddColumn(new PeakMemory.Column());
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
