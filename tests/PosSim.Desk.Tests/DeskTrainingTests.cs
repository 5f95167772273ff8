using System.Net;
using System.Text.RegularExpressions;
using PosSim.Simulation.Support.Cases.Training;
using PosSim.Tests.Shared;

namespace PosSim.Desk.Tests;

/// <summary>
/// The desk's training mode, its evidence pack, the queue's filters and the search's pages, request by request over
/// 05-clearing-records (eight breaks a merchant would call about).
/// </summary>
public sealed partial class DeskTrainingTests(ClearingRecordsRun run) : IClassFixture<ClearingRecordsRun>
{
    [Fact]
    public async Task Next_complaint_opens_a_training_case_in_the_merchants_words_and_keeps_its_key()
    {
        await using var desk = await RunningDesk.StartAsync(run);

        var (status, _, location) = await desk.PostAsync("/training/next");

        Assert.Equal(HttpStatusCode.SeeOther, status);
        Assert.Equal("/cases/1", location?.OriginalString);
        var key = Assert.Single(TrainingKey.ReadAllOrNone(desk.Dir));
        Assert.Equal(1, key.Answer.CaseId);
        var (_, page, _) = await desk.GetAsync("/cases/1");
        Assert.Contains("id=\"training\"", page, StringComparison.Ordinal);
        Assert.Contains("<td>trainee</td><td>open</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Answer.Rrn, page, StringComparison.Ordinal);
        var (_, list, _) = await desk.GetAsync("/training");
        Assert.Contains("data-case=\"1\"", list, StringComparison.Ordinal);
        Assert.Contains("not graded yet", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_next_complaint_is_about_another_break_until_none_is_left_then_it_says_so()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        var drawn = new List<(string, string)>();
        for (var i = 1; ; i++)
        {
            var (status, body, _) = await desk.PostAsync("/training/next");
            if (status != HttpStatusCode.SeeOther)
            {
                Assert.Equal(HttpStatusCode.Conflict, status);
                Assert.Contains("have been drawn or worked; train on another run", body, StringComparison.Ordinal);
                break;
            }

            Assert.True(i <= 20, "the run has a bounded number of breaks");
            drawn.Add((TrainingKey.ReadAllOrNone(desk.Dir)[^1].Answer.TerminalId, TrainingKey.ReadAllOrNone(desk.Dir)[^1].Answer.Rrn));
        }

        Assert.Equal(TrainingKey.ReadAllOrNone(desk.Dir)[0].Breaks, drawn.Count);
        Assert.Equal(drawn.Count, drawn.Distinct().Count());
    }

    [Fact]
    public async Task The_same_run_draws_the_same_complaints_in_the_same_order()
    {
        await using var first = await RunningDesk.StartAsync(run);
        await using var second = await RunningDesk.StartAsync(run);

        for (var i = 0; i < 3; i++)
        {
            await first.PostAsync("/training/next");
            await second.PostAsync("/training/next");
        }

        Assert.Equal(File.ReadAllText(Path.Combine(first.Dir, TrainingKey.FileName)), File.ReadAllText(Path.Combine(second.Dir, TrainingKey.FileName)));
    }

    [Fact]
    public async Task A_training_case_drawn_on_the_desk_is_graded_the_same_by_the_desk_and_by_possim_case_grade()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.PostAsync("/training/next");
        var key = Assert.Single(TrainingKey.ReadAllOrNone(desk.Dir));

        // Named before searching, and the right money after a wrong guess: the grade says both.
        await desk.PostAsync("/cases/1/confirm", ("terminal", key.Answer.TerminalId), ("rrn", key.Answer.Rrn), ("by", "trainee"));
        await desk.PostAsync("/cases/1/diagnose", ("money", "paid"), ("by", "trainee"));
        await desk.PostAsync("/cases/1/diagnose", ("money", "held-at-issuer"), ("by", "trainee"));
        var (status, page, _) = await desk.GetAsync("/training/1");

        Assert.Equal(HttpStatusCode.OK, status);
        var graded = CliRunner.Run("case", "grade", "--run", desk.Dir, "--case", "1");
        Assert.Equal(0, graded.ExitCode);
        var title = Regex.Match(page, "<h1 id=\"grade-title\">([^<]*)</h1>").Groups[1].Value;
        Assert.StartsWith(title, graded.Stdout, StringComparison.Ordinal);
        Assert.Contains("Records not searched", page, StringComparison.Ordinal);
        Assert.Contains("Wrong money state", page, StringComparison.Ordinal);
        Assert.Contains("half the points", page, StringComparison.Ordinal);
        Assert.Contains(key.Answer.Rrn, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_that_is_not_a_training_case_has_no_grade()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.OpenDroppedSaleCaseAsync();

        var (status, _, _) = await desk.GetAsync("/training/1");
        var (_, page, _) = await desk.GetAsync("/cases/1");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.DoesNotContain("id=\"training\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_candidates_show_once_the_records_are_searched_and_the_search_is_logged()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.OpenDroppedSaleCaseAsync();

        var (_, before, _) = await desk.GetAsync("/cases/1");
        var (status, _, _) = await desk.PostAsync("/cases/1/search", ("by", "wang"));
        var (_, after, _) = await desk.GetAsync("/cases/1");

        Assert.DoesNotContain("id=\"candidates\"", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, status);
        Assert.Contains("id=\"candidates\"", after, StringComparison.Ordinal);
        Assert.Contains("\"step\":\"search\",\"found\":1", File.ReadAllText(desk.CaseLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalating_on_the_desk_writes_the_evidence_pack_and_the_case_page_offers_it_with_cards_masked()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.OpenDroppedSaleCaseAsync();
        var rrn = await DeskFormTests.DroppedRrnAsync(desk);
        await desk.PostAsync("/cases/1/confirm", ("terminal", "T0000001"), ("rrn", rrn), ("by", "wang"));

        var (status, _, _) = await desk.PostAsync("/cases/1/escalate", ("reason", "the merchant disputes the amount"), ("by", "wang"));
        var (_, page, _) = await desk.GetAsync("/cases/1");
        using var response = await desk.Client.GetAsync(new Uri("/cases/1/evidence", UriKind.Relative));
        var pack = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.SeeOther, status);
        Assert.True(File.Exists(Path.Combine(desk.Dir, "evidence", "case-1.html")), "the escalation wrote DIR/evidence/case-1.html");
        Assert.Contains("href=\"/cases/1/evidence\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment; filename=\"case-1.html\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Contains(rrn, pack, StringComparison.Ordinal);
        Assert.Contains("the merchant disputes the amount", pack, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"476173\d{6}0011", pack);
        Assert.Contains("476173******0011", pack, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_evidence_of_a_case_that_does_not_exist_is_not_found()
    {
        await using var desk = await RunningDesk.StartAsync(run);

        var (status, _, _) = await desk.GetAsync("/cases/7/evidence");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task The_queue_filters_by_merchant_money_age_and_words_and_keeps_them_across_views()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.OpenDroppedSaleCaseAsync();
        await desk.PostAsync("/cases/new", ("merchant", "M0002"), ("time", "2026-03-03T10:00"), ("amount", "12.00"), ("words", "refund missing"), ("by", "wang"));
        var rrn = await DeskFormTests.DroppedRrnAsync(desk);
        await desk.PostAsync("/cases/1/confirm", ("terminal", "T0000001"), ("rrn", rrn), ("by", "wang"));
        await desk.PostAsync("/cases/1/diagnose", ("money", "held-at-issuer"), ("by", "wang"));

        static int[] Listed(string page) => [.. Regex.Matches(page, "<tr data-case=\"(\\d+)\"").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(new[] { 2, 1 }, Listed((await desk.GetAsync("/cases?show=all")).Body));
        Assert.Equal(new[] { 2 }, Listed((await desk.GetAsync("/cases?show=all&merchant=M0002")).Body));
        Assert.Equal(new[] { 1 }, Listed((await desk.GetAsync("/cases?show=all&money=held-at-issuer")).Body));
        Assert.Equal(new[] { 2 }, Listed((await desk.GetAsync("/cases?show=all&words=REFUND")).Body));
        Assert.Empty(Listed((await desk.GetAsync("/cases?show=all&older=1000")).Body));
        var (_, filtered, _) = await desk.GetAsync("/cases?show=open&merchant=M0002");
        Assert.Contains("href=\"/cases?show=completed&amp;merchant=M0002\"", filtered, StringComparison.Ordinal);
        Assert.Contains("1 of 2 cases fit the filters.", filtered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_age_filter_says_what_is_wrong_and_filters_nothing()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        await desk.OpenDroppedSaleCaseAsync();

        var (status, page, _) = await desk.GetAsync("/cases?show=all&older=two");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("Open longer than: &#x27;two&#x27; is not a number of hours", page, StringComparison.Ordinal);
        Assert.Contains("<tr data-case=\"1\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_search_pages_on_with_no_row_twice_and_none_left_out()
    {
        await using var desk = await RunningDesk.StartAsync(run);
        var rows = new List<string>();
        string? next = "/search?from=2026-03-02T00:00&to=2026-03-07T00:00";
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 100, "the pages end");
            var (status, body, _) = await desk.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, status);
            rows.AddRange(Regex.Matches(body, "<a href=\"/transactions/([^\"]+)\">").Select(m => m.Groups[1].Value));
            next = Regex.Match(body, "<a href=\"([^\"]+)\" rel=\"next\">") is { Success: true } link ? WebUtility.HtmlDecode(link.Groups[1].Value) : null;
        }

        using var records = PosSim.Simulation.Support.TransactionStoryReader.Open(desk.Dir);
        var all = records.Query("SELECT count(*) FROM tranlog WHERE local_time >= '2026-03-02T00:00:00' AND local_time <= '2026-03-07T00:00:00'", r => r.GetInt64(0)).Single();
        Assert.True(rows.Count > 200, $"the search spans more than one page ({rows.Count} rows)");
        Assert.Equal(all, rows.Count);
        Assert.Equal(rows.Count, rows.Distinct().Count());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("two")]
    public async Task A_page_beyond_the_pages_says_which_there_are(string number)
    {
        await using var desk = await RunningDesk.StartAsync(run);

        var (status, body, _) = await desk.GetAsync($"/search?terminal=T0000001&page={number}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains($"Page: &#x27;{number}&#x27; is not a page of results; pages run from 1 to 500.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"results\"", body, StringComparison.Ordinal);
    }
}
