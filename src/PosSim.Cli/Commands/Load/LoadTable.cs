using System.Globalization;
using PosSim.Load;
using Spectre.Console;

namespace PosSim.Cli.Commands.Load;

/// <summary>The end-of-run tables of `possim load`: counts, latency percentiles, response codes, and the requests by kind.</summary>
internal static class LoadTable
{
    public static void Write(IAnsiConsole console, LoadResult r)
    {
        var s = r.Settings;
        var loop = s.Scenario is { } scenario ? $"open loop, the day of scenario {scenario}" : s.IsOpenLoop ? Invariant($"open loop at {s.Rate:N0}/s") : Invariant($"closed loop, {s.InFlight} in flight per connection");
        console.WriteLine(Invariant($"possim load -> {s.Target} ({s.Codec.Dialect.Name}, {s.Framing}): {loop}, {s.Connections} connections, {s.TerminalCount} terminals, {r.Elapsed.TotalSeconds:0.0} s measured{(r.Interrupted ? " (stopped early)" : "")}"));

        var counts = new Table().AddColumns("sent", "answered", "timeouts", "connection errors", "bad responses", "refused", "late", "answered/s");
        counts.AddRow(N(r.Sent), N(r.Answered), N(r.Timeouts), N(r.ConnectionErrors), N(r.BadResponses), N(r.Refused), N(r.LateResponses), N((long)r.Throughput));
        RightAlign(counts);
        console.Write(counts);

        var latency = new Table().AddColumns("latency (ms)", "p50", "p90", "p99", "p99.9", "max");
        latency.AddRow(s.IsOpenLoop ? "from intended send" : "from send", Ms(r.PercentileMs(50)), Ms(r.PercentileMs(90)), Ms(r.PercentileMs(99)), Ms(r.PercentileMs(99.9)), Ms(r.MaxMs));
        if (s.IsOpenLoop)
        {
            // Inside the latency above: how late the generator itself sent. Large values mean it was the bottleneck.
            latency.AddRow("send lag", Ms(r.SendLagMs(50)), Ms(r.SendLagMs(90)), Ms(r.SendLagMs(99)), Ms(r.SendLagMs(99.9)), Ms(r.SendLagMaxMs));
        }

        RightAlign(latency);
        console.Write(latency);

        var codes = new Table().AddColumns("field 39", "answers");
        foreach (var (code, n) in r.ResponseCodes)
        {
            codes.AddRow(code, N(n));
        }

        codes.AddRow("sign-on " + Codes(r.SignOn), "");
        codes.AddRow("batch totals " + Codes(r.BatchTotals), "");
        codes.AddRow("reversals " + Codes(r.Reversals), "");
        console.Write(codes);

        var kinds = new Table().AddColumns("kind", "sent", "answered", "approved (00)");
        foreach (var (kind, c) in r.ByKind)
        {
            kinds.AddRow(TrafficMix.NameOf(kind), N(c.Sent), N(c.Answered), N(c.Approved));
        }

        console.Write(kinds);
    }

    private static string Codes(PhaseCounts phase) =>
        phase.Sent == 0
            ? "none sent"
            : Invariant($"{phase.Sent} sent: ") + string.Join(", ", phase.ResponseCodes.Select(p => Invariant($"{p.Key} x{p.Value}")).Append(phase.Unanswered > 0 ? Invariant($"no answer x{phase.Unanswered}") : "").Where(t => t.Length > 0));

    private static void RightAlign(Table table)
    {
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double ms) => ms.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
