using Microsoft.AspNetCore.Http;
using PosSim.Core.Cases;
using PosSim.Desk.Pages;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Evidence;

namespace PosSim.Desk;

/// <summary>
/// The forms that change the case book: a complaint opens a case, each step goes to <see cref="CaseBook.Do"/> and so
/// through <see cref="CaseEngine"/>, exactly as `possim case` does. What was typed is checked first (a wrong
/// amount, time or RRN); then the engine accepts the step or refuses it. Either way a failure changes nothing and
/// comes back as the page with the reason; an accepted step redirects to the case (so reloading does not repeat it).
/// </summary>
public sealed partial class DeskServer
{
    private async Task OpenCaseAsync(HttpContext http)
    {
        var page = PageFor(http);
        var t = page.Text;
        var form = await FormAsync(http.Request, "open").ConfigureAwait(false);
        var (opened, html) = await _run.UseAsync(s =>
        {
            var merchant = form.Optional("merchant");
            if (merchant is null)
            {
                form.Error("merchant", t.DeskRequired(t.DeskFieldMerchant));
            }
            else if (!s.Records.MerchantExists(merchant))
            {
                form.Error("merchant", t.DeskUnknownMerchant(merchant));
            }

            var terminal = form.Optional("terminal");
            if (terminal is not null && merchant is not null && s.Records.MerchantOfTerminal(terminal) != merchant)
            {
                form.Error("terminal", t.DeskUnknownTerminal(terminal, merchant));
            }

            var time = Time(form, "time", t.DeskFieldTime, t);
            var amount = Amount(form, "amount", t.DeskFieldAmount, t);
            var words = form.Optional("words");
            if (words is null)
            {
                form.Error("words", t.DeskRequired(t.DeskFieldWords));
            }

            if (form.HasErrors)
            {
                return ((SupportCase?)null, (string?)IntakePage.Render(page, s.Records.Merchants(), form, s.Book.NextAt));
            }

            var complaint = new Complaint(merchant!, terminal, time!.Value, amount!.Value, words!);
            return ((SupportCase?)s.Book.OpenCase(form.Optional("by") ?? "support", complaint), (string?)null);
        }, http.RequestAborted).ConfigureAwait(false);

        if (opened is null)
        {
            await HtmlAsync(http, html!, StatusCodes.Status422UnprocessableEntity).ConfigureAwait(false);
            return;
        }

        http.Response.Redirect($"/cases/{opened.Id}?done=1", permanent: false, preserveMethod: false);
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
    }

