using PosSim.Core.Cases;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Desk.Pages;

/// <summary>What the case page shows, gathered under the desk's lock.</summary>
/// <param name="Now">The run's time the next step would be taken at.</param>
/// <param name="Candidates">At registration: the purchases that fit the complaint.</param>
/// <param name="Current">The case's transaction as the records show it now (its money may have moved since the diagnosis).</param>
/// <param name="MoneyNow">Where its money is, in the sentence `possim trace` says it.</param>
/// <param name="ReviewProblems">Under review: what approval would be refused for, against the records now.</param>
/// <param name="Searched">Whether the records were searched for this case (the candidates are shown only then).</param>
/// <param name="Training">Whether it is a training case, graded at the end.</param>
internal sealed record CaseView(
    SupportCase Case,
    DateTime Now,
    IReadOnlyList<TransactionFacts> Candidates,
    TransactionFacts? Current,
    string? MoneyNow,
    IReadOnlyList<CaseRefusal> ReviewProblems,
    bool Searched,
    bool Training);

/// <summary>
/// /cases/{id}: the complaint, the transaction, the audit trail, and the next allowed steps as forms. Only the steps
/// the engine would take now are offered; anything else sent by hand is refused by the engine and changes nothing.
/// </summary>
internal static class CasePage
{
    public static string Render(DeskPage page, CaseView view, FormValues form, string? done = null, string? refused = null)
    {
        var t = page.Text;
        var c = view.Case;
        var h = new Html();
        h.Raw("<h1 id=\"case-title\">").Text(t.CaseTitle(c.Id, c.Stage)).Raw($" <span class=\"stage {CaseNames.Of(c.Stage)}\" id=\"stage\" data-stage=\"{CaseNames.Of(c.Stage)}\">").Text(t.Stage(c.Stage)).Raw("</span></h1>");
        if (done is not null)
        {
            h.Raw("<div class=\"notice ok\" role=\"status\" id=\"done\">").Text(done).Raw("</div>");
        }

        if (refused is not null)
        {
            h.Raw("<div class=\"notice error\" role=\"alert\" id=\"refused\"><strong>").Text(t.Refused).Raw("</strong>: ").Text(refused).Raw("</div>");
        }

        Fields.Notice(h, form, t.DeskFormHasErrors);
        if (view.Training)
        {
            h.Raw("<div class=\"notice warn\" id=\"training\">").Text(t.DeskTrainingBanner)
                .Raw($" <a href=\"/training/{c.Id}\" id=\"grade-link\">").Text(t.DeskGradeButton).Raw("</a></div>");
        }

        h.Raw("<section id=\"complaint\"><h2>").Text(t.DeskComplaintHeading).Raw("</h2>").Tag("p", t.Complaint(c.Complaint)).Raw("</section>");
        if (c.Transaction is { } chosen)
        {
            var current = view.Current ?? chosen;
            h.Raw("<section id=\"transaction\"><h2>").Text(t.DeskTransactionHeading).Raw("</h2>")
                .Tag("p", t.Transaction(current, t.Money(current.Money)))
                .Raw($"<p><a href=\"/transactions/{Uri.EscapeDataString(current.TerminalId)}/{Uri.EscapeDataString(current.Rrn)}\">").Text(t.DeskOpenTransaction).Raw("</a></p>");
            if (view.MoneyNow is { } sentence && c.Stage >= CaseStage.Diagnosed)
            {
                h.Tag("p", sentence, "class=\"money\"");
            }

            if (c.Advice.Length > 0)
            {
                h.Raw("<h2>").Text(t.AdviceHeading).Raw("</h2><ul id=\"advice\">");
                foreach (var advice in c.Advice)
                {
                    h.Tag("li", t.Advice(advice));
                }

                h.Raw("</ul>");
            }

            h.Raw("</section>");
        }

        if (c.Application is { } application)
        {
            h.Raw("<section id=\"application\">").Tag("p", t.Application(application));
            if (c.Rejections.Count > 0)
            {
                h.Raw("<h2>").Text(t.DeskRejections).Raw("</h2><ul>");
                foreach (var reason in c.Rejections)
                {
                    h.Tag("li", reason);
                }

                h.Raw("</ul>");
            }

            h.Raw("</section>");
        }

        if (c.Outcome is { } outcome)
        {
            h.Raw("<section id=\"outcome\"><h2>").Text(t.DeskOutcomeHeading).Raw("</h2>")
                .Tag("p", outcome.Done ? $"{t.DeskProof}: {outcome.Proof}" : $"{t.DeskFailure}: {outcome.Failure}", outcome.Done ? "class=\"money\"" : "class=\"notice error\"")
                .Raw("</section>");
        }

        if (c.EscalationReason is { } escalated)
        {
            h.Tag("p", t.DeskEscalated(escalated), "class=\"notice warn\" id=\"escalated\"");
        }

        h.Raw("<section id=\"next-step\"><h2>").Text(t.DeskNextHeading).Raw("</h2>").Tag("p", t.DeskNextStep(c.Stage));
        NextStep(h, page, view, form.For(NextStepName(view.Case)));
        h.Raw("</section>");

        if (!c.IsClosed)
        {
            h.Raw($"<details class=\"card\" id=\"escalate\"><summary>").Text(t.DeskEscalateHeading).Raw($"</summary><form method=\"post\" action=\"/cases/{c.Id}/escalate\">");
            var escalate = form.For("escalate");
            Fields.TextArea(h, escalate, "reason", t.DeskFieldReason, escalate["reason"], "required", "escalate-reason");
            By(h, page, escalate, "escalate");
            h.Raw("<div class=\"buttons\">").Tag("button", t.DeskEscalateButton, "type=\"submit\" class=\"danger\"").Raw("</div></form></details>");
        }

        if (c.Transaction is not null)
        {
            // Any case's pack can be had; an escalated case's is the one the next line of support works from.
            h.Raw("<section id=\"evidence\"><h2>").Text(t.DeskEvidenceHeading).Raw($"</h2><p><a href=\"/cases/{c.Id}/evidence\" download=\"case-{c.Id}.html\" id=\"evidence-link\">")
                .Text(t.DeskEvidenceDownload).Raw("</a></p></section>");
        }

        Audit(h, t, c);
        return Layout.Page(page, t.CaseTitle(c.Id, c.Stage), "/cases", h.ToString(), QueuePage.Now(view.Now));
    }

