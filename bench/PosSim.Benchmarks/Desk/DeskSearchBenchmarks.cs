using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using PosSim.Desk.Records;

namespace PosSim.Benchmarks.Desk;

/// <summary>
/// The desk's transaction search over a run of 1,000,000 purchases (the bench day, 1,000 merchants, with its
/// refunds, voids and reversals). <c>Page</c> benchmarks are the whole answer a browser gets (HTTP on loopback,
/// the lock, the SQL, the HTML); <c>Sql</c> ones are the query alone. These give means and allocations; the
/// per-request percentiles the target is stated in come from the `desk-search` command (<see cref="DeskSearchCommand"/>).
/// </summary>
[Config(typeof(Columns))]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class DeskSearchBenchmarks
{
    private DeskBenchRun _run = null!;
    private DeskRecords _records = null!;

    [Params(1_000_000)]
    public int Purchases { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _run = DeskBenchRun.StartAsync(Purchases).GetAwaiter().GetResult();
        _records = DeskRecords.Open(_run.Folder);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _records.Dispose();
        _run.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public Task<string> PageByRrn() => Page(0);

    [Benchmark]
    public Task<string> PageByTerminalAndStan() => Page(1);

    [Benchmark]
    public Task<string> PageByTimeAndAmount() => Page(2);

    [Benchmark]
    public Task<string> PageByTerminalHourAmountRangeAndCard() => Page(3);

    [Benchmark]
    public Task<string> PageByDayOnly() => Page(4);

    [Benchmark]
    public int SqlByTimeAndAmount()
    {
        var s = _run.Next();
        return _records.Search(new SearchCriteria(s.At.AddMinutes(-10), s.At.AddMinutes(10), s.AmountMinor, s.AmountMinor)).Count;
    }

    [Benchmark]
    public int SqlByTerminalHourAndCard()
    {
        var s = _run.Next();
        return _records.Search(new SearchCriteria(s.At.AddMinutes(-30), s.At.AddMinutes(30), TerminalId: s.Terminal, CardLast4: s.Last4)).Count;
    }

    private Task<string> Page(int search) => _run.SearchAsync(DeskBenchRun.Searches[search].Query(_run.Next()));

    /// <summary>The spread, not only the mean.</summary>
    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
    }
}