    private async Task StepAsync(HttpContext http)
    {
        var page = PageFor(http);
        var id = long.Parse(Route(http, "id"), System.Globalization.CultureInfo.InvariantCulture);
        var step = Route(http, "step");
        var form = await FormAsync(http.Request, step).ConfigureAwait(false);
        var result = await _run.UseAsync(s =>
        {
            if (!s.Book.Cases.Any(c => c.Id == id))
            {
                return new StepResult(StatusCodes.Status404NotFound, null);
            }

            var book = s.Book;
            var current = book.Get(id);
            if (step == "process")
            {
                // Carrying out is not a step of the procedure but the back office's work: only for an approved case still waiting.
                if (CaseExecution.AnyWaiting([current]))
                {
                    s.CarryOutAfter = true;
                    return new StepResult(StatusCodes.Status303SeeOther, null, Carried: true);
                }

                return new StepResult(StatusCodes.Status409Conflict, CasePage.Render(page, View(s, current, page), form, refused: page.Text.NothingToProcess));
            }

            if (step == "search")
            {
                // Not a step that moves the case (so, as `possim case search`, taken at any stage): the look in the records
                // the procedure starts with, logged for grading.
                book.Search(id, form.Optional("by") ?? "support");
                return new StepResult(StatusCodes.Status303SeeOther, null);
            }

            if (Make(step, current, form, book, page.Text) is not { } make)
            {
                return new StepResult(StatusCodes.Status404NotFound, null);
            }

            if (form.HasErrors)
            {
                return new StepResult(StatusCodes.Status422UnprocessableEntity, CasePage.Render(page, View(s, current, page), form));
            }

            var decision = book.Do(id, make);
            if (decision.Refusal is { } refusal)
            {
                return new StepResult(StatusCodes.Status409Conflict, CasePage.Render(page, View(s, current, page), form, refused: page.Text.Refusal(refusal)));
            }

            if (decision.Case.Stage == CaseStage.Escalated)
            {
                // As `possim case escalate` does: the pack the next line of support works from, beside the run.
                CaseEvidence.Write(s.Dir, decision.Case, page.Text, CaseEvidence.DefaultPath(s.Dir, id));
            }

            // An approval hands the back office its way back: carried out as soon as this request closes the records.
            s.CarryOutAfter = decision.Command is not null;
            return new StepResult(StatusCodes.Status303SeeOther, null, s.CarryOutAfter);
        }, http.RequestAborted).ConfigureAwait(false);

        switch (result.Status)
        {
            case StatusCodes.Status303SeeOther:
                http.Response.Redirect($"/cases/{id}?done=1{(result.Carried ? "&carried=1" : "")}");
                http.Response.StatusCode = StatusCodes.Status303SeeOther;
                break;
            case StatusCodes.Status404NotFound:
                await CaseHtmlAsync(http, page, id, null, StatusCodes.Status404NotFound).ConfigureAwait(false);
                break;
            default:
                await HtmlAsync(http, result.Html!, result.Status).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// The step a form asks for, once what was typed is read (errors go on the form); null for a step there is no
    /// form for. Whether the step may be taken now is the engine's to say, not the form's.
    /// </summary>
    private static Func<DateTime, CaseAction>? Make(string step, SupportCase c, FormValues form, CaseBook book, ICaseText t)
    {
        var by = form.Optional("by") ?? "support";
        switch (step)
        {
            case "confirm":
            {
                var rrn = form.Optional("rrn");
                if (rrn is null)
                {
                    form.Error("rrn", t.DeskRequired("RRN"));
                    return _ => null!;
                }

                // RRNs repeat across terminals: the one typed, the complaint's, or the merchant's only purchase with it.
                var terminal = form.Optional("terminal") ?? c.Complaint.TerminalId ?? book.TerminalOf(c.Complaint.MerchantId, rrn);
                if (terminal is null || book.Facts.Find(terminal, rrn) is null)
                {
                    form.Error("rrn", t.DeskUnknownRrn(rrn));
                }

                return at => new ConfirmRecords(by, at, terminal ?? "", rrn);
            }

            case "diagnose":
            {
                var money = Choice<MoneyState>(form, "money", t.DeskFieldMoney, t);
                return at => new Diagnose(by, at, money!.Value);
            }

            case "contact":
            {
                var path = Choice<ResolutionPath>(form, "path", t.DeskFieldPath, t);
                DateOnly? date = null;
                if (form.Optional("by_date") is not { } dateText)
                {
                    form.Error("by_date", t.DeskRequired(t.DeskFieldByDate));
                }
                else if ((date = DeskInput.Date(dateText)) is null)
                {
                    form.Error("by_date", t.DeskBadDate(t.DeskFieldByDate, dateText));
                }

                return at => new ContactCustomer(by, at, path!.Value, date!.Value, form["note"]);
            }

            case "close":
                return at => new CloseWithoutRefund(by, at, form["note"]);

            case "apply":
            {
                var time = Time(form, "time", t.DeskFieldTransactionTime, t);
                var amount = Amount(form, "amount", t.DeskFieldAmount, t);
                var counterparty = form.Optional("counterparty");
                if (counterparty is null)
                {
                    form.Error("counterparty", t.DeskRequired(t.DeskFieldCounterparty));
                }

                var path = Choice<ResolutionPath>(form, "path", t.DeskFieldPath, t);
                var reason = form.Optional("reason");
                if (reason is null)
                {
                    form.Error("reason", t.DeskRequired(t.DeskFieldReason));
                }

                if (form.HasErrors)
                {
                    return _ => null!;
                }

                var application = new RefundApplication(time!.Value, amount!.Value, counterparty!, reason!, path!.Value);

                // The desk checks an application with the review's own checks before filing it, so a refund above what
                // is refundable, to another card or at another time is caught while the person still has the form.
                if (c.Stage is CaseStage.CustomerContacted or CaseStage.RefundAppliedFor)
                {
                    foreach (var problem in book.Check(c, application))
                    {
                        form.Error(FieldOf(problem.Reason), t.Refusal(problem));
                    }
                }

                return at => new ApplyForRefund(by, at, application);
            }

            case "submit":
                return at => new SubmitForReview(by, at);

            case "review":
            {
                var decision = form["decision"];
                if (decision is not ("approve" or "reject"))
                {
                    form.Error("decision", t.DeskBadChoice(t.DeskReviewHeading, decision));
                }

                return at => new Review(form.Optional("by") ?? "reviewer", at, decision == "approve", form["reason"]);
            }

            case "escalate":
                return at => new Escalate(by, at, form["reason"]);

            default:
                return null;
        }
    }

    private static string FieldOf(RefusalReason reason) => reason switch
    {
        RefusalReason.AmountNotPositive or RefusalReason.AmountOverRefundable => "amount",
        RefusalReason.WrongCounterparty => "counterparty",
        RefusalReason.TransactionTimeMismatch => "time",
        RefusalReason.PathDisagreesWithMoney => "path",
        _ => "application",
    };

    private static DateTime? Time(FormValues form, string name, string label, ICaseText t)
    {
        if (form.Optional(name) is not { } text)
        {
            form.Error(name, t.DeskRequired(label));
            return null;
        }

        var parsed = DeskInput.Time(text);
        if (parsed is null)
        {
            form.Error(name, t.DeskBadTime(label, text));
        }

        return parsed;
    }

    private static long? Amount(FormValues form, string name, string label, ICaseText t)
    {
        if (form.Optional(name) is not { } text)
        {
            form.Error(name, t.DeskRequired(label));
            return null;
        }

        var parsed = DeskInput.Amount(text);
        if (parsed is null or 0)
        {
            form.Error(name, t.DeskBadAmount(label, text));
            return null;
        }

        return parsed;
    }

    private static T? Choice<T>(FormValues form, string name, string label, ICaseText t)
        where T : struct, Enum
    {
        if (form.Optional(name) is not { } text)
        {
            form.Error(name, t.DeskRequired(label));
            return null;
        }

        if (!CaseNames.TryParse<T>(text, out var value))
        {
            form.Error(name, t.DeskBadChoice(label, text));
            return null;
        }

        return value;
    }

    private sealed record StepResult(int Status, string? Html, bool Carried = false);
}
