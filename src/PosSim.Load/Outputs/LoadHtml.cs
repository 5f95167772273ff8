using System.Globalization;
using PosSim.Simulation.Outputs.Report;

namespace PosSim.Load.Outputs;

/// <summary>
/// A self-contained page of a load run: the summary, throughput and latency over time as inline SVG (the run
/// report's own bar charts), the response codes. No script, no stylesheet or font from the network.
/// </summary>
public static class LoadHtml
{
    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#1d2433;--muted:#5b6578}
        h1{font-size:20px}h2{font-size:16px;margin-top:28px}
        table{border-collapse:collapse;margin:8px 0 16px}td,th{padding:3px 12px;border-bottom:1px solid #e3e6eb;text-align:left}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .chart{margin:0 0 16px}.chart svg{width:100%;height:auto;display:block}
        .chart .grid{stroke:#e8ebf0;stroke-width:1}.chart .axis,.chart .tick{stroke:#8a94a6;stroke-width:1}
        .chart text{font-size:11px;fill:var(--muted);font-family:inherit}.chart .yl{text-anchor:end}.chart .axt{text-anchor:middle;font-size:12px}
        figcaption{color:var(--muted);font-size:12px}.key{margin-right:14px}
        .key i{display:inline-block;width:10px;height:10px;margin-right:5px;vertical-align:-1px;border-radius:2px}
        .s-ok{fill:#3a6fd8}.key i.s-ok{background:#3a6fd8}.s-err{fill:#d8453a}.key i.s-err{background:#d8453a}
        .s-p50{fill:#2f9a62}.key i.s-p50{background:#2f9a62}.s-p99{fill:#e39a3b}.key i.s-p99{background:#e39a3b}
        .s-max{fill:#c7cdd6}.key i.s-max{background:#c7cdd6}
        """;

    public static void Write(TextWriter w, LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Settings;
        w.Write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>possim load ");
        Html.Text(w, s.Target.ToString());
        w.Write("</title><style>");
        w.Write(Style);
        w.Write("</style></head><body><h1>possim load against ");
        Html.Text(w, s.Target.ToString());
        w.Write("</h1><p>");
        Html.Text(w, s.Scenario is { } scenario
            ? $"Open loop playing one day of scenario {scenario} (latency from each request's intended send time)"
            : s.IsOpenLoop
            ? Invariant($"Open loop at {s.Rate:N0} requests/s (latency from each request's intended send time)")
            : Invariant($"Closed loop, {s.InFlight} in flight per connection"));
        Html.Text(w, Invariant($"; {s.Connections} connections, {s.TerminalCount} terminals, {s.Codec.Dialect.Name}, {s.Framing}; mix {s.Mix}; measured {result.Elapsed.TotalSeconds:0.0} s after {s.Warmup.TotalSeconds:0.#} s of warmup."));
        if (result.Interrupted)
        {
            w.Write(" <strong>Stopped early.</strong>");
        }

        w.Write("</p><h2>Summary</h2><table>");
        Row(w, "sent", result.Sent);
        Row(w, "answered", result.Answered);
        Row(w, "timeouts", result.Timeouts);
        Row(w, "connection errors", result.ConnectionErrors);
        Row(w, "bad responses", result.BadResponses);
        Row(w, "refused", result.Refused);
        Row(w, "late responses", result.LateResponses);
        Row(w, "throughput (answered/s)", Invariant($"{result.Throughput:N0}"));
        foreach (var (name, p) in new[] { ("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("p99.9", 99.9) })
        {
            Row(w, $"latency {name} (ms)", Invariant($"{result.PercentileMs(p):0.000}"));
        }

        Row(w, "latency max (ms)", Invariant($"{result.MaxMs:0.000}"));
        if (s.IsOpenLoop)
        {
            Row(w, "send lag p99 (ms, the generator's own delay)", Invariant($"{result.SendLagMs(99):0.000}"));
        }

        w.Write("</table><h2>Throughput</h2>");
        var ticks = Ticks(result.Series.Count);
        SvgChart.Write(w, "Requests per second", "per second", [("answered", "s-ok"), ("errors", "s-err")],
            [.. result.Series.Select(p => new SvgChart.Bar([p.Answered, p.Errors], Invariant($"second {p.Second}: {p.Answered:N0} answered, {p.Errors:N0} errors")))],
            ticks, v => v.ToString("N0", CultureInfo.InvariantCulture));
        w.Write("<h2>Latency</h2>");
        SvgChart.Write(w, "Latency per second: p50, p99, max", "ms", [("p50", "s-p50"), ("p99", "s-p99"), ("max", "s-max")],
            [.. result.Series.Select(p => new SvgChart.Bar(LatencyStack(p), Invariant($"second {p.Second}: p50 {p.P50Ms:0.000} ms, p99 {p.P99Ms:0.000} ms, max {p.MaxMs:0.000} ms")))],
            ticks, v => Invariant($"{v / 1000.0:0.##}"));
        w.Write("<h2>Response codes</h2><table><tr><th>field 39</th><th>answers</th></tr>");
        foreach (var (code, n) in result.ResponseCodes)
        {
            Row(w, code, n);
        }

        w.Write("</table><h2>By kind</h2><table><tr><th>kind</th><th>sent</th><th>answered</th><th>approved</th></tr>");
        foreach (var (kind, c) in result.ByKind)
        {
            w.Write("<tr><td>");
            Html.Text(w, TrafficMix.NameOf(kind));
            w.Write(Invariant($"</td><td class=\"num\">{c.Sent:N0}</td><td class=\"num\">{c.Answered:N0}</td><td class=\"num\">{c.Approved:N0}</td></tr>"));
        }

        w.Write("</table></body></html>\n");
    }

    /// <summary>p50, then p99 above it, then max above that, in microseconds, stacked so the bar's top is the max.</summary>
    private static long[] LatencyStack(SecondSample p)
    {
        var p50 = (long)(p.P50Ms * 1000);
        var p99 = Math.Max((long)(p.P99Ms * 1000), p50);
        var max = Math.Max((long)(p.MaxMs * 1000), p99);
        return [p50, p99 - p50, max - p99];
    }

    /// <summary>About ten labels on the time axis.</summary>
    private static SvgChart.Tick[] Ticks(int seconds)
    {
        var every = Math.Max(1, (seconds + 9) / 10);
        return [.. Enumerable.Range(0, seconds).Where(i => i % every == 0).Select(i => new SvgChart.Tick(i, Invariant($"{i} s")))];
    }

    private static void Row(TextWriter w, string name, long value) => Row(w, name, value.ToString("N0", CultureInfo.InvariantCulture));

    private static void Row(TextWriter w, string name, string value)
    {
        w.Write("<tr><td>");
        Html.Text(w, name);
        w.Write("</td><td class=\"num\">");
        Html.Text(w, value);
        w.Write("</td></tr>");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