    private static void NextStep(Html h, DeskPage page, CaseView view, FormValues form)
    {
        var t = page.Text;
        var c = view.Case;
        var action = $"/cases/{c.Id}/";
        switch (c.Stage)
        {
            case CaseStage.Registered:
                // The procedure's first step is a look in the records, logged as `possim case search` logs it; only then the purchases that fit.
                h.Raw($"<form method=\"post\" action=\"{action}search\" id=\"search-records\" class=\"card\">").Tag("p", t.DeskSearchRecordsIntro).Raw("<div class=\"grid\">");
                By(h, page, form.For("search"), "search");
                h.Raw("</div><div class=\"buttons\">").Tag("button", t.DeskSearchRecordsButton, $"type=\"submit\"{(view.Searched ? " class=\"secondary\"" : "")}").Raw("</div></form>");
                if (view.Searched)
                {
                    h.Tag("p", view.Candidates.Count == 0 ? t.NoCandidates : t.CandidatesHeading(view.Candidates.Count));
                }

                if (view.Searched && view.Candidates.Count > 0)
                {
                    h.Raw("<table id=\"candidates\"><thead><tr>");
                    foreach (var column in new[] { page.Trace.Rrn, page.Trace.Terminal, page.Trace.Time, page.Trace.Amount, t.DeskColumnCard, t.DeskColumnMoney, "" })
                    {
                        h.Tag("th", column);
                    }

                    h.Raw("</tr></thead><tbody>");
                    foreach (var f in view.Candidates)
                    {
                        h.Raw("<tr>").Raw($"<td><a href=\"/transactions/{Uri.EscapeDataString(f.TerminalId)}/{Uri.EscapeDataString(f.Rrn)}\">").Text(f.Rrn).Raw("</a></td>")
                            .Tag("td", f.TerminalId).Tag("td", QueuePage.Now(f.LocalTime)).Tag("td", page.Trace.Money(f.AmountMinor, page.Currency))
                            .Tag("td", f.PanMasked).Tag("td", t.Money(f.Money))
                            .Raw($"<td><form method=\"post\" action=\"{action}confirm\" class=\"inline\"><input type=\"hidden\" name=\"terminal\" value=\"{Html.E(f.TerminalId)}\"><input type=\"hidden\" name=\"rrn\" value=\"{Html.E(f.Rrn)}\">")
                            .Tag("button", t.DeskConfirmButton, $"type=\"submit\" data-rrn=\"{Html.E(f.Rrn)}\"").Raw("</form></td></tr>");
                    }

                    h.Raw("</tbody></table>");
                }

                h.Raw($"<form method=\"post\" action=\"{action}confirm\" id=\"confirm-other\" class=\"card\"><h2>").Text(t.DeskConfirmOtherHeading).Raw("</h2><div class=\"grid\">");
                form = form.For("confirm");
                Fields.Input(h, form, "rrn", page.Trace.Rrn, form["rrn"], extra: "required inputmode=\"numeric\"");
                Fields.Input(h, form, "terminal", t.DeskFieldTerminal, form.Or("terminal", c.Complaint.TerminalId ?? ""), hint: t.DeskFieldTerminalHint);
                By(h, page, form, "confirm");
                h.Raw("</div><div class=\"buttons\">").Tag("button", t.DeskConfirmButton, "type=\"submit\" class=\"secondary\"").Raw("</div></form>");
                break;

            case CaseStage.RecordsConfirmed:
                h.Raw($"<form method=\"post\" action=\"{action}diagnose\" id=\"diagnose\" class=\"card\"><h2>").Text(t.DeskDiagnoseHeading).Raw("</h2><div class=\"grid\">");
                Fields.Select(h, form, "money", t.DeskFieldMoney, Enum.GetValues<MoneyState>().Select(m => (CaseNames.Of(m), t.Money(m))), form["money"], t.DeskChoose);
                By(h, page, form, "diagnose");
                h.Raw("</div><div class=\"buttons\">").Tag("button", t.DeskDiagnoseButton, "type=\"submit\"").Raw("</div></form>");
                break;

            case CaseStage.Diagnosed when c.Diagnosis is MoneyState.Declined or MoneyState.Reversed:
                h.Raw($"<form method=\"post\" action=\"{action}close\" id=\"close\" class=\"card\"><h2>").Text(t.DeskCloseHeading).Raw("</h2>");
                Fields.TextArea(h, form, "note", t.DeskFieldNote, form["note"]);
                By(h, page, form, "close");
                h.Raw("<div class=\"buttons\">").Tag("button", t.DeskCloseButton, "type=\"submit\"").Raw("</div></form>");
                break;

            case CaseStage.Diagnosed:
                h.Raw($"<form method=\"post\" action=\"{action}contact\" id=\"contact\" class=\"card\"><h2>").Text(t.DeskContactHeading).Raw("</h2><div class=\"grid\">");
                var paths = CaseEngine.PathsFor(c.Diagnosis!.Value);
                Fields.Select(h, form, "path", t.DeskFieldPath, paths.Select(p => (CaseNames.Of(p), t.Path(p))), form.Or("path", paths.Count == 1 ? CaseNames.Of(paths[0]) : ""), t.DeskChoose);
                Fields.Input(h, form, "by_date", t.DeskFieldByDate, form.Or("by_date", DateOnly.FromDateTime(view.Now).AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "date", "required");
                By(h, page, form, "contact");
                h.Raw("</div>");
                Fields.TextArea(h, form, "note", t.DeskFieldNote, form["note"]);
                h.Raw("<div class=\"buttons\">").Tag("button", t.DeskContactButton, "type=\"submit\"").Raw("</div></form>");
                break;

            case CaseStage.CustomerContacted:
                ApplicationForm(h, page, view, form.For("apply"), t.DeskApplyHeading, null);
                break;

            case CaseStage.RefundAppliedFor:
                h.Raw($"<form method=\"post\" action=\"{action}submit\" id=\"submit\">");
                By(h, page, form.For("submit"), "submit");
                h.Raw("<div class=\"buttons\">").Tag("button", t.DeskSubmitButton, "type=\"submit\"").Raw("</div></form>");
                ApplicationForm(h, page, view, form.For("apply"), t.DeskAmendHeading, c.Application);
                break;

            case CaseStage.UnderReview:
                h.Raw($"<form method=\"post\" action=\"{action}review\" id=\"review\" class=\"card\"><h2>").Text(t.DeskReviewHeading).Raw("</h2>");
                if (view.ReviewProblems.Count == 0)
                {
                    h.Tag("p", t.DeskReviewChecksPass, "class=\"notice ok\"");
                }
                else
                {
                    h.Raw("<div class=\"notice warn\">").Tag("p", t.DeskReviewProblems).Raw("<ul>");
                    foreach (var problem in view.ReviewProblems)
                    {
                        h.Tag("li", t.Refusal(problem));
                    }

                    h.Raw("</ul></div>");
                }

                Fields.TextArea(h, form, "reason", t.DeskFieldReason, form["reason"]);
                Fields.Input(h, form, "by", t.DeskFieldBy, form.Or("by", "reviewer"), extra: "required", id: "review-by");
                h.Raw("<div class=\"buttons\">").Tag("button", t.DeskApproveButton, "type=\"submit\" name=\"decision\" value=\"approve\"")
                    .Tag("button", t.DeskRejectButton, "type=\"submit\" name=\"decision\" value=\"reject\" class=\"secondary\"").Raw("</div></form>");
                break;

            case CaseStage.Processing when c.Outcome is null:
                h.Raw($"<form method=\"post\" action=\"{action}process\" id=\"process\">").Tag("p", t.DeskProcessingWaiting)
                    .Raw("<div class=\"buttons\">").Tag("button", t.DeskCarryOutButton, "type=\"submit\"").Raw("</div></form>");
                break;
        }
    }

