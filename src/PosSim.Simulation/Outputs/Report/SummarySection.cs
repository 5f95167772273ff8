using PosSim.Interchange;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>The run at a glance: traffic, declines, faults, exceptions, and the scenario's expectations.</summary>
internal static class SummarySection
{
    public static void Write(TextWriter w, ReportModel m)
    {
        var run = m.Run;
        var t = m.Traffic;
        w.Write("<section id=\"summary\"><h2>Summary</h2><div class=\"tiles\">");
        Tile(w, Html.Int(t.Total), "transactions");
        Tile(w, Html.Int(t.Approved), "approved");
        Tile(w, Html.Int(t.DeclinesByCode.Values.Sum()), "declined");
        Tile(w, Html.Int(t.TimedOut), "timed out");
        Tile(w, Html.Int(run.Match.Live), "live (matcher)");
        Tile(w, Html.Int(run.Match.Matched), "matched");
        Tile(w, Html.Int(run.Match.Pending), "pending");
        Tile(w, Html.Int(run.Faults.Count), "faults injected");
        Tile(w, Html.Int(run.Match.Exceptions.Count), "exceptions");
        w.Write("</div><div class=\"cols\">");

        w.Write("<div><h3>Transactions by kind</h3>");
        CountTable(w, "kind", t.ByKind);
        w.Write("<h3>Declines by response code</h3>");
        if (t.DeclinesByCode.Count == 0)
        {
            w.Write("<p class=\"note\">No declines.</p>");
        }
        else
        {
            CountTable(w, "code", t.DeclinesByCode);
        }

        w.Write("</div><div><h3>Faults injected</h3>");
        var faults = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var f in run.Faults)
        {
            faults[f.Fault] = faults.GetValueOrDefault(f.Fault) + 1;
        }

        if (faults.Count == 0)
        {
            w.Write("<p class=\"note\">None.</p>");
        }
        else
        {
            CountTable(w, "fault", faults);
        }

        w.Write("<h3>Exceptions by kind</h3>");
        var kinds = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var kind in ExceptionKinds.InOutputOrder)
        {
            if (run.Match.Counts.TryGetValue(kind, out var n) && n > 0)
            {
                kinds[kind.Name()] = n;
            }
        }

        if (kinds.Count == 0)
        {
            w.Write("<p class=\"note\">None: every live transaction was cleared, settled and paid, or is not yet due.</p>");
        }
        else
        {
            CountTable(w, "kind", kinds);
        }

        w.Write("</div>");
        if (run.Counters.Count > 0)
        {
            w.Write("<div><h3>Counters</h3>");
            CountTable(w, "counter", run.Counters.OrderBy(c => c.Key, StringComparer.Ordinal));
            w.Write("</div>");
        }

        // Expectations get the full width: their expected and actual values can be long.
        w.Write("<div class=\"wide\"><h3>Expectations</h3>");
        if (run.Expectations.Count == 0)
        {
            w.Write("<p class=\"note\">The scenario sets none.</p>");
        }
        else
        {
            w.Write("<table><thead><tr><th>expectation</th><th>expected</th><th>actual</th><th>outcome</th></tr></thead><tbody>");
            foreach (var e in run.Expectations)
            {
                w.Write("<tr>");
                Html.Cell(w, e.Name);
                Html.Cell(w, e.Expected);
                Html.Cell(w, e.Actual);
                w.Write("<td>");
                Html.Badge(w, e.Held);
                w.Write("</td></tr>");
            }

            w.Write("</tbody></table>");
        }

        w.Write("<h3>Books</h3>");
        if (run.LedgerProblems.Count == 0)
        {
            w.Write("<p><span class=\"badge ok\">balanced</span> every posting balances and money is conserved.</p>");
        }
        else
        {
            w.Write("<ul class=\"plain\">");
            foreach (var problem in run.LedgerProblems)
            {
                w.Write("<li><span class=\"badge bad\">problem</span> ");
                Html.Text(w, problem);
                w.Write("</li>");
            }

            w.Write("</ul>");
        }

        w.Write("</div></div></section>");
    }

    private static void Tile(TextWriter w, string value, string label)
    {
        w.Write("<div class=\"tile\"><b>");
        Html.Text(w, value);
        w.Write("</b><span>");
        Html.Text(w, label);
        w.Write("</span></div>");
    }

    private static void CountTable(TextWriter w, string what, IEnumerable<KeyValuePair<string, long>> counts)
    {
        w.Write("<table><thead><tr><th>");
        Html.Text(w, what);
        w.Write("</th><th class=\"num\">count</th></tr></thead><tbody>");
        foreach (var (name, n) in counts)
        {
            w.Write("<tr>");
            Html.Cell(w, name);
            Html.IntCell(w, n);
            w.Write("</tr>");
        }

        w.Write("</tbody></table>");
    }
}
