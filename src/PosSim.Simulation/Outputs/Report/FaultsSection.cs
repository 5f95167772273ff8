namespace PosSim.Simulation.Outputs.Report;

/// <summary>The injected faults beside what the matcher found, and the verdict of the oracle.</summary>
internal static class FaultsSection
{
    public static void Write(TextWriter w, ReportModel m)
    {
        var run = m.Run;
        w.Write("<section id=\"faults\"><h2>Faults and findings</h2>");
        if (run.Missed.Count == 0 && run.Unexplained.Count == 0)
        {
            w.Write("<p class=\"verdict ok\">");
            Html.Text(w, run.Expected.Count == 0
                ? "Nothing expected and nothing found."
                : $"All {Html.Int(run.Expected.Count)} found, nothing more.");
            w.Write("</p>");
        }
        else
        {
            w.Write("<p class=\"verdict bad\">");
            Html.Text(w, $"{Html.Int(run.Expected.Count - run.Missed.Count)} of {Html.Int(run.Expected.Count)} expected findings found; {Html.Int(run.Missed.Count)} missed, {Html.Int(run.Unexplained.Count)} unexplained.");
            w.Write("</p><div class=\"cols\">");
            FindingList(w, "Missed", "expected from the faults, not reported by the matcher", run.Missed);
            FindingList(w, "Unexplained", "reported by the matcher, explained by no fault", run.Unexplained);
            w.Write("</div>");
        }

        if (run.Faults.Count == 0)
        {
            w.Write("<p class=\"note\">No fault took effect in this run.</p></section>");
            return;
        }

        w.Write("<div class=\"scroll\"><table id=\"fault-table\"><thead><tr><th>#</th><th>time</th><th>fault</th><th>merchant</th><th>terminal</th>");
        w.Write("<th>RRN / payout</th><th>expected kind</th><th>found</th><th>detail</th></tr></thead><tbody>");
        var shown = Math.Min(run.Faults.Count, ReportModel.MaxFaultRows);
        for (var i = 0; i < shown; i++)
        {
            var f = run.Faults[i];
            w.Write("<tr>");
            Html.IntCell(w, f.Sequence);
            Html.Cell(w, Html.DateTime(f.LocalTime), "mono");
            Html.Cell(w, f.Fault);
            Html.Cell(w, f.MerchantId, "mono");
            Html.Cell(w, f.TerminalId, "mono");
            Html.Cell(w, f.Rrn.Length > 0 ? f.Rrn : f.PayoutId, "mono");
            w.Write(f.ExpectedKind.Length > 0 ? "<td><span class=\"kind\">" : "<td>");
            Html.Text(w, f.ExpectedKind.Length > 0 ? f.ExpectedKind : "none");
            w.Write(f.ExpectedKind.Length > 0 ? "</span></td><td>" : "</td><td>");
            switch (m.Faults.Found(f))
            {
                case true:
                    w.Write("<span class=\"badge ok\" title=\"found\">\u2713</span>");
                    break;
                case false:
                    w.Write("<span class=\"badge bad\" title=\"not found\">\u2717</span>");
                    break;
                default:
                    w.Write("<span class=\"badge none\" title=\"no finding expected\">\u2014</span>");
                    break;
            }

            w.Write("</td>");
            Html.Cell(w, f.Detail);
            w.Write("</tr>");
        }

        w.Write("</tbody></table></div>");
        if (run.Faults.Count > shown)
        {
            w.Write("<p class=\"note\">");
            Html.Text(w, $"The first {Html.Int(shown)} faults are shown; {Html.Int(run.Faults.Count - shown)} more are in ground-truth.csv.");
            w.Write("</p>");
        }

        w.Write("</section>");
    }

    private static void FindingList(TextWriter w, string title, string meaning, IReadOnlyList<Settlement.ExpectedFinding> findings)
    {
        w.Write("<div><h3>");
        Html.Text(w, title);
        w.Write("</h3><p class=\"note\">");
        Html.Text(w, meaning);
        w.Write("</p>");
        if (findings.Count == 0)
        {
            w.Write("<p class=\"note\">None.</p></div>");
            return;
        }

        w.Write("<ul class=\"plain\">");
        foreach (var f in findings.Take(ReportModel.MaxFaultRows))
        {
            w.Write("<li class=\"mono\">");
            Html.Text(w, f.ToString());
            w.Write("</li>");
        }

        w.Write("</ul>");
        if (findings.Count > ReportModel.MaxFaultRows)
        {
            w.Write("<p class=\"note\">");
            Html.Text(w, $"and {Html.Int(findings.Count - ReportModel.MaxFaultRows)} more.");
            w.Write("</p>");
        }

        w.Write("</div>");
    }
}
