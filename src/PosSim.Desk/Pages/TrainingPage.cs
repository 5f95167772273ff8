using System.Globalization;
using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Training;

namespace PosSim.Desk.Pages;

/// <summary>A training case as the training page lists it: its key, the case as it stands, and its grade so far.</summary>
internal sealed record TrainingRow(TrainingKey Key, SupportCase Case, Grade Grade);

/// <summary>
/// /training: the run's training cases and "next complaint"; /training/{id}: a case's grade, part by part, with what
/// was missed or wrong and what the procedure says, then the answer. The words are those `possim case grade` prints.
/// </summary>
internal static class TrainingPage
{
    public static string Render(DeskPage page, IReadOnlyList<TrainingRow> rows, DateTime now, string? problem = null)
    {
        var t = page.Text;
        var h = new Html();
        h.Tag("h1", t.DeskTrainingHeading).Tag("p", t.DeskTrainingIntro, "class=\"muted\"");
        if (problem is not null)
        {
            h.Raw("<div class=\"notice error\" role=\"alert\" id=\"refused\">").Text(problem).Raw("</div>");
        }

        h.Raw("<form method=\"post\" action=\"/training/next\" id=\"next-complaint\"><div class=\"buttons\">").Tag("button", t.DeskTrainingNextButton, "type=\"submit\"").Raw("</div></form>");
        if (rows.Count == 0)
        {
            h.Tag("p", t.DeskTrainingNone, "class=\"muted\"");
            return Layout.Page(page, t.DeskTrainingHeading, "/training", h.ToString(), QueuePage.Now(now));
        }

        h.Raw("<table id=\"training-cases\"><thead><tr>");
        foreach (var column in new[] { t.DeskColumnCase, t.DeskColumnComplaint, t.DeskColumnStage, t.DeskColumnScore })
        {
            h.Tag("th", column);
        }

        h.Raw("</tr></thead><tbody>");
        foreach (var row in rows.Reverse())
        {
            var c = row.Case;
            h.Raw($"<tr data-case=\"{c.Id}\"><td><a href=\"/cases/{c.Id}\">#{c.Id}</a></td>").Tag("td", t.Complaint(c.Complaint))
                .Raw("<td>").Tag("span", t.Stage(c.Stage), $"class=\"stage {CaseNames.Of(c.Stage)}\"").Raw("</td>")
                .Raw("<td>").Raw(c.IsClosed || c.Stage == CaseStage.Processing
                    ? $"<a href=\"/training/{c.Id}\">{Score(row.Grade)}</a>"
                    : Html.E(t.DeskNotGraded)).Raw("</td></tr>");
        }

        h.Raw("</tbody></table>");
        return Layout.Page(page, t.DeskTrainingHeading, "/training", h.ToString(), QueuePage.Now(now));
    }

    public static string Grade(DeskPage page, TrainingRow row, DateTime now)
    {
        var t = page.Text;
        var grade = row.Grade;
        var key = row.Key;
        var h = new Html();
        h.Raw("<h1 id=\"grade-title\">").Text(t.GradeTitle(grade.CaseId, grade.Score, grade.OutOf)).Raw("</h1>")
            .Tag("p", t.Verdict(grade.Verdict, grade.Stage), "id=\"verdict\" class=\"money\"")
            .Raw($"<p><a href=\"/cases/{grade.CaseId}\">").Text(t.CaseTitle(grade.CaseId, grade.Stage)).Raw("</a></p>");
        h.Raw("<table id=\"grade\"><thead><tr>");
        foreach (var (column, numeric) in new[] { (t.DeskColumnPart, false), (t.DeskColumnScore, true), (t.DeskColumnFeedback, false) })
        {
            h.Tag("th", column, numeric ? "class=\"num\"" : "");
        }

        h.Raw("</tr></thead><tbody>");
        foreach (var step in grade.Steps)
        {
            var points = step.Step == GradedStep.Order
                ? step.Points.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{step.Points}/{step.OutOf}");
            var reached = step.Reached || step.Mistakes.Length > 0 ? "" : " " + t.NotReached;
            h.Raw($"<tr data-step=\"{CaseNames.Of(step.Step)}\"{(step.FullMarks ? "" : " class=\"lost\"")}>").Tag("td", t.StepTitle(step.Step) + reached)
                .Tag("td", points, "class=\"num\"").Raw("<td>");
            if (step.FullMarks)
            {
                h.Raw("✓");
            }

            foreach (var mistake in step.Mistakes)
            {
                h.Raw("<p class=\"mistake\">✗ ").Text(t.Mistake(mistake, key.Answer));
                if (mistake.Corrected)
                {
                    h.Raw("<br>").Text(t.CorrectedMistake);
                }

                h.Raw("</p>");
            }

            if (!step.FullMarks)
            {
                h.Tag("p", t.StepProcedure(step.Step), "class=\"muted\"");
            }

            h.Raw("</td></tr>");
        }

        h.Raw("</tbody></table>");
        h.Raw("<section id=\"answer\"><h2>").Text(t.AnswerHeading).Raw("</h2>").Tag("p", t.TheAnswer(key.Answer, key.Fault, key.Finding)).Raw("</section>");
        return Layout.Page(page, t.DeskGradeHeading, "/training", h.ToString(), QueuePage.Now(now));
    }

    private static string Score(Grade grade) => string.Create(CultureInfo.InvariantCulture, $"{grade.Score}/{grade.OutOf}");
}
