using System.Text.Json;
using HdrHistogram;

namespace PosSim.Load.Outputs;

/// <summary>
/// The result as one JSON object (docs/load.md, "JSON fields"), for CI to compare runs. Names are snake_case;
/// latencies in microseconds (whole numbers, as the histogram records them); the object's shape never depends on
/// the data (kinds and series always present).
/// </summary>
public static class LoadJson
{
    public static void Write(Stream stream, LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var s = result.Settings;
        w.WriteStartObject();
        w.WriteString("target", s.Target.ToString());
        w.WriteString("dialect", s.Codec.Dialect.Name);
        w.WriteString("framing", s.Framing.ToString());
        w.WriteString("mode", s.IsOpenLoop ? "open" : "closed");
        if (s.Rate is { } rate)
        {
            w.WriteNumber("rate_per_s", rate);
        }
        else
        {
            w.WriteNull("rate_per_s");
        }

        if (s.Scenario is { } scenario)
        {
            w.WriteString("scenario", scenario);
        }
        else
        {
            w.WriteNull("scenario");
        }

        w.WriteNumber("in_flight", s.IsOpenLoop ? 0 : s.InFlight);
        w.WriteNumber("connections", s.Connections);
        w.WriteNumber("terminals", s.TerminalCount);
        w.WriteNumber("duration_s", s.Duration.TotalSeconds);
        w.WriteNumber("warmup_s", s.Warmup.TotalSeconds);
        w.WriteNumber("timeout_ms", s.Timeout.TotalMilliseconds);
        w.WriteBoolean("as_host", s.AsHost);
        w.WriteString("mix", s.Mix.ToString());
        w.WriteBoolean("interrupted", result.Interrupted);
        w.WriteNumber("elapsed_s", Math.Round(result.Elapsed.TotalSeconds, 3));
        w.WriteNumber("sent", result.Sent);
        w.WriteNumber("answered", result.Answered);
        w.WriteNumber("timeouts", result.Timeouts);
        w.WriteNumber("connection_errors", result.ConnectionErrors);
        w.WriteNumber("bad_responses", result.BadResponses);
        w.WriteNumber("refused", result.Refused);
        w.WriteNumber("errors", result.ConnectionErrors + result.BadResponses + result.Refused);
        w.WriteNumber("late_responses", result.LateResponses);
        w.WriteNumber("rate", Math.Round(result.Throughput, 1));

        w.WriteStartObject("response_codes");
        foreach (var (code, n) in result.ResponseCodes)
        {
            w.WriteNumber(code, n);
        }

        w.WriteEndObject();

        w.WriteStartObject("by_kind");
        foreach (var (kind, counts) in result.ByKind)
        {
            w.WriteStartObject(TrafficMix.NameOf(kind));
            w.WriteNumber("sent", counts.Sent);
            w.WriteNumber("answered", counts.Answered);
            w.WriteNumber("approved", counts.Approved);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        w.WriteStartObject("latency_us");
        w.WriteNumber("count", result.Latency.TotalCount);
        w.WriteNumber("mean", Math.Round(result.MeanMs * 1000, 1));
        w.WriteNumber("p50", Us(result.Latency, 50));
        w.WriteNumber("p90", Us(result.Latency, 90));
        w.WriteNumber("p99", Us(result.Latency, 99));
        w.WriteNumber("p999", Us(result.Latency, 99.9));
        w.WriteNumber("max", Max(result.Latency));
        w.WriteEndObject();

        w.WriteStartObject("send_lag_us");
        w.WriteNumber("p50", Us(result.SendLag, 50));
        w.WriteNumber("p99", Us(result.SendLag, 99));
        w.WriteNumber("max", Max(result.SendLag));
        w.WriteEndObject();

        w.WriteNumber("warmup_sent", result.WarmupSent);
        Phase(w, "sign_on", result.SignOn);
        Phase(w, "batch_totals", result.BatchTotals);
        Phase(w, "reversals", result.Reversals);

        w.WriteStartArray("series");
        foreach (var point in result.Series)
        {
            w.WriteStartObject();
            w.WriteNumber("second", point.Second);
            w.WriteNumber("sent", point.Sent);
            w.WriteNumber("answered", point.Answered);
            w.WriteNumber("errors", point.Errors);
            w.WriteNumber("p50_us", (long)Math.Round(point.P50Ms * 1000));
            w.WriteNumber("p99_us", (long)Math.Round(point.P99Ms * 1000));
            w.WriteNumber("max_us", (long)Math.Round(point.MaxMs * 1000));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static long Us(HistogramBase histogram, double percentile) => histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile);

    private static long Max(HistogramBase histogram) => histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue();

    private static void Phase(Utf8JsonWriter w, string name, PhaseCounts phase)
    {
        w.WriteStartObject(name);
        w.WriteNumber("sent", phase.Sent);
        w.WriteNumber("unanswered", phase.Unanswered);
        w.WriteStartObject("response_codes");
        foreach (var (code, n) in phase.ResponseCodes)
        {
            w.WriteNumber(code, n);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
