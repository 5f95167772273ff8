using System.Diagnostics;
using HdrHistogram;

namespace PosSim.Benchmarks.Desk;

/// <summary>
/// The desk's search target is a percentile of single requests, which BenchmarkDotNet's iteration means cannot give:
/// this times each request on its own (one after another, as one support agent searches) and reports the 50th, 99th
/// and 99.9th percentiles and the slowest, with the process's CPU time per request beside them.
/// </summary>
public static class DeskSearchCommand
{
    private const string Usage = """
        desk-search [--purchases N] [--requests N] [--warmup N]
          Plays the bench day of N purchases (default 1,000,000) into a run folder, serves it with the desk on loopback,
          and times --requests searches of each kind (default 2,000, after --warmup 200), each for a purchase drawn from the run.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (CommandArgs.Parse(args, Usage) is not { } settings)
        {
            return 2;
        }

        var purchases = settings.Int("purchases", 1_000_000);
        var requests = settings.Int("requests", 2_000);
        var warmup = settings.Int("warmup", 200);
        Console.WriteLine($"# desk-search {string.Join(' ', args)}; playing {purchases:N0} purchases...");
        var setup = Stopwatch.StartNew();
        await using var run = await DeskBenchRun.StartAsync(purchases);
        Console.WriteLine($"# run folder ready in {setup.Elapsed.TotalSeconds:0} s; load average {CommandArgs.LoadAverage()}");
        Console.WriteLine("| search | requests | p50 ms | p99 ms | p99.9 ms | max ms | CPU µs/request | requests/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, query) in DeskBenchRun.Searches)
        {
            for (var i = 0; i < warmup; i++)
            {
                await run.SearchAsync(query(run.Next()));
            }

            var histogram = new LongHistogram(1, 60_000_000, 3);
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < requests; i++)
            {
                var q = query(run.Next());
                var started = Stopwatch.GetTimestamp();
                await run.SearchAsync(q);
                histogram.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds));
            }

            wall.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / requests;
            Console.WriteLine($"| {name} | {requests:N0} | {Ms(histogram, 50)} | {Ms(histogram, 99)} | {Ms(histogram, 99.9)} | {histogram.GetMaxValue() / 1000.0:0.00} | {cpu:N0} | {requests / wall.Elapsed.TotalSeconds:N0} |");
        }

        Console.WriteLine($"# load average after: {CommandArgs.LoadAverage()}");
        return 0;
    }

    private static string Ms(LongHistogram h, double percentile) => (h.GetValueAtPercentile(percentile) / 1000.0).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
