using PosSim.Core.Cases;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Desk.Pages;

/// <summary>/cases: the case queue, by view (open, waiting for review, processing, escalated, completed), with each case's age in the run's time.</summary>
internal static class QueuePage
{
    public static bool In(DeskQueueFilter filter, CaseStage stage) => filter switch
    {
        DeskQueueFilter.Open => stage is CaseStage.Registered or CaseStage.RecordsConfirmed or CaseStage.Diagnosed or CaseStage.CustomerContacted or CaseStage.RefundAppliedFor,
        DeskQueueFilter.Review => stage == CaseStage.UnderReview,
        DeskQueueFilter.Processing => stage == CaseStage.Processing,
        DeskQueueFilter.Escalated => stage == CaseStage.Escalated,
        DeskQueueFilter.Completed => stage == CaseStage.Completed,
        _ => true,
    };

    public static string Render(DeskPage page, IReadOnlyCollection<SupportCase> cases, DateTime now, DeskQueueFilter filter)
    {
        var t = page.Text;
        var h = new Html();
        h.Tag("h1", t.DeskQueueHeading).Raw("<p class=\"filters\">");
        foreach (var f in Enum.GetValues<DeskQueueFilter>())
        {
            var count = cases.Count(c => In(f, c.Stage));
            h.Raw($"<a href=\"/cases?show={CaseNames.Of(f)}\"{(f == filter ? " aria-current=\"page\"" : "")}>").Text($"{t.DeskFilter(f)} ({count})").Raw("</a>");
        }

        h.Raw("</p>");
        var shown = cases.Where(c => In(filter, c.Stage)).OrderByDescending(c => c.Id).ToList();
        if (shown.Count == 0)
        {
            h.Tag("p", t.DeskNoCases, "class=\"muted\"");
            return Layout.Page(page, t.DeskQueueHeading, "/cases", h.ToString(), Now(now));
        }

        h.Raw("<table id=\"queue\"><thead><tr>");
        foreach (var column in new[] { t.DeskColumnCase, t.DeskColumnMerchant, t.DeskColumnComplaint, t.DeskColumnStage, t.DeskColumnOpened, t.DeskColumnAge, t.DeskColumnLastStep })
        {
            h.Tag("th", column);
        }

        h.Raw("</tr></thead><tbody>");
        foreach (var c in shown)
        {
            var opened = c.Audit[0].At;
            var last = c.Audit[^1];

            // An open case ages until now; a closed one keeps the time it took.
            var age = (c.IsClosed ? last.At : now) - opened;
            h.Raw($"<tr data-case=\"{c.Id}\"><td><a href=\"/cases/{c.Id}\">#{c.Id}</a></td>")
                .Raw($"<td><a href=\"/merchants/{Uri.EscapeDataString(c.Complaint.MerchantId)}\">").Text(c.Complaint.MerchantId).Raw("</a></td>")
                .Tag("td", $"{Now(c.Complaint.ApproximateTime)} · {page.Trace.Money(c.Complaint.AmountMinor, page.Currency)} · {c.Complaint.Words}")
                .Raw("<td>").Tag("span", t.Stage(c.Stage), $"class=\"stage {CaseNames.Of(c.Stage)}\"").Raw("</td>")
                .Tag("td", Now(opened))
                .Tag("td", t.DeskAge(age))
                .Tag("td", $"{last.Action} · {last.Actor}")
                .Raw("</tr>");
        }

        h.Raw("</tbody></table>");
        return Layout.Page(page, t.DeskQueueHeading, "/cases", h.ToString(), Now(now));
    }

    public static string Now(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
