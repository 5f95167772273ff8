using System.Net;
using System.Text.RegularExpressions;
using PosSim.Tests.Shared;

namespace PosSim.Desk.Tests;

/// <summary>
/// Every form of the desk, sent as a browser would (or as nobody should), over 05-clearing-records: what was typed
/// wrong comes back on the page with nothing changed, a step out of turn is refused by the engine with nothing
/// changed, and the desk and `possim case` work the same cases.
/// </summary>
public sealed partial class DeskFormTests(ClearingRecordsRun run) : IClassFixture<ClearingRecordsRun>
{
    [Fact]
    public async Task A_complaint_with_a_bad_amount_comes_back_with_the_error_and_opens_no_case()
    {
        await using var desk = await RunningDesk.StartAsync(run);

        var (status, body, _) = await desk.PostAsync("/cases/new",
            ("merchant", "M0001"), ("time", "2026-03-02T09:05"), ("amount", "56,00"), ("words", "never arrived"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("Amount: &#x27;56,00&#x27; is not an amount; write it with a decimal point, like 350.00.", body, StringComparison.Ordinal);
        Assert.Contains("value=\"56,00\"", body, StringComparison.Ordinal);
        Assert.Equal("", desk.CaseLog());
    }

    [Fact]
    public async Task A_complaint_from_an_unknown_merchant_or_terminal_or_without_a_time_opens_no_case()
    {
        await using var desk = await RunningDesk.StartAsync(run);

        var (status, body, _) = await desk.PostAsync("/cases/new",
            ("merchant", "M9999"), ("terminal", "T0000003"), ("time", "nine o'clock"), ("amount", "56.00"), ("words", "never arrived"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("there is no merchant &#x27;M9999&#x27; in this run", body, StringComparison.Ordinal);
        Assert.Contains("is not a time; write it as 2026-03-02 14:02", body, StringComparison.Ordinal);
        (status, body, _) = await desk.PostAsync("/cases/new",
            ("merchant", "M0001"), ("terminal", "T0000003"), ("time", "2026-03-02T09:05"), ("amount", "56.00"), ("words", "never arrived"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("&#x27;T0000003&#x27; is not a terminal of merchant M0001", body, StringComparison.Ordinal);
        Assert.Equal("", desk.CaseLog());
    }

    [Fact]
    public async Task An_unknown_rrn_is_shown_on_the_case_page_and_confirms_nothing()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.OpenDroppedSaleCaseAsync();
        var before = desk.CaseLog();

        var (status, body, _) = await desk.PostAsync("/cases/1/confirm", ("rrn", "999999999999"), ("by", "wang"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("no purchase with RRN &#x27;999999999999&#x27; in this run", body, StringComparison.Ordinal);
        Assert.Contains("data-stage=\"registered\"", body, StringComparison.Ordinal);
        Assert.Equal(before, desk.CaseLog());
    }

    [Fact]
    public async Task A_step_out_of_turn_sent_by_hand_is_refused_by_the_engine_and_changes_nothing()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.OpenDroppedSaleCaseAsync();
        var (_, page, _) = await desk.GetAsync("/cases/1");
        Assert.DoesNotContain("action=\"/cases/1/submit\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/cases/1/review\"", page, StringComparison.Ordinal);
        var before = desk.CaseLog();

        var (submitted, submitBody, _) = await desk.PostAsync("/cases/1/submit", ("by", "wang"));
        var (approved, approveBody, _) = await desk.PostAsync("/cases/1/review", ("decision", "approve"), ("by", "li"));

        Assert.Equal(HttpStatusCode.Conflict, submitted);
        Assert.Contains("that step (submit-for-review) is not next: the case is at &#x27;complaint registered&#x27;.", submitBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, approved);
        Assert.Contains("that step (approve) is not next", approveBody, StringComparison.Ordinal);
        Assert.Equal(before, desk.CaseLog());
        Assert.Contains("data-stage=\"registered\"", (await desk.GetAsync("/cases/1")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_diagnosis_is_refused_with_what_the_records_say()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await ConfirmAsync(desk);
        var before = desk.CaseLog();

        var (status, body, _) = await desk.PostAsync("/cases/1/diagnose", ("money", "paid"), ("by", "wang"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("the records say the money is elsewhere (said=Paid records=HeldAtIssuer)", body, StringComparison.Ordinal);
        Assert.Equal(before, desk.CaseLog());
    }

    [Fact]
    public async Task A_refund_above_the_refundable_amount_or_to_another_card_is_shown_on_the_form_and_not_filed()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await ContactAsync(desk);
        var (_, form, _) = await desk.GetAsync("/cases/1");
        Assert.Contains("name=\"amount\" type=\"text\" value=\"56.00\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"counterparty\" type=\"text\" value=\"476173******0011\"", form, StringComparison.Ordinal);
        var before = desk.CaseLog();

        var (status, body, _) = await desk.PostAsync("/cases/1/apply",
            ("time", "2026-03-02T09:10:00"), ("amount", "560.00"), ("counterparty", "476173******9999"), ("reason", "never arrived"), ("path", "release-hold"));
        var (zero, zeroBody, _) = await desk.PostAsync("/cases/1/apply",
            ("time", "2026-03-02T09:10:00"), ("amount", "0.00"), ("counterparty", "476173******0011"), ("reason", "never arrived"), ("path", "release-hold"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("more than can still be refunded (amount=56000 refundable=5600)", body, StringComparison.Ordinal);
        Assert.Contains("the money must go back to the card that paid (given=476173******9999 expected=476173******0011)", body, StringComparison.Ordinal);
        Assert.Contains("value=\"560.00\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, zero);
        Assert.Contains("Amount: &#x27;0.00&#x27; is not an amount", zeroBody, StringComparison.Ordinal);
        Assert.Equal(before, desk.CaseLog());
        Assert.Contains("data-stage=\"customer-contacted\"", (await desk.GetAsync("/cases/1")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejection_without_a_reason_is_refused_and_the_case_stays_under_review()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await SubmitAsync(desk);
        var before = desk.CaseLog();

        var (status, body, _) = await desk.PostAsync("/cases/1/review", ("decision", "reject"), ("reason", ""), ("by", "li"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("give a reason.", body, StringComparison.Ordinal);
        Assert.Equal(before, desk.CaseLog());
    }

    [Fact]
    public async Task A_case_opened_on_the_desk_is_continued_with_possim_case_and_back()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.OpenDroppedSaleCaseAsync();
        var rrn = await DroppedRrnAsync(desk);

        var confirmed = CliRunner.Run("case", "confirm", "--run", desk.Dir, "--case", "1", "--rrn", rrn, "--by", "chen");
        Assert.Equal(0, confirmed.ExitCode);
        var (_, page, _) = await desk.GetAsync("/cases/1");
        Assert.Contains("data-stage=\"records-confirmed\"", page, StringComparison.Ordinal);
        Assert.Contains("<td>chen</td><td>confirm-records</td>", page, StringComparison.Ordinal);

        var (status, _, _) = await desk.PostAsync("/cases/1/diagnose", ("money", "held-at-issuer"), ("by", "wang"));
        Assert.Equal(HttpStatusCode.SeeOther, status);
        var shown = CliRunner.Run("case", "show", "--run", desk.Dir, "--case", "1");
        Assert.StartsWith("Case 1: diagnosed", shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approval_on_the_desk_carries_the_case_out_and_shows_the_proof()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await SubmitAsync(desk);

        var (status, _, location) = await desk.PostAsync("/cases/1/review", ("decision", "approve"), ("reason", "checked"), ("by", "li"));

        Assert.Equal(HttpStatusCode.SeeOther, status);
        Assert.Equal("/cases/1?done=1&carried=1", location?.OriginalString);
        var (_, page, _) = await desk.GetAsync(location!.OriginalString);
        Assert.Contains("data-stage=\"completed\"", page, StringComparison.Ordinal);
        Assert.Matches(@"Proof: reversal \d{12} released the issuer&#x27;s hold", page);
        Assert.Contains("<td>back-office</td><td>resolution</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_finds_the_dropped_sale_by_time_and_amount_and_shows_a_card_only_masked()
    {
        await using var desk = await RunningDesk.StartAsync(run);

        var (status, body, _) = await desk.GetAsync("/search?from=2026-03-02T09:00&to=2026-03-02T09:30&min=56.00&max=56.00");
        var (clear, _, masked) = await desk.GetAsync("/search?terminal=T0000001&card=4761731234560011");
        var (byCard, cardBody, _) = await desk.GetAsync(masked!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("One transaction.", body, StringComparison.Ordinal);
        Assert.Matches(@"href=""/transactions/T0000001/\d{12}""", body);
        Assert.Equal(HttpStatusCode.Redirect, clear);
        Assert.DoesNotContain("4761731234560011", masked.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, byCard);
        Assert.Contains("value=\"476173******0011\"", cardBody, StringComparison.Ordinal);
        Assert.DoesNotContain("4761731234560011", cardBody, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{13,19}", Regex.Replace(cardBody, "<style>.*</style>", "", RegexOptions.Singleline));
    }

    [Fact]
    public async Task A_search_with_a_bad_value_or_no_anchor_says_so_and_searches_nothing()
    {
        await using var desk = await RunningDesk.StartAsync(run);

        var (bad, badBody, _) = await desk.GetAsync("/search?terminal=T0000001&stan=12x&min=abc");
        var (loose, looseBody, _) = await desk.GetAsync("/search?min=10.00");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad);
        Assert.Contains("STAN: &#x27;12x&#x27; is not a trace number", badBody, StringComparison.Ordinal);
        Assert.Contains("Amount from: &#x27;abc&#x27; is not an amount", badBody, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"results\"", badBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, loose);
        Assert.Contains("Give an RRN, a terminal or a time window", looseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_transaction_page_tells_the_journey_and_where_the_money_is()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.OpenDroppedSaleCaseAsync();
        var rrn = await DroppedRrnAsync(desk);

        var (status, body, _) = await desk.GetAsync($"/transactions/T0000001/{rrn}");
        var (missing, _, _) = await desk.GetAsync("/transactions/T0000001/000000000000");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<ol class=\"timeline\">", body, StringComparison.Ordinal);
        Assert.Contains("still a hold", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<li class=\"trouble\">", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task Pages_in_simplified_chinese_speak_chinese_and_the_language_stays_from_page_to_page()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.OpenDroppedSaleCaseAsync();

        var (_, queue, _) = await desk.GetAsync("/cases?lang=zh-CN");
        var (_, casePage, _) = await desk.GetAsync("/cases/1");
        var (_, search, _) = await desk.GetAsync("/search");

        Assert.Contains("<html lang=\"zh-CN\">", queue, StringComparison.Ordinal);
        Assert.Contains("案件队列", queue, StringComparison.Ordinal);
        Assert.Contains("案件 1：已登记投诉", casePage, StringComparison.Ordinal);
        Assert.Contains("确认收款未到账", casePage, StringComparison.Ordinal);
        Assert.Contains("交易查询", search, StringComparison.Ordinal);
        Assert.Contains("href=\"/cases?lang=en\"", queue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_desk_started_in_chinese_answers_in_chinese_until_switched()
    {
        await using var desk = await RunningDesk.StartAsync(run, "zh-CN");

        var (_, chinese, _) = await desk.GetAsync("/cases/new");
        var (_, english, _) = await desk.GetAsync("/cases/new?lang=en");

        Assert.Contains("登记投诉", chinese, StringComparison.Ordinal);
        Assert.Contains("New complaint", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_from_another_site_is_refused()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/cases/new", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("merchant", "M0001")]),
        };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await desk.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("", desk.CaseLog());
    }

    [Fact]
    public async Task Pages_forbid_loading_anything_from_elsewhere()
    {
        await using var desk = await RunningDesk.StartAsync(run);

        using var response = await desk.Client.GetAsync(new Uri("/cases", UriKind.Relative));

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    /// <summary>Searches the records for case 1, as the procedure starts, and reads the RRN of the purchase that fits.</summary>
    internal static async Task<string> DroppedRrnAsync(RunningDesk desk)
    {
        Assert.Equal(HttpStatusCode.SeeOther, (await desk.PostAsync("/cases/1/search", ("by", "wang"))).Status);
        var (_, page, _) = await desk.GetAsync("/cases/1");
        return RrnPattern().Match(page).Groups[1].Value;
    }

    private static async Task ConfirmAsync(RunningDesk desk)
    {
        await desk.OpenDroppedSaleCaseAsync();
        var rrn = await DroppedRrnAsync(desk);
        Assert.Equal(HttpStatusCode.SeeOther, (await desk.PostAsync("/cases/1/confirm", ("terminal", "T0000001"), ("rrn", rrn), ("by", "wang"))).Status);
    }

    private static async Task ContactAsync(RunningDesk desk)
    {
        await ConfirmAsync(desk);
        Assert.Equal(HttpStatusCode.SeeOther, (await desk.PostAsync("/cases/1/diagnose", ("money", "held-at-issuer"), ("by", "wang"))).Status);
        Assert.Equal(HttpStatusCode.SeeOther, (await desk.PostAsync("/cases/1/contact", ("path", "release-hold"), ("by_date", "2026-03-12"), ("note", "told the cardholder"), ("by", "wang"))).Status);
    }

    private static async Task SubmitAsync(RunningDesk desk)
    {
        await ContactAsync(desk);
        var (_, form, _) = await desk.GetAsync("/cases/1");
        string Value(string name) => Regex.Match(form, $"name=\"{name}\" type=\"[a-z-]+\" value=\"([^\"]*)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.SeeOther, (await desk.PostAsync("/cases/1/apply",
            ("time", Value("time")), ("amount", Value("amount")), ("counterparty", Value("counterparty")), ("reason", "never arrived"), ("path", "release-hold"), ("by", "wang"))).Status);
        Assert.Equal(HttpStatusCode.SeeOther, (await desk.PostAsync("/cases/1/submit", ("by", "wang"))).Status);
    }

    [GeneratedRegex(@"data-rrn=""(\d{12})""")]
    private static partial Regex RrnPattern();
}
