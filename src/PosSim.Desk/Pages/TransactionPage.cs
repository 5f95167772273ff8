using System.Globalization;
using PosSim.Core.Cases;
using PosSim.Simulation.Support;

namespace PosSim.Desk.Pages;

/// <summary>
/// /transactions/{terminal}/{rrn}: the transaction's journey as `possim trace` tells it, hop by hop, with where the
/// money is now in one sentence, what to tell the merchant, what to do next, the findings and the cases about it.
/// </summary>
internal static class TransactionPage
{
    public static string Render(DeskPage page, TraceStory story, IReadOnlyList<SupportCase> cases)
    {
        var t = page.Text;
        var trace = page.Trace;
        var row = story.Transaction;
        var h = new Html();
        h.Tag("h1", story.Title);
        h.Raw("<section id=\"money-now\"><h2>").Text(trace.MoneyNowHeading).Raw("</h2><p class=\"money\">").Text(story.MoneyNow).Raw("</p>")
            .Raw("<h2>").Text(trace.TellMerchantHeading).Raw("</h2>").Tag("p", story.TellMerchant).Raw("</section>");

        h.Raw("<section id=\"journey\"><h2>").Text(t.DeskJourneyHeading).Raw("</h2><ol class=\"timeline\">");
        foreach (var step in story.Steps)
        {
            h.Raw(step.Trouble ? "<li class=\"trouble\">" : "<li>")
                .Tag("div", $"{step.Time} · {trace.HopName(step.From)} → {trace.HopName(step.To)}", "class=\"hop\"")
                .Tag("div", step.Text, "class=\"text\"").Raw("</li>");
        }

        h.Raw("</ol></section>");
        h.Raw("<section id=\"next\"><h2>").Text(trace.NextStepsHeading).Raw("</h2><ul>");
        foreach (var next in story.NextSteps)
        {
            h.Tag("li", next);
        }

        h.Raw("</ul>");
        if (story.Findings.Count > 0)
        {
            h.Raw("<h2>").Text(trace.FindingsHeading).Raw("</h2><ul id=\"findings\">");
            foreach (var finding in story.Findings)
            {
                h.Tag("li", finding);
            }

            h.Raw("</ul>");
        }

        h.Raw("</section><section id=\"cases\"><h2>").Text(t.DeskCasesAboutIt).Raw("</h2>");
        if (cases.Count == 0)
        {
            h.Tag("p", t.DeskNothing, "class=\"muted\"");
        }
        else
        {
            h.Raw("<ul>");
            foreach (var c in cases)
            {
                h.Raw($"<li><a href=\"/cases/{c.Id}\">").Text(t.CaseTitle(c.Id, c.Stage)).Raw("</a></li>");
            }

            h.Raw("</ul>");
        }

        if (row.Kind == "purchase")
        {
            var when = DateTime.ParseExact(row.LocalTime, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
            var intake = "/cases/new?merchant=" + Uri.EscapeDataString(row.MerchantId) + "&terminal=" + Uri.EscapeDataString(row.TerminalId) +
                "&time=" + Uri.EscapeDataString(DeskInput.Time(when)) + "&amount=" + DeskInput.Amount(row.AmountMinor);
            h.Raw($"<p><a href=\"{Html.E(intake)}\">").Text(t.DeskComplainAboutIt).Raw("</a> · ")
                .Raw($"<a href=\"/merchants/{Uri.EscapeDataString(row.MerchantId)}\">").Text(t.DeskMerchantHeading(row.MerchantId)).Raw("</a></p>");
        }

        h.Raw("</section>");
        return Layout.Page(page, story.Title, "", h.ToString());
    }
}
