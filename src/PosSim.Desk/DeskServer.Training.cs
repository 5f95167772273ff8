using Microsoft.AspNetCore.Http;
using PosSim.Desk.Pages;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Evidence;
using PosSim.Simulation.Support.Cases.Training;

namespace PosSim.Desk;

/// <summary>Training mode (the run's training cases, the next complaint, a grade) and the evidence pack to download.</summary>
public sealed partial class DeskServer
{
    private async Task TrainingAsync(HttpContext http)
    {
        var page = PageFor(http);
        var html = await _run.UseAsync(s => TrainingPage.Render(page, TrainingRows(s), s.Book.NextAt), http.RequestAborted).ConfigureAwait(false);
        await HtmlAsync(http, html).ConfigureAwait(false);
    }

    /// <summary>Draws the next break of the run a merchant would call about and opens its case, through the same trainer as `possim case train`.</summary>
    private async Task NextComplaintAsync(HttpContext http)
    {
        var page = PageFor(http);
        var (opened, html) = await _run.UseAsync(s =>
        {
            try
            {
                return ((long?)Trainer.Next(s.Dir, page.Text).Case.Id, (string?)null);
            }
            catch (CaseInputException e)
            {
                return (null, TrainingPage.Render(page, TrainingRows(s), s.Book.NextAt, e.Message));
            }
        }, http.RequestAborted).ConfigureAwait(false);
        if (opened is null)
        {
            await HtmlAsync(http, html!, StatusCodes.Status409Conflict).ConfigureAwait(false);
            return;
        }

        http.Response.Redirect($"/cases/{opened}");
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
    }

    private async Task GradeAsync(HttpContext http)
    {
        var page = PageFor(http);
        var id = long.Parse(Route(http, "id"), System.Globalization.CultureInfo.InvariantCulture);
        var html = await _run.UseAsync(s => TrainingKey.ReadAllOrNone(s.Dir).FirstOrDefault(k => k.Answer.CaseId == id) is { } key
            ? TrainingPage.Grade(page, Row(s, key), s.Book.NextAt)
            : null, http.RequestAborted).ConfigureAwait(false);
        await CaseHtmlAsync(http, page, id, html, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    /// <summary>The case's evidence pack, as `possim case evidence` writes it, in the page's language, to save.</summary>
    private async Task EvidenceAsync(HttpContext http)
    {
        var page = PageFor(http);
        var id = long.Parse(Route(http, "id"), System.Globalization.CultureInfo.InvariantCulture);
        var pack = await _run.UseAsync(s => s.Book.Cases.FirstOrDefault(c => c.Id == id) is { } c
            ? CaseEvidence.Render(CaseEvidence.Collect(s.Dir, c), page.Text)
            : null, http.RequestAborted).ConfigureAwait(false);
        if (pack is null)
        {
            await CaseHtmlAsync(http, page, id, null, StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"case-{id}.html\"";
        await HtmlAsync(http, pack).ConfigureAwait(false);
    }

    /// <summary>Every training case of the run, oldest first, graded as it stands.</summary>
    private static List<TrainingRow> TrainingRows(DeskSession s) => [.. TrainingKey.ReadAllOrNone(s.Dir).Select(k => Row(s, k))];

    /// <summary>A training case graded on the request's case book, which is open already.</summary>
    private static TrainingRow Row(DeskSession s, TrainingKey key) => new(key, s.Book.Get(key.Answer.CaseId), Trainer.Grade(s.Book, s.Dir, key));
}
