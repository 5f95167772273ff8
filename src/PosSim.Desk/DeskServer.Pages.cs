using Microsoft.AspNetCore.Http;
using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using PosSim.Desk.Pages;
using PosSim.Desk.Records;
using PosSim.Simulation.Support;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Training;

namespace PosSim.Desk;

/// <summary>The pages that only show: queue, intake form, search, transaction, case, merchant.</summary>
public sealed partial class DeskServer
{
    private static readonly string[] SearchFields = ["from", "to", "min", "max", "terminal", "rrn", "stan", "card"];

    private async Task QueueAsync(HttpContext http)
    {
        var page = PageFor(http);
        var query = Query(http.Request);
        var filters = QueueFilters.Read(query, page.Text);
        var html = await _run.UseAsync(s => QueuePage.Render(page, [.. s.Book.Cases], s.Book.NextAt, filters, query), http.RequestAborted).ConfigureAwait(false);
        await HtmlAsync(http, html, query.HasErrors ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK).ConfigureAwait(false);
    }

    private async Task IntakeAsync(HttpContext http)
    {
        var page = PageFor(http);
        var form = Query(http.Request);
        var html = await _run.UseAsync(s => IntakePage.Render(page, s.Records.Merchants(), form, s.Book.NextAt), http.RequestAborted).ConfigureAwait(false);
        await HtmlAsync(http, html).ConfigureAwait(false);
    }

    private async Task SearchAsync(HttpContext http)
    {
        var page = PageFor(http);
        var form = Query(http.Request);
        if (form.Optional("card") is { } card && DeskInput.Card(card) is { Masked: { } masked } && masked != card)
        {
            // A number read off the card came in whole: search again with it masked, so no page, link or history keeps it.
            var query = QueryPairs.Without(http.Request.Query, "card")
                .Append("card=" + Uri.EscapeDataString(masked));
            http.Response.Redirect("/search?" + string.Join("&", query));
            return;
        }

        // The first visit shows the form; a search with nothing in it asks for an anchor; a wrong value searches nothing.
        var asked = SearchFields.Any(n => form.Optional(n) is not null);
        var criteria = asked ? SearchPage.Read(form, page) : null;
        var html = await _run.UseAsync(s =>
        {
            var rows = criteria is { Anchored: true } ? s.Records.Search(criteria) : null;
            return SearchPage.Render(page, form, criteria, rows);
        }, http.RequestAborted).ConfigureAwait(false);
        await HtmlAsync(http, html, form.HasErrors ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK).ConfigureAwait(false);
    }

    private async Task TransactionAsync(HttpContext http)
    {
        var page = PageFor(http);
        var terminal = Route(http, "terminal");
        var rrn = Route(http, "rrn");
        var html = await _run.UseAsync(s =>
        {
            // A reversal or void stands for the sale it cancels, as in `possim trace`.
            var row = s.Reader.Find(new TraceQuery.ByRrn(rrn)).FirstOrDefault(r => r.TerminalId == terminal)
                ?? (s.Records.Transaction(terminal, rrn) is { OriginalRrn: { } original } followUp
                    ? s.Reader.Find(new TraceQuery.ByRrn(original)).FirstOrDefault(r => r.TerminalId == followUp.TerminalId)
                    : null);
            if (row is null)
            {
                return null;
            }

            var story = TransactionStory.Tell(s.Reader.Read(row), page.Trace);
            var cases = s.Book.Cases.Where(c => c.Transaction is { } t && t.TerminalId == row.TerminalId && t.Rrn == row.Rrn).ToList();
            return TransactionPage.Render(page, story, cases);
        }, http.RequestAborted).ConfigureAwait(false);
        if (html is null)
        {
            await HtmlAsync(http, Layout.Page(page, page.Text.DeskSearchHeading, "/search", new Html().Tag("p", page.Text.DeskNoSuchTransaction(terminal, rrn), "class=\"notice error\"").ToString()),
                StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }

        await HtmlAsync(http, html).ConfigureAwait(false);
    }

    private async Task MerchantAsync(HttpContext http)
    {
        var page = PageFor(http);
        var id = Route(http, "id");
        var account = await _run.UseAsync(s => s.Records.Merchant(id), http.RequestAborted).ConfigureAwait(false);
        if (account is null)
        {
            await HtmlAsync(http, Layout.Page(page, page.Text.DeskNavCases, "", new Html().Tag("p", page.Text.DeskUnknownMerchant(id), "class=\"notice error\"").ToString()),
                StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }

        await HtmlAsync(http, MerchantPage.Render(page, account)).ConfigureAwait(false);
    }

    private async Task CaseAsync(HttpContext http)
    {
        var page = PageFor(http);
        var id = long.Parse(Route(http, "id"), System.Globalization.CultureInfo.InvariantCulture);
        var done = http.Request.Query.ContainsKey("done");
        var carried = http.Request.Query.ContainsKey("carried");
        var html = await _run.UseAsync(s =>
        {
            if (!s.Book.Cases.Any(c => c.Id == id))
            {
                return null;
            }

            var view = View(s, s.Book.Get(id), page);
            var notice = done ? page.Text.DeskAccepted(page.Text.Stage(view.Case.Stage)) + (carried ? " " + page.Text.DeskCarriedOut : "") : null;
            return CasePage.Render(page, view, FormValues.Empty, notice);
        }, http.RequestAborted).ConfigureAwait(false);
        await CaseHtmlAsync(http, page, id, html, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    private static async Task CaseHtmlAsync(HttpContext http, DeskPage page, long id, string? html, int status)
    {
        if (html is null)
        {
            await HtmlAsync(http, Layout.Page(page, page.Text.DeskNavCases, "/cases", new Html().Tag("p", page.Text.DeskNoSuchCase(id), "class=\"notice error\"").ToString()),
                StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }

        await HtmlAsync(http, html, status).ConfigureAwait(false);
    }

    /// <summary>Everything the case page shows about a case, read from the records as they are now.</summary>
    private static CaseView View(DeskSession s, SupportCase c, DeskPage page)
    {
        var book = s.Book;
        var candidates = c.Stage == CaseStage.Registered ? book.Candidates(c) : [];
        TransactionFacts? current = null;
        string? moneyNow = null;
        if (c.Transaction is { } chosen)
        {
            current = book.Facts.Find(chosen.TerminalId, chosen.Rrn);
            if (s.Reader.Find(new TraceQuery.ByRrn(chosen.Rrn)).FirstOrDefault(r => r.TerminalId == chosen.TerminalId) is { } row)
            {
                moneyNow = TransactionStory.Tell(s.Reader.Read(row), page.Trace).MoneyNow;
            }
        }

        var problems = c is { Stage: CaseStage.UnderReview, Application: { } application } ? book.Check(c, application) : [];
        var searched = c.Stage == CaseStage.Registered && Trainer.WorkOf(s.Dir, c.Id).Any(w => w is SearchedRecords);
        var training = TrainingKey.ReadAllOrNone(s.Dir).Any(k => k.Answer.CaseId == c.Id);
        return new CaseView(c, book.NextAt, candidates, current, moneyNow, problems, searched, training);
    }
}
