using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using PosSim.Benchmarks.Simulation;
using PosSim.Desk;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Benchmarks.Desk;

/// <summary>
/// The run both desk benchmarks search: the bench day of N purchases played into a temporary run folder, a desk
/// serving it on loopback, and purchases drawn from it to search for (seeded, so no answer is cached).
/// </summary>
internal sealed class DeskBenchRun : IAsyncDisposable
{
    private readonly Random _random = new(11);
    private readonly Sample[] _samples;

    private DeskBenchRun(string folder, DeskServer desk, Sample[] samples)
    {
        Folder = folder;
        Desk = desk;
        Client = new HttpClient { BaseAddress = desk.Address };
        _samples = samples;
    }

    public string Folder { get; }

    public DeskServer Desk { get; }

    public HttpClient Client { get; }

    /// <summary>The searches support staff make, by name, each a query string for a drawn purchase.</summary>
    public static IReadOnlyList<(string Name, Func<Sample, string> Query)> Searches { get; } =
    [
        ("by RRN", s => $"rrn={s.Rrn}"),
        ("by terminal + STAN", s => $"terminal={s.Terminal}&stan={s.Stan}"),

        // "About 14:02, 350.00": ten minutes either side, the amount exact.
        ("by time ±10 min + amount", s => $"from={Time(s.At.AddMinutes(-10))}&to={Time(s.At.AddMinutes(10))}&min={s.Amount}&max={s.Amount}"),

        // An hour of one terminal, an amount range and the card's last four digits.
        ("by terminal + hour + amount range + card", s => $"terminal={s.Terminal}&from={Time(s.At.AddMinutes(-30))}&to={Time(s.At.AddMinutes(30))}&min=0.01&max=100000.00&card={s.Last4}"),

        // A wide window with nothing narrowing it: the page's limit stops the scan.
        ("by a day only", s => $"from={Time(s.At.Date)}"),
    ];

    public static async Task<DeskBenchRun> StartAsync(int purchases)
    {
        var folder = Directory.CreateTempSubdirectory("possim-bench-desk-").FullName;
        var outcome = new SimulationRun(BenchScenario.Day(purchases), 1).Simulate();
        var result = RunFinisher.Finish(outcome, Path.Combine(folder, "recon"));
        RunDatabase.Write(Path.Combine(folder, RunDatabase.FileName), result);
        var samples = Samples(Path.Combine(folder, RunDatabase.FileName));
        var desk = await DeskServer.StartAsync(new DeskOptions(folder, new IPEndPoint(IPAddress.Loopback, 0), CaseTextEn.Instance, null), CancellationToken.None);
        return new DeskBenchRun(folder, desk, samples);
    }

    public Sample Next() => _samples[_random.Next(_samples.Length)];

    /// <summary>The search page for a query, as a browser gets it.</summary>
    public async Task<string> SearchAsync(string query)
    {
        using var response = await Client.GetAsync(new Uri("/search?" + query, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Desk.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

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

    internal sealed record Sample(string Rrn, string Terminal, int Stan, DateTime At, long AmountMinor, string Last4)
    {
        public string Amount => (AmountMinor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
    }
}
