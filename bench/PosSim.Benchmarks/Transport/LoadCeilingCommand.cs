using System.Globalization;
using System.Net;
using PosSim.Benchmarks.Switch;
using PosSim.Iso8583.Framing;
using PosSim.Net.Transport;

namespace PosSim.Benchmarks.Transport;

/// <summary>
/// <c>load-ceiling</c>: the ceiling of `possim load`'s generator and what it measures of `possim serve`. Against the
/// raw framed echo (nothing to wait for but the generator and the socket), closed loop at N x D, then open loop at the
/// given rates; then the same against `possim serve` in this process. Prints throughput, percentiles, the open loop's
/// send lag (the generator's own delay) and the process's CPU per request.
/// </summary>
public static class LoadCeilingCommand
{
    private const string Usage = """
        load-ceiling [--connections N] [--depth D] [--seconds S] [--warmup S] [--rates R1,R2,...] [--server raw|serve|both]
          Closed loop N x D (default 16 x 16), then open loop at each rate per second (default 50000,100000),
          against the in-process raw echo and/or `possim serve` (in-memory ledger). Run it with DOTNET_gcServer=1,
          as possim itself runs.
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
        var rates = settings.Get("rates", "50000,100000").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        var which = settings.Get("server", "both");
        var framing = MessageFraming.Parse("binary2");
        Console.WriteLine($"# load-ceiling {string.Join(' ', args)}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores; GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}; load average before: {CommandArgs.LoadAverage()}");

        if (which is "raw" or "both")
        {
            await using var echo = await RawEchoServer.StartAsync(SocketTransport.Default, new IPEndPoint(IPAddress.Loopback, 0), framing);
            foreach (var rate in new double?[] { null }.Concat(rates.Select(r => (double?)r)))
            {
                var load = LoadMeasurement.Settings(echo.EndPoint, SocketTransport.Default, framing, connections, depth, duration, warmup, rate);
                Report("raw echo", await LoadMeasurement.RunAsync(load));
            }
        }

        if (which is "serve" or "both")
        {
            foreach (var rate in new double?[] { null }.Concat(rates.Select(r => (double?)r)))
            {
                // A fresh server each time: the ledger and the tranlog of one run do not slow the next.
                await using var serve = await InProcessServe.StartAsync(connections, durable: false);
                var load = LoadMeasurement.Settings(serve.EndPoint, SocketTransport.Default, framing, connections, depth, duration, warmup, rate, serve.RichFleet);
                Report("possim serve", await LoadMeasurement.RunAsync(load));
            }
        }

        return 0;
    }

    private static void Report(string server, LoadMeasurement result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{server,-13} {result}; load average after: {CommandArgs.LoadAverage()}"));
}
