using System.Globalization;
using PosSim.Interchange;
using PosSim.Reconciliation;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>The matcher's exceptions, each with its cause in one sentence; sortable and filterable by kind.</summary>
internal static class ExceptionsSection
{
    private static readonly (string Title, bool Numeric)[] Columns =
    [
        ("kind", false), ("merchant", false), ("terminal", false), ("RRN", false), ("payout", false),
        ("business date", false), ("expected", true), ("actual", true), ("cause", false),
    ];

    public static void Write(TextWriter w, ReportModel m)
    {
        var all = m.Run.Match.Exceptions;
        w.Write("<section id=\"exceptions-section\"><h2>Exceptions</h2>");
        if (all.Count == 0)
        {
            w.Write("<p class=\"note\">The matcher found no exception.</p></section>");
            return;
        }

        w.Write("<div class=\"controls\"><label for=\"kind-filter\">Kind</label><select id=\"kind-filter\"><option value=\"\">all kinds</option>");
        foreach (var kind in ExceptionKinds.InOutputOrder)
        {
            if (m.Run.Match.Counts.TryGetValue(kind, out var n) && n > 0)
            {
                w.Write("<option value=\"");
                Html.Attr(w, kind.Name());
                w.Write("\">");
                Html.Text(w, string.Create(CultureInfo.InvariantCulture, $"{kind.Name()} ({n})"));
                w.Write("</option>");
            }
        }

        w.Write("</select><span class=\"note\">showing <b id=\"shown-count\">");
        Html.Text(w, Html.Raw(m.Exceptions.Count));
        w.Write("</b> of ");
        Html.Text(w, Html.Int(all.Count));
        w.Write("; click a column to sort</span></div><div class=\"scroll\"><table id=\"exceptions\"><thead><tr>");
        foreach (var (title, numeric) in Columns)
        {
            w.Write(numeric ? "<th class=\"num\" data-type=\"num\"><button type=\"button\">" : "<th data-type=\"text\"><button type=\"button\">");
            Html.Text(w, title);
            w.Write("</button></th>");
        }

        w.Write("<th></th></tr></thead><tbody>");
        var withTimeline = m.TimelineRows.Count;
        for (var i = 0; i < m.Exceptions.Count; i++)
        {
            var e = m.Exceptions[i];
            w.Write("<tr data-kind=\"");
            Html.Attr(w, e.Kind.Name());
            w.Write("\" data-i=\"");
            w.Write(Html.Raw(i));
            w.Write("\"><td><span class=\"kind\">");
            Html.Text(w, e.Kind.Name());
            w.Write("</span></td>");
            Html.Cell(w, e.MerchantId, "mono");
            Html.Cell(w, e.TerminalId, "mono");
            Html.Cell(w, e.Rrn, "mono");
            Html.Cell(w, e.PayoutId.Length > 0 ? e.PayoutId : e.StatementId, "mono");
            Html.Cell(w, e.BusinessDate, "mono");
            Html.MoneyCell(w, e.ExpectedMinor);
            Html.MoneyCell(w, e.ActualMinor);
            Html.Cell(w, Cause(e, m.Faults));
            w.Write(i < withTimeline ? $"<td><a href=\"#tl-{Html.Raw(i)}\">timeline</a></td>" : "<td></td>");
            w.Write("</tr>");
        }

        w.Write("</tbody></table></div>");
        if (all.Count > m.Exceptions.Count)
        {
            w.Write("<p class=\"note\">The first ");
            Html.Text(w, Html.Int(m.Exceptions.Count));
            w.Write(" exceptions are shown; ");
            Html.Text(w, Html.Int(all.Count - m.Exceptions.Count));
            w.Write(" more are in exceptions.csv.</p>");
        }

        w.Write("<p class=\"note\">Expected is what the money should have been by the rules, actual what the files show; amounts in ");
        Html.Text(w, m.CurrencyName);
        w.Write(".</p></section>");
    }

    /// <summary>The matcher's detail, and the injected fault's when one explains the row.</summary>
    public static string Cause(ExceptionRow e, FaultIndex faults)
    {
        var detail = e.Detail.TrimEnd('.', ' ');
        var cause = detail.Length > 0 ? detail : e.Kind.Name();
        if (faults.Explaining(e) is { } fault)
        {
            cause += fault.Detail.Length > 0
                ? $"; injected fault {fault.Fault}: {fault.Detail.TrimEnd('.', ' ')}"
                : $"; injected fault {fault.Fault}";
        }

        return cause + ".";
    }
}
