using System.Globalization;
using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using PosSim.Benchmarks.Simulation;
using PosSim.Desk;
using PosSim.Desk.Records;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Benchmarks.Desk;

/// <summary>
/// The desk's transaction search over a run of 1,000,000 purchases (the bench day, 1,000 merchants, with its
/// refunds, voids and reversals): the searches support staff make, each on a transaction drawn at random (seeded)
/// from the run, so no answer is cached. <c>Page</c> benchmarks are the whole answer a browser gets (HTTP on
/// loopback, the lock, the SQL, the HTML); <c>Sql</c> ones are the query alone. The target is 100 ms at the 99th
/// percentile for the page; the Max column bounds it from above.
/// </summary>
[Config(typeof(Columns))]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class DeskSearchBenchmarks
{
    private readonly Random _random = new(11);
    private string _folder = "";
    private DeskServer _desk = null!;
    private HttpClient _client = null!;
    private DeskRecords _records = null!;
    private Sample[] _samples = [];

    [Params(1_000_000)]
    public int Purchases { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("possim-bench-desk-").FullName;
        var outcome = new SimulationRun(BenchScenario.Day(Purchases), 1).Simulate();
        var result = RunFinisher.Finish(outcome, Path.Combine(_folder, "recon"));
        RunDatabase.Write(Path.Combine(_folder, RunDatabase.FileName), result);
        _samples = Samples(Path.Combine(_folder, RunDatabase.FileName));
        _desk = DeskServer.StartAsync(new DeskOptions(_folder, new IPEndPoint(IPAddress.Loopback, 0), CaseTextEn.Instance, null), CancellationToken.None)
            .GetAwaiter().GetResult();
        _client = new HttpClient { BaseAddress = _desk.Address };
        _records = DeskRecords.Open(_folder);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _records.Dispose();
        _client.Dispose();
        _desk.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public Task<string> PageByRrn() => GetAsync(s => $"rrn={s.Rrn}");

    [Benchmark]
    public Task<string> PageByTerminalAndStan() => GetAsync(s => $"terminal={s.Terminal}&stan={s.Stan}");

    /// <summary>"About 14:02, 350.00": ten minutes either side, the amount exact.</summary>
    [Benchmark]
    public Task<string> PageByTimeAndAmount() => GetAsync(s => $"from={Time(s.At.AddMinutes(-10))}&to={Time(s.At.AddMinutes(10))}&min={s.Amount}&max={s.Amount}");

    /// <summary>An hour of one terminal, an amount range and the card's last four digits.</summary>
    [Benchmark]
    public Task<string> PageByTerminalHourAmountRangeAndCard() =>
        GetAsync(s => $"terminal={s.Terminal}&from={Time(s.At.AddMinutes(-30))}&to={Time(s.At.AddMinutes(30))}&min=0.01&max=100000.00&card={s.Last4}");

    /// <summary>A wide window with nothing narrowing it: the page's limit stops the scan.</summary>
    [Benchmark]
    public Task<string> PageByDayOnly() => GetAsync(s => $"from={Time(s.At.Date)}");

    [Benchmark]
    public int SqlByTimeAndAmount()
    {
        var s = Next();
        return _records.Search(new SearchCriteria(s.At.AddMinutes(-10), s.At.AddMinutes(10), s.AmountMinor, s.AmountMinor)).Count;
    }

    [Benchmark]
    public int SqlByTerminalHourAndCard()
    {
        var s = Next();
        return _records.Search(new SearchCriteria(s.At.AddMinutes(-30), s.At.AddMinutes(30), TerminalId: s.Terminal, CardLast4: s.Last4)).Count;
    }

    private async Task<string> GetAsync(Func<Sample, string> query)
    {
        using var response = await _client.GetAsync(new Uri("/search?" + query(Next()), UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private Sample Next() => _samples[_random.Next(_samples.Length)];

    private static string Time(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>10,000 purchases of the run, every 100th, to search for.</summary>
    private static Sample[] Samples(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rrn, terminal_id, stan, local_time, amount_minor, pan_masked FROM tranlog WHERE kind = 'purchase' AND txn_id % 100 = 0 LIMIT 10000";
        var samples = new List<Sample>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            samples.Add(new Sample(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                DateTime.ParseExact(reader.GetString(3), "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), reader.GetInt64(4), reader.GetString(5)[^4..]));
        }

        return [.. samples];
    }

    private sealed record Sample(string Rrn, string Terminal, int Stan, DateTime At, long AmountMinor, string Last4)
    {
        public string Amount => (AmountMinor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
    }

    /// <summary>The spread, not only the mean: the target is a percentile.</summary>
    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
    }
}
