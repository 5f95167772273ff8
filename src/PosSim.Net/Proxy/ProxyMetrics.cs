using System.Diagnostics.Metrics;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Net.Proxy;

/// <summary>
/// What the fault proxy did, as System.Diagnostics.Metrics instruments (meter <see cref="MeterName"/>), for
/// dotnet-counters while a QA run goes on: frames read each way, connections, and faults applied by kind.
/// </summary>
internal static class ProxyMetrics
{
    public const string MeterName = "PosSim.Proxy";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Frames = Meter.CreateCounter<long>("possim.proxy.frames", "{frame}", "Frames read, by direction (upstream: towards the switch)");

    public static readonly Counter<long> Connections = Meter.CreateCounter<long>("possim.proxy.connections", "{connection}", "Client connections accepted");

    public static readonly Counter<long> FaultsApplied = Meter.CreateCounter<long>("possim.proxy.faults_applied", "{hit}", "Faults applied, by fault kind");

    public static void Frame(FaultDirection direction)
    {
        if (Frames.Enabled)
        {
            Frames.Add(1, new KeyValuePair<string, object?>("direction", FaultNames.Of(direction)));
        }
    }

    public static void Applied(FaultKind kind)
    {
        if (FaultsApplied.Enabled)
        {
            FaultsApplied.Add(1, new KeyValuePair<string, object?>("kind", FaultNames.Of(kind)));
        }
    }
}
