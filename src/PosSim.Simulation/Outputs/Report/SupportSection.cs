using PosSim.Simulation.Support.Cases;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>What support cases did after the scenario's days: each approved way back, and the proof or why nothing moved.</summary>
internal static class SupportSection
{
    public static void Write(TextWriter w, ReportModel m)
    {
        var resolutions = m.Run.Resolutions;
        if (resolutions.Count == 0)
        {
            return; // a run without support cases keeps the report it always had
        }

        w.Write("<section id=\"support\"><h2>Support cases</h2><p class=\"verdict ");
        var done = resolutions.Count(r => r.Done);
        w.Write(done == resolutions.Count ? "ok\">" : "bad\">");
        Html.Text(w, $"{Html.Int(done)} of {Html.Int(resolutions.Count)} approved ways back moved the money; the cases and their audit trails are in cases.ndjson (possim case show).");
        w.Write("</p><div class=\"scroll\"><table><thead><tr><th>case</th><th>way back</th><th>terminal</th><th>RRN</th><th>amount</th><th>carried out</th>");
        w.Write("<th>message</th><th>payout</th><th>outcome</th></tr></thead><tbody>");
        foreach (var r in resolutions.OrderBy(r => r.Order.CaseId))
        {
            var o = r.Order;
            w.Write("<tr>");
            Html.IntCell(w, o.CaseId);
            Html.Cell(w, CaseNames.Of(o.Path));
            Html.Cell(w, o.TerminalId, "mono");
            Html.Cell(w, o.Rrn, "mono");
            Html.MoneyCell(w, o.AmountMinor);
            Html.Cell(w, Html.DateTime(o.At), "mono");
            Html.Cell(w, r.MessageRrn ?? "", "mono");
            Html.Cell(w, r.PayoutId ?? "", "mono");
            w.Write("<td>");
            Html.Badge(w, r.Done, "done", "nothing moved");
            w.Write(' ');
            Html.Text(w, r.Done ? r.Proof : r.Failure);
            w.Write("</td></tr>");
        }

        w.Write("</tbody></table></div></section>");
    }
}
