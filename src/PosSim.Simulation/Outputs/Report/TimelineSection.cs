using PosSim.Interchange;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>For each of the first exceptions, its transaction's (or terminal-day's) journey as a small vertical timeline.</summary>
internal static class TimelineSection
{
    /// <summary>The first few are open, so the page shows what a timeline is without a click.</summary>
    private const int OpenByDefault = 3;

    public static void Write(TextWriter w, ReportModel m)
    {
        var rows = m.TimelineRows;
        w.Write("<section id=\"timelines\"><h2>Timelines</h2>");
        if (rows.Count == 0)
        {
            w.Write("<p class=\"note\">No exception, so no timeline.</p></section>");
            return;
        }

        w.Write("<p class=\"note\">Switch, issuer, clearing, settlement, payout and bank events of each exception's transaction, oldest first; ");
        w.Write("for a terminal's whole day (batch-out-of-balance), its batch closes around that date, the switch's live sales of the day and the terminal's faults up to it. ");
        w.Write("Back-office steps happen at the cut-over of their date.");
        if (m.Run.Match.Exceptions.Count > rows.Count)
        {
            Html.Text(w, $" Only the first {Html.Int(rows.Count)} exceptions have one here.");
        }

        w.Write("</p>");
        for (var i = 0; i < rows.Count; i++)
        {
            var e = rows[i];
            w.Write(i < OpenByDefault ? $"<details class=\"tl\" id=\"tl-{Html.Raw(i)}\" open><summary>" : $"<details class=\"tl\" id=\"tl-{Html.Raw(i)}\"><summary>");
            w.Write("<span class=\"kind\">");
            Html.Text(w, e.Kind.Name());
            w.Write("</span> ");
            Html.Text(w, Subject(e));
            w.Write("</summary><ol class=\"timeline\">");
            var events = m.Timelines.For(e);
            if (events.Count == 0)
            {
                w.Write("<li>no event of the run names this key</li>");
            }

            foreach (var ev in events)
            {
                w.Write(ev.Bad ? "<li class=\"bad\"><time>" : "<li><time>");
                Html.Text(w, Html.Time(ev.At));
                w.Write("</time><span class=\"actor\">");
                Html.Text(w, ev.Actor);
                w.Write("</span>");
                Html.Text(w, ev.Text);
                w.Write("</li>");
            }

            w.Write("</ol><p class=\"note\">");
            Html.Text(w, ExceptionsSection.Cause(e, m.Faults));
            w.Write("</p></details>");
        }

        w.Write("</section>");
    }

    private static string Subject(Reconciliation.ExceptionRow e)
    {
        var parts = new List<string>(4);
        if (e.MerchantId.Length > 0)
        {
            parts.Add("merchant " + e.MerchantId);
        }

        if (e.TerminalId.Length > 0)
        {
            parts.Add("terminal " + e.TerminalId);
        }

        if (e.Rrn.Length > 0)
        {
            parts.Add("RRN " + e.Rrn);
        }

        if (e.PayoutId.Length > 0)
        {
            parts.Add("payout " + e.PayoutId);
        }

        if (e.StatementId.Length > 0)
        {
            parts.Add("statement " + e.StatementId);
        }

        if (e.BusinessDate.Length > 0)
        {
            parts.Add("business date " + e.BusinessDate);
        }

        return string.Join(", ", parts);
    }
}