    /// <summary>The refund application, prefilled from the transaction as the records show it now (or from the application on file, to amend it).</summary>
    private static void ApplicationForm(Html h, DeskPage page, CaseView view, FormValues form, string heading, RefundApplication? onFile)
    {
        var t = page.Text;
        var c = view.Case;
        var facts = view.Current ?? c.Transaction!;
        var path = onFile?.Path ?? c.AgreedPath ?? ResolutionPath.ReleaseHold;
        var paths = CaseEngine.PathsFor(facts.Money).Append(path).Distinct();
        h.Raw($"<form method=\"post\" action=\"/cases/{c.Id}/apply\" id=\"apply\" class=\"card\"><h2>").Text(heading).Raw("</h2><div class=\"grid\">");
        Fields.Input(h, form, "time", t.DeskFieldTransactionTime, form.Or("time", DeskInput.Time(onFile?.TransactionTime ?? facts.LocalTime, seconds: true)), "datetime-local", "step=\"1\" required");
        Fields.Input(h, form, "amount", t.DeskFieldAmount, form.Or("amount", DeskInput.Amount(onFile?.AmountMinor ?? facts.RefundableMinor)), extra: "required inputmode=\"decimal\"");
        Fields.Input(h, form, "counterparty", t.DeskFieldCounterparty,
            form.Or("counterparty", onFile?.Counterparty ?? (path == ResolutionPath.PayMerchantLate ? facts.MerchantId : facts.PanMasked)), extra: "required");
        Fields.Select(h, form, "path", t.DeskFieldPath, paths.Select(p => (CaseNames.Of(p), t.Path(p))), form.Or("path", CaseNames.Of(path)));
        By(h, page, form, "apply");
        h.Raw("</div>");
        Fields.TextArea(h, form, "reason", t.DeskFieldReason, form.Or("reason", onFile?.Reason ?? c.Complaint.Words), "required");
        h.Raw("<div class=\"buttons\">").Tag("button", t.DeskApplyButton, $"type=\"submit\"{(onFile is null ? "" : " class=\"secondary\"")}").Raw("</div></form>");
    }

    private static void By(Html h, DeskPage page, FormValues form, string step) =>
        Fields.Input(h, form, "by", page.Text.DeskFieldBy, form.Or("by", "support"), extra: "required", id: step + "-by");

    /// <summary>The step the page's main form takes at the case's stage (whose values a failed try shows back).</summary>
    private static string NextStepName(SupportCase c) => c.Stage switch
    {
        CaseStage.Registered => "confirm",
        CaseStage.RecordsConfirmed => "diagnose",
        CaseStage.Diagnosed => c.Diagnosis is MoneyState.Declined or MoneyState.Reversed ? "close" : "contact",
        CaseStage.CustomerContacted or CaseStage.RefundAppliedFor => "apply",
        CaseStage.UnderReview => "review",
        _ => "process",
    };

    private static void Audit(Html h, ICaseText t, SupportCase c)
    {
        h.Raw("<section id=\"audit\"><h2>").Text(t.AuditHeading).Raw("</h2><table><thead><tr>");
        foreach (var column in new[] { t.DeskColumnWhen, t.DeskColumnWho, t.DeskColumnStep, t.DeskColumnStage, t.DeskColumnDetail })
        {
            h.Tag("th", column);
        }

        h.Raw("</tr></thead><tbody>");
        foreach (var e in c.Audit)
        {
            h.Raw("<tr>").Tag("td", e.At.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Tag("td", e.Actor).Tag("td", e.Action)
                .Tag("td", e.From == e.To ? t.Stage(e.To) : $"{t.Stage(e.From)} → {t.Stage(e.To)}").Tag("td", e.Detail).Raw("</tr>");
        }

        h.Raw("</tbody></table></section>");
    }
}
