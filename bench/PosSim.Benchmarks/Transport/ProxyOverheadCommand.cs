using System.Globalization;
using System.Net;
using PosSim.Iso8583.Framing;
using PosSim.Net.Proxy;
using PosSim.Net.Proxy.Faults;
using PosSim.Net.Transport;

namespace PosSim.Benchmarks.Transport;

/// <summary>
/// <c>proxy-overhead</c>: what `possim proxy` adds. The load generator runs against the raw framed echo directly, then
/// through a <see cref="FaultProxy"/> in front of the same echo, at the same N and D; prints both and the difference in
/// p50, p99 and throughput. With no fault set, frames take the pass-through path (no decode); <c>--faults FILE</c>
/// measures with faults in force (a fault that matches nothing still makes every frame decode).
/// </summary>
public static class ProxyOverheadCommand
{
    private const string Usage = """
        proxy-overhead [--connections N] [--depth D] [--seconds S] [--warmup S] [--framing binary2|ascii4|bcd2] [--faults FILE]
          Closed-loop load against the raw framed echo, first direct, then through the fault proxy; prints the added p50/p99 and the throughput lost.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (CommandArgs.Parse(args, Usage) is not { } settings)
        {
            return 2;
        }

        var framing = MessageFraming.Parse(settings.Get("framing", "binary2"));
        var faults = settings.TryGet("faults", out var file) ? FaultParser.ParseFile(await File.ReadAllTextAsync(file)) : [];
        LoadGeneratorOptions Options() => new()
        {
            Transport = SocketTransport.Default,
            Framing = framing,
            Connections = settings.Int("connections", 16),
            Depth = settings.Int("depth", 16),
            Duration = TimeSpan.FromSeconds(settings.Int("seconds", 10)),
            Warmup = TimeSpan.FromSeconds(settings.Int("warmup", 2)),
        };

        Console.WriteLine($"# proxy-overhead {string.Join(' ', args)}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores; {faults.Count} faults; load average before: {CommandArgs.LoadAverage()}");
        await using var echo = await RawEchoServer.StartAsync(SocketTransport.Default, new IPEndPoint(IPAddress.Loopback, 0), framing);

        var direct = Options();
        direct.EndPoint = echo.EndPoint;
        var baseline = await LoadGenerator.RunAsync(direct);
        Console.WriteLine($"direct   {baseline}");

        await using var proxy = new FaultProxy(new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = echo.EndPoint,
            Framing = framing,
            Faults = new FaultTable(faults),
        });
        await proxy.StartAsync();
        var through = Options();
        through.EndPoint = proxy.EndPoint;
        var proxied = await LoadGenerator.RunAsync(through);
        Console.WriteLine($"proxied  {proxied}");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overhead: p50 {proxied.P50 - baseline.P50:+0;-0;0} us, p99 {proxied.P99 - baseline.P99:+0;-0;0} us; throughput {proxied.Throughput:N0} msg/s through the proxy vs {baseline.Throughput:N0} direct ({100.0 * proxied.Throughput / baseline.Throughput:0}%); load average after: {CommandArgs.LoadAverage()}"));
        return 0;
    }
}
