using System.Diagnostics;
using System.Globalization;
using PosSim.Host.Export;
using PosSim.Reconciliation;
using PosSim.Simulation.Runs;

namespace PosSim.Benchmarks.Simulation;

/// <summary>
/// One simulated business day end to end, timed by phase: the simulation (authorisations over the codec, clearing and
/// settlement at the cut-overs), the export of the interchange files, the matcher, and the oracle. Prints simulated
/// transactions per wall-clock second, CPU time per transaction, and the process's peak memory.
/// </summary>
public static class SimulationDayCommand
{
    private const string Usage = """
        simulation-day [--purchases N] [--merchants N] [--days N]
          N purchases a day across the merchants (2 terminals each), events.ndjson, run.sqlite and report.html not written.
        """;

    public static Task<int> RunAsync(string[] args)
    {
        if (CommandArgs.Parse(args, Usage) is not { } settings)
        {
            return Task.FromResult(2);
        }

        var purchases = settings.Long("purchases", 1_000_000);
        var scenario = BenchScenario.Day(purchases, settings.Int("merchants", 1000), settings.Int("days", 1));
        var process = Process.GetCurrentProcess();
        var folder = Directory.CreateTempSubdirectory("possim-bench-day-").FullName;
        try
        {
            var cpu0 = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var run = new SimulationRun(scenario, 1);
            var setup = wall.Elapsed;
            var outcome = run.Simulate();
            var simulated = wall.Elapsed;
            InterchangeExport.Write(folder, outcome.Office);
            var exported = wall.Elapsed;
            var match = Matcher.Run(folder, scenario.LastDay.AddDays(1));
            var matched = wall.Elapsed;
            var result = RunFinisher.Finish(outcome, Path.Combine(folder, "finish"));
            var finished = wall.Elapsed;
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpu0;
            var transactions = outcome.Office.Switch.Tranlog.Count;

            // The finisher exports and matches again before the oracle: its own share is what it took beyond those.
            var oracle = finished - matched - (exported - simulated) - (matched - exported);
            var total = setup + (simulated - setup) + (exported - simulated) + (matched - exported) + (oracle > TimeSpan.Zero ? oracle : TimeSpan.Zero);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"# simulation-day {string.Join(' ', args)}; GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}; load {CommandArgs.LoadAverage()}"));
            Console.WriteLine(string.Create(inv, $"purchases {purchases:N0}, transactions logged {transactions:N0}, exceptions {match.Exceptions.Count}, findings match faults: {result.Missed.Count == 0 && result.Unexplained.Count == 0}"));
            Console.WriteLine("| phase | wall s | share |");
            Console.WriteLine("|---|---:|---:|");
            void Row(string name, TimeSpan t) => Console.WriteLine(string.Create(inv, $"| {name} | {t.TotalSeconds:0.00} | {t / total:P0} |"));
            Row("setup (cards, merchants)", setup);
            Row("simulate (auth over the codec, clearing, settlement)", simulated - setup);
            Row("export interchange files", exported - simulated);
            Row("match", matched - exported);
            Row("oracle and expectations", oracle > TimeSpan.Zero ? oracle : TimeSpan.Zero);
            Console.WriteLine(string.Create(inv, $"whole lifecycle: {total.TotalSeconds:0.00} s wall, {transactions / total.TotalSeconds:N0} transactions/s, CPU {cpu.TotalSeconds:0.00} s ({cpu.TotalMicroseconds / transactions:0.0} µs CPU per transaction), peak working set {process.PeakWorkingSet64 / (1 << 20):N0} MB"));
            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
