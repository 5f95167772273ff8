using System.Globalization;
using PosSim.Core.Cases;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Desk.Pages;

/// <summary>
/// What the queue lists: a view by stage, narrowed by merchant, by where the diagnosis says the money is, by how long
/// a case has been open, and by the merchant's words. Each is a query parameter, so a filtered queue is a link.
/// </summary>
internal sealed record QueueFilters(DeskQueueFilter View, string? Merchant = null, MoneyState? Money = null, int? OlderThanHours = null, string? Words = null)
{
    /// <summary>The filters of the query (show, merchant, money, older, words); a bad value goes on the form and filters nothing.</summary>
    public static QueueFilters Read(FormValues query, ICaseText t)
    {
        var view = CaseNames.TryParse<DeskQueueFilter>(query.Optional("show"), out var v) ? v : DeskQueueFilter.Open;
        MoneyState? money = CaseNames.TryParse<MoneyState>(query.Optional("money"), out var m) ? m : null;
        int? hours = null;
        if (query.Optional("older") is { } older)
        {
            if (int.TryParse(older, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h <= 24 * 366)
            {
                hours = h;
            }
            else
            {
                query.Error("older", t.DeskBadHours(older));
            }
        }

        return new QueueFilters(view, query.Optional("merchant"), money, hours, query.Optional("words"));
    }

    public bool Fits(SupportCase c, DateTime now) =>
        QueuePage.In(View, c.Stage)
        && (Merchant is null || c.Complaint.MerchantId == Merchant)
        && (Money is null || c.Diagnosis == Money)
        && (OlderThanHours is null || QueuePage.Age(c, now) > TimeSpan.FromHours(OlderThanHours.Value))
        && (Words is null || c.Complaint.Words.Contains(Words, StringComparison.OrdinalIgnoreCase));

    /// <summary>The query string of these filters with another view: the stage tabs keep the rest.</summary>
    public string Link(DeskQueueFilter view)
    {
        var parts = new List<string> { "show=" + CaseNames.Of(view) };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("merchant", Merchant);
        Add("money", Money is { } money ? CaseNames.Of(money) : null);
        Add("older", OlderThanHours?.ToString(CultureInfo.InvariantCulture));
        Add("words", Words);
        return "/cases?" + string.Join("&", parts);
    }

    public bool Narrowed => Merchant is not null || Money is not null || OlderThanHours is not null || Words is not null;
}

/// <summary>/cases: the case queue, by view (open, waiting for review, processing, escalated, completed) and filters, with each case's age in the run's time.</summary>
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

    /// <summary>An open case ages until now; a closed one keeps the time it took.</summary>
    public static TimeSpan Age(SupportCase c, DateTime now) => (c.IsClosed ? c.Audit[^1].At : now) - c.Audit[0].At;

    public static string Render(DeskPage page, IReadOnlyCollection<SupportCase> cases, DateTime now, QueueFilters filters, FormValues query)
    {
        var t = page.Text;
        var h = new Html();
        h.Tag("h1", t.DeskQueueHeading).Raw("<p class=\"filters\">");
        var narrowed = cases.Where(c => (filters with { View = DeskQueueFilter.All }).Fits(c, now)).ToList();
        foreach (var f in Enum.GetValues<DeskQueueFilter>())
        {
            var count = narrowed.Count(c => In(f, c.Stage));
            h.Raw($"<a href=\"{Html.E(filters.Link(f))}\"{(f == filters.View ? " aria-current=\"page\"" : "")}>").Text($"{t.DeskFilter(f)} ({count})").Raw("</a>");
        }

        h.Raw("</p>");
        Fields.Notice(h, query, t.DeskFormHasErrors);
        h.Raw("<form method=\"get\" action=\"/cases\" id=\"queue-filters\" class=\"card\">")
            .Raw($"<input type=\"hidden\" name=\"show\" value=\"{CaseNames.Of(filters.View)}\"><div class=\"grid\">");
        var merchants = cases.Select(c => c.Complaint.MerchantId).Distinct().Order(StringComparer.Ordinal).Select(m => (m, m));
        Fields.Select(h, query, "merchant", t.DeskFieldMerchant, merchants, filters.Merchant ?? "", t.DeskFilterAny, required: false);
        Fields.Select(h, query, "money", t.DeskColumnDiagnosis, Enum.GetValues<MoneyState>().Select(m => (CaseNames.Of(m), t.Money(m))),
            filters.Money is { } money ? CaseNames.Of(money) : "", t.DeskFilterAny, required: false);
        Fields.Input(h, query, "older", t.DeskFilterOlder, query["older"], extra: "inputmode=\"numeric\"");
        Fields.Input(h, query, "words", t.DeskFilterWords, query["words"]);
        h.Raw("</div><div class=\"buttons\">").Tag("button", t.DeskFilterButton, "type=\"submit\"");
        if (filters.Narrowed)
        {
            h.Raw($"<a href=\"/cases?show={CaseNames.Of(filters.View)}\" id=\"clear-filters\">").Text(t.DeskFilterClear).Raw("</a>");
        }

        h.Raw("</div></form>");

        var shown = cases.Where(c => filters.Fits(c, now)).OrderByDescending(c => c.Id).ToList();
        if (filters.Narrowed)
        {
            h.Tag("p", t.DeskFiltered(shown.Count, cases.Count(c => In(filters.View, c.Stage))), "class=\"muted\" id=\"filtered\"");
        }

        if (shown.Count == 0)
        {
            h.Tag("p", t.DeskNoCases, "class=\"muted\"");
            return Layout.Page(page, t.DeskQueueHeading, "/cases", h.ToString(), Now(now));
        }

        h.Raw("<table id=\"queue\"><thead><tr>");
        foreach (var column in new[] { t.DeskColumnCase, t.DeskColumnMerchant, t.DeskColumnComplaint, t.DeskColumnStage, t.DeskColumnDiagnosis, t.DeskColumnOpened, t.DeskColumnAge, t.DeskColumnLastStep })
        {
            h.Tag("th", column);
        }

        h.Raw("</tr></thead><tbody>");
        foreach (var c in shown)
        {
            var last = c.Audit[^1];
            h.Raw($"<tr data-case=\"{c.Id}\"><td><a href=\"/cases/{c.Id}\">#{c.Id}</a></td>")
                .Raw($"<td><a href=\"/merchants/{Uri.EscapeDataString(c.Complaint.MerchantId)}\">").Text(c.Complaint.MerchantId).Raw("</a></td>")
                .Tag("td", $"{Now(c.Complaint.ApproximateTime)} · {page.Trace.Money(c.Complaint.AmountMinor, page.Currency)} · {c.Complaint.Words}")
                .Raw("<td>").Tag("span", t.Stage(c.Stage), $"class=\"stage {CaseNames.Of(c.Stage)}\"").Raw("</td>")
                .Tag("td", c.Diagnosis is { } diagnosis ? t.Money(diagnosis) : "")
                .Tag("td", Now(c.Audit[0].At))
                .Tag("td", t.DeskAge(Age(c, now)))
                .Tag("td", $"{last.Action} · {last.Actor}")
                .Raw("</tr>");
        }

        h.Raw("</tbody></table>");
        return Layout.Page(page, t.DeskQueueHeading, "/cases", h.ToString(), Now(now));
    }

    public static string Now(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
