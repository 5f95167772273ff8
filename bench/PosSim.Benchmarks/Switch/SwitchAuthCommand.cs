using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Benchmarks.Transport;
using PosSim.Host;
using PosSim.Host.Serve;
using PosSim.Iso8583.Framing;
using PosSim.Load;
using PosSim.Net.Transport;

namespace PosSim.Benchmarks.Switch;

/// <summary>
/// End-to-end authorisations over loopback: `possim serve` (switch, issuer and ledger) under N terminal
/// connections with D purchases in flight each, and in the same run the raw framed echo on the same transport at
/// the same N and D, the ceiling our overhead is measured against. The load is `possim load`'s engine.
/// </summary>
public static class SwitchAuthCommand
{
    private const string Usage = """
        switch-auth [--connections N] [--depth D] [--seconds S] [--warmup S] [--durable true|false] [--server raw|switch|both]
          Every connection is one provisioned terminal; each purchase is 1.00 from one of the well-funded cards,
          so nothing is declined for funds. --durable true commits the ledger to SQLite every loop turn.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (CommandArgs.Parse(args, Usage) is not { } settings)
        {
            return 2;
        }

        var connections = settings.Int("connections", 16);
        var depth = settings.Int("depth", 16);
        var duration = TimeSpan.FromSeconds(settings.Int("seconds", 10));
        var warmup = TimeSpan.FromSeconds(settings.Int("warmup", 3));
        var durable = settings.Get("durable", "false") == "true";
        var framing = MessageFraming.Parse("binary2");

        Console.WriteLine($"# switch-auth {string.Join(' ', args)}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores; load average before: {CommandArgs.LoadAverage()}; " +
            $"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} (possim itself runs server GC: set DOTNET_gcServer=1 to match it)");
        var which = settings.Get("server", "both");
        if (which is "raw" or "both")
        {
            await using var echo = await RawEchoServer.StartAsync(SocketTransport.Default, new IPEndPoint(IPAddress.Loopback, 0), framing);
            Report("raw echo", depth, await LoadMeasurement.RunAsync(LoadMeasurement.Settings(echo.EndPoint, SocketTransport.Default, framing, connections, depth, duration, warmup)));
        }

        if (which is "switch" or "both")
        {
            await using var serve = await InProcessServe.StartAsync(connections, durable);
            var load = LoadMeasurement.Settings(serve.EndPoint, SocketTransport.Default, framing, connections, depth, duration, warmup, fleet: serve.RichFleet) with
            {
                MinAmount = 1_00,
                MaxAmount = 1_00,
            };
            Report(durable ? "switch (SQLite ledger)" : "switch (in-memory ledger)", depth, await LoadMeasurement.RunAsync(load));
        }

        return 0;
    }

    /// <summary>Answers with a code other than 00; the raw echo's answers carry none and are not declines.</summary>
    private static long Declined(LoadResult r) => r.ResponseCodes.Where(c => c.Key is not ("00" or "none")).Sum(c => c.Value);

    private static void Report(string server, int depth, LoadMeasurement m)
    {
        var r = m.Result;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Settings.Connections} | {depth} | {server} | {r.Throughput:N0} | {r.PercentileMs(50) * 1000:N0} | {r.PercentileMs(99) * 1000:N0} | {r.PercentileMs(99.9) * 1000:N0} | {m.CpuMicrosecondsPerRequest:N1} | {m.AllocatedBytesPerRequest:N0} | {Declined(r)} | {r.Timeouts + r.ConnectionErrors} | {CommandArgs.LoadAverage()} |"));
    }
}

/// <summary>`possim serve` (switch, issuer, ledger) started in this process on a free loopback port, in its own temp data folder.</summary>
internal sealed class InProcessServe : IAsyncDisposable
{
    private readonly AcquirerService _service;
    private readonly string _data;

    private InProcessServe(AcquirerService service, string data, Fleet fleet)
    {
        _service = service;
        _data = data;
        RichFleet = fleet;
    }

    public EndPoint EndPoint => _service.EndPoint!;

    /// <summary>serve's provisioned terminals and only its well-funded cards, so purchases are not declined for funds.</summary>
    public Fleet RichFleet { get; }

    public static async Task<InProcessServe> StartAsync(int terminals, bool durable)
    {
        var data = Path.Combine(Path.GetTempPath(), $"possim-bench-{Guid.NewGuid():N}");
        var service = new AcquirerService(
            new ServeOptions { Listen = "127.0.0.1:0", Data = data, Terminals = terminals, Cards = 100, Durable = durable },
            TextWriter.Null,
            NullLoggerFactory.Instance);
        await service.StartAsync(CancellationToken.None);
        var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(Path.Combine(data, "provisioned.json")));
        var rich = provisioned with { Cards = [.. provisioned.Cards.Where(c => c.BalanceMinor > 1_000_00)] };
        return new InProcessServe(service, data, Fleet.FromProvisioning(rich));
    }

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        Directory.Delete(_data, recursive: true);
    }
}
