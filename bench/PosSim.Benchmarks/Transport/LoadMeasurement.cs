using System.Diagnostics;
using System.Globalization;
using System.Net;
using PosSim.Host;
using PosSim.Iso8583.Framing;
using PosSim.Load;
using PosSim.Net.Transport;

namespace PosSim.Benchmarks.Transport;

/// <summary>
/// A run of the product's load generator (<see cref="LoadRun"/>, the engine of `possim load`) with what a benchmark
/// adds: the whole process's CPU time and allocations per measured request, read between the end of the warmup and
/// the last measured send. CPU per request is the steadier figure on a shared machine: other people's load lowers
/// throughput but barely changes what each request costs.
/// </summary>
/// <remarks>With an in-process server the CPU and allocations are the client's and the server's together.</remarks>
public sealed record LoadMeasurement(LoadResult Result, double CpuMicrosecondsPerRequest, double AllocatedBytesPerRequest)
{
    public static async Task<LoadMeasurement> RunAsync(LoadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TimeSpan cpuStart = default, cpuStop = default;
        long allocatedStart = 0, allocatedStop = 0;
        var withProbe = settings with
        {
            Measuring = starting =>
            {
                if (starting)
                {
                    cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                    allocatedStart = GC.GetTotalAllocatedBytes();
                }
                else
                {
                    cpuStop = Process.GetCurrentProcess().TotalProcessorTime;
                    allocatedStop = GC.GetTotalAllocatedBytes();
                }
            },
        };
        var result = await LoadRun.RunAsync(withProbe);
        var sent = Math.Max(result.Sent, 1);
        return new LoadMeasurement(result, (cpuStop - cpuStart).TotalMicroseconds / sent, (double)(allocatedStop - allocatedStart) / sent);
    }

    public double Throughput => Result.Throughput;

    /// <summary>
    /// Settings for a benchmark: purchases only (the mix's other kinds need approved purchases, which a raw echo never
    /// gives), from serve's demo terminals (one per connection) and cards; an open loop when <paramref name="rate"/> is given.
    /// </summary>
    public static LoadSettings Settings(EndPoint endPoint, ITransport transport, MessageFraming framing, int connections, int depth, TimeSpan duration, TimeSpan warmup, double? rate = null, Fleet? fleet = null) =>
        new()
        {
            Target = endPoint,
            Transport = transport,
            Codec = Net.Defaults.Codec,
            Framing = framing,
            Fleet = fleet ?? Fleet.FromProvisioning(Provisioning.Demo(terminals: connections, cards: 100)),
            Connections = connections,
            InFlight = depth,
            Rate = rate,
            Duration = duration,
            Warmup = warmup,
            Timeout = TimeSpan.FromSeconds(10),
            Mix = TrafficMix.Parse("purchase=1"),
        };

    public override string ToString()
    {
        var r = Result;
        var loop = r.Settings.IsOpenLoop
            ? string.Create(CultureInfo.InvariantCulture, $"N={r.Settings.Connections} rate={r.Settings.Rate:N0}/s")
            : string.Create(CultureInfo.InvariantCulture, $"N={r.Settings.Connections} D={r.Settings.InFlight}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{loop}: {r.Answered:N0} in {r.Elapsed.TotalSeconds:0.0} s = {r.Throughput:N0} msg/s; p50 {r.PercentileMs(50) * 1000:0} us, p99 {r.PercentileMs(99) * 1000:0} us, p99.9 {r.PercentileMs(99.9) * 1000:0} us, max {r.MaxMs * 1000:0} us; " +
            $"send lag p99 {r.SendLagMs(99) * 1000:0} us; {CpuMicrosecondsPerRequest:0.0} us CPU/msg; {AllocatedBytesPerRequest:0} B allocated/msg; timeouts {r.Timeouts}, errors {r.ConnectionErrors + r.BadResponses + r.Refused}");
    }
}
