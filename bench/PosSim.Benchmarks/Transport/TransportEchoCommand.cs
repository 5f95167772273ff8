using System.Globalization;
using System.Net;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Server;
using PosSim.Net.Transport;

namespace PosSim.Benchmarks.Transport;

/// <summary>
/// <c>transport-echo</c>: the transport's ceiling. Runs the load generator (`possim load`'s engine) against (a) a raw
/// framed echo (frames written back untouched) and (b) an <see cref="IsoServer"/> whose handler answers 0210 with
/// the echoed fields, both in this process on loopback, at the same N and D; or against <c>--endpoint</c> when given.
/// </summary>
public static class TransportEchoCommand
{
    private const string Usage = """
        transport-echo [--connections N] [--depth D] [--seconds S] [--warmup S]
                       [--server raw|iso|both] [--transport tcp|memory] [--framing binary2|ascii4|bcd2]
                       [--endpoint HOST:PORT]
          Closed-loop load: N connections x D requests in flight each; prints msg/s and p50/p99/p99.9 latency.
          With --endpoint, loads an external server (for example `possim serve`) instead of the in-process echo.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (CommandArgs.Parse(args, Usage) is not { } settings)
        {
            return 2;
        }

        var framing = MessageFraming.Parse(settings.Get("framing", "binary2"));
        var transportKind = settings.Get("transport", "tcp");
        ITransport transport = transportKind == "memory" ? new InMemoryTransport() : SocketTransport.Default;
        var servers = settings.Get("server", "both") switch
        {
            "raw" => new[] { "raw" },
            "iso" => ["iso"],
            _ => ["raw", "iso"],
        };
        var connections = settings.Int("connections", 1);
        var depth = settings.Int("depth", 1);
        var duration = TimeSpan.FromSeconds(settings.Int("seconds", 10));
        var warmup = TimeSpan.FromSeconds(settings.Int("warmup", 2));
        Console.WriteLine($"# transport-echo {string.Join(' ', args)}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores; load average before: {CommandArgs.LoadAverage()}");
        if (settings.TryGet("endpoint", out var endpoint))
        {
            Report("external", transportKind, await LoadMeasurement.RunAsync(LoadMeasurement.Settings(IPEndPoint.Parse(endpoint), transport, framing, connections, depth, duration, warmup)));
            return 0;
        }

        foreach (var kind in servers)
        {
            await using var server = kind == "raw" ? await StartRawAsync(transport, framing) : await StartIsoAsync(transport, framing, depth);
            Report(kind, transportKind, await LoadMeasurement.RunAsync(LoadMeasurement.Settings(EndPointOf(server), transport, framing, connections, depth, duration, warmup)));
        }

        return 0;
    }

    private static EndPoint EndPointOf(IAsyncDisposable server) => server is RawEchoServer raw ? raw.EndPoint : ((IsoServer)server).EndPoint;

    private static async Task<IAsyncDisposable> StartRawAsync(ITransport transport, MessageFraming framing) =>
        await RawEchoServer.StartAsync(transport, new IPEndPoint(IPAddress.Loopback, 0), framing);

    private static async Task<IAsyncDisposable> StartIsoAsync(ITransport transport, MessageFraming framing, int depth)
    {
        int[] echo = [3, 4, 7, 11, 12, 13, 41, 42, 49];
        var handler = new DelegateRequestHandler((request, _) =>
        {
            var response = request.CreateResponse(echo);
            response.ResponseCode = ResponseCodes.Approved;
            return ValueTask.FromResult<IsoMessage?>(response);
        });
        var server = new IsoServer(handler, new IsoServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Transport = transport,
            Framing = framing,
            MaxInFlightPerConnection = Math.Max(256, depth),
        });
        await server.StartAsync();
        return server;
    }

    private static void Report(string server, string transport, LoadMeasurement result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{server,-8} {transport,-6} {result}; load average after: {CommandArgs.LoadAverage()}"));
}
