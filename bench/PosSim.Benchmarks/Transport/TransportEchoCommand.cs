using System.Globalization;
using System.Net;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Server;
using PosSim.Net.Transport;

namespace PosSim.Benchmarks.Transport;

/// <summary>
/// <c>transport-echo</c>: the transport's ceiling. Runs the load generator against (a) a raw framed echo (frames
/// written back untouched) and (b) an <see cref="IsoServer"/> whose handler answers 0210 with the echoed fields,
/// both in this process on loopback, at the same N and D; or against <c>--endpoint</c> when given.
/// </summary>
public static class TransportEchoCommand
{
    private const string Usage = """
        transport-echo [--connections N] [--depth D] [--seconds S | --count C] [--warmup S]
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
        var options = new LoadGeneratorOptions
        {
            Transport = transport,
            Framing = framing,
            Connections = settings.Int("connections", 1),
            Depth = settings.Int("depth", 1),
            Duration = TimeSpan.FromSeconds(settings.Int("seconds", 10)),
            Warmup = TimeSpan.FromSeconds(settings.Int("warmup", 2)),
            Count = settings.TryGet("count", out var count) ? long.Parse(count, CultureInfo.InvariantCulture) : null,
        };

        Console.WriteLine($"# transport-echo {string.Join(' ', args)}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores; load average before: {CommandArgs.LoadAverage()}");
        if (settings.TryGet("endpoint", out var endpoint))
        {
            options.EndPoint = IPEndPoint.Parse(endpoint);
            Report("external", transportKind, await LoadGenerator.RunAsync(options));
            return 0;
        }

        foreach (var kind in servers)
        {
            var result = kind == "raw" ? await RunRawAsync(options, transport, framing) : await RunIsoAsync(options, transport, framing);
            Report(kind, transportKind, result);
        }

        return 0;
    }

    private static async Task<LoadResult> RunRawAsync(LoadGeneratorOptions options, ITransport transport, MessageFraming framing)
    {
        await using var server = await RawEchoServer.StartAsync(transport, new IPEndPoint(IPAddress.Loopback, 0), framing);
        options.EndPoint = server.EndPoint;
        return await LoadGenerator.RunAsync(options);
    }

    private static async Task<LoadResult> RunIsoAsync(LoadGeneratorOptions options, ITransport transport, MessageFraming framing)
    {
        int[] echo = [3, 4, 7, 11, 12, 13, 41, 42, 49];
        var handler = new DelegateRequestHandler((request, _) =>
        {
            var response = request.CreateResponse(echo);
            response.ResponseCode = ResponseCodes.Approved;
            return ValueTask.FromResult<IsoMessage?>(response);
        });
        await using var server = new IsoServer(handler, new IsoServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Transport = transport,
            Framing = framing,
            MaxInFlightPerConnection = Math.Max(256, options.Depth),
        });
        await server.StartAsync();
        options.EndPoint = server.EndPoint;
        return await LoadGenerator.RunAsync(options);
    }

    private static void Report(string server, string transport, LoadResult result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{server,-8} {transport,-6} {result}; load average after: {CommandArgs.LoadAverage()}"));
}
