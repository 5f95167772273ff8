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
        PosSim.Load.LoadSettings LoadMeasurementSettings(EndPoint target) => LoadMeasurement.Settings(target, SocketTransport.Default, framing,
            settings.Int("connections", 16), settings.Int("depth", 16), TimeSpan.FromSeconds(settings.Int("seconds", 10)), TimeSpan.FromSeconds(settings.Int("warmup", 2)));

        Console.WriteLine($"# proxy-overhead {string.Join(' ', args)}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores; {faults.Count} faults; load average before: {CommandArgs.LoadAverage()}");
        await using var echo = await RawEchoServer.StartAsync(SocketTransport.Default, new IPEndPoint(IPAddress.Loopback, 0), framing);

        var baseline = await LoadMeasurement.RunAsync(LoadMeasurementSettings(echo.EndPoint));
        Console.WriteLine($"direct   {baseline}");

        await using var proxy = new FaultProxy(new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = echo.EndPoint,
            Framing = framing,
            Faults = new FaultTable(faults),
        });
        await proxy.StartAsync();
        var proxied = await LoadMeasurement.RunAsync(LoadMeasurementSettings(proxy.EndPoint!));
        Console.WriteLine($"proxied  {proxied}");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overhead: p50 {(proxied.Result.PercentileMs(50) - baseline.Result.PercentileMs(50)) * 1000:+0;-0;0} us, p99 {(proxied.Result.PercentileMs(99) - baseline.Result.PercentileMs(99)) * 1000:+0;-0;0} us; throughput {proxied.Throughput:N0} msg/s through the proxy vs {baseline.Throughput:N0} direct ({100.0 * proxied.Throughput / baseline.Throughput:0}%); load average after: {CommandArgs.LoadAverage()}"));
        return 0;
    }
}
