using System.Diagnostics.Metrics;

namespace PosSim.Load;

/// <summary>
/// The generator's own counts as System.Diagnostics.Metrics instruments (meter <see cref="MeterName"/>), for
/// dotnet-counters while a run goes on. Only the measured part of a run counts, as in the report. Tags are added
/// only while something listens, so a run nobody watches pays one check per request.
/// </summary>
internal static class LoadMetrics
{
    public const string MeterName = "PosSim.Load";

    private static readonly Meter Meter = new(MeterName);
    private static readonly string[] KindNames = ["purchase", "refund", "void", "echo"];

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>("possim.load.requests.sent", "{request}", "Requests sent, by kind");

    public static readonly Counter<long> Responses = Meter.CreateCounter<long>("possim.load.responses", "{response}", "Responses received, by response code");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("possim.load.failures", "{request}", "Requests without an answer: timeout, connection_error, bad_response or refused");

    public static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("possim.load.latency", "ms", "From the intended send time to the answer");

    public static void Sending(RequestKind kind)
    {
        if (Sent.Enabled)
        {
            Sent.Add(1, new KeyValuePair<string, object?>("kind", KindNames[(int)kind]));
        }
    }

    public static void Answered(string code, long micros)
    {
        if (Responses.Enabled)
        {
            Responses.Add(1, new KeyValuePair<string, object?>("response_code", code));
        }

        if (Latency.Enabled)
        {
            Latency.Record(micros / 1000.0);
        }
    }

    public static void Failed(string reason)
    {
        if (Failures.Enabled)
        {
            Failures.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }
}
