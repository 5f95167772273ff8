using System.Collections.Concurrent;
using System.Text;
using Microsoft.Playwright;
using PosSim.Interchange;
using PosSim.Simulation.Outputs;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Reports;

/// <summary>
/// report.html opened in a real headless browser: Debian's chromium driven by Playwright (which cannot download
/// browsers here, so it is pointed at /usr/bin/chromium; .ci/run installs it). The page must render, sort and
/// filter by clicking, log no error, and make no request other than for the file itself.
/// </summary>
public class ReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_report_renders_sorts_and_filters_in_chromium_with_no_error_and_no_request()
    {
        Assert.True(File.Exists(Chromium),
            $"{Chromium} is missing: the browser test needs Debian's chromium (apt-get install -y --no-install-recommends chromium), which .ci/run installs.");

        var run = ReportFixture.Run;
        using var folder = new TempFolder("possim-report-");
        var path = folder.Sub("report.html");
        await using (var file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            HtmlReport.Write(file, run);
        }

        var url = new Uri(path).AbsoluteUri;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync();
        var problems = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Enqueue("page error: " + error);
        page.Request += (_, request) =>
        {
            if (request.Url != url)
            {
                problems.Enqueue("request: " + request.Url);
            }
        };
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url == url)
            {
                await route.ContinueAsync();
            }
            else
            {
                problems.Enqueue("routed request: " + route.Request.Url);
                await route.AbortAsync();
            }
        });

        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.Contains(run.Scenario.Name, await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Equal(run.Scenario.Name, await page.Locator("header h1").InnerTextAsync());
        Assert.True(await page.Locator("#charts svg").CountAsync() == 2, "both charts render");

        // The exceptions table, in the matcher's order.
        var exceptions = run.Match.Exceptions;
        Assert.Equal(exceptions.Select(e => e.Rrn), await ColumnAsync(page, 3));
        Assert.Equal(exceptions.Select(e => e.Kind.Name()), await ColumnAsync(page, 0));

        // Sorting by expected amount, ascending then descending, by clicking its header.
        var expected = page.Locator("#exceptions thead th", new() { HasText = "expected" });
        await expected.Locator("button").ClickAsync();
        Assert.Equal("ascending", await expected.GetAttributeAsync("aria-sort"));
        Assert.Equal(exceptions.OrderBy(e => e.ExpectedMinor ?? long.MinValue).Select(e => e.Rrn), await ColumnAsync(page, 3));
        await expected.Locator("button").ClickAsync();
        Assert.Equal("descending", await expected.GetAttributeAsync("aria-sort"));
        Assert.Equal(exceptions.OrderByDescending(e => e.ExpectedMinor ?? long.MinValue).Select(e => e.Rrn), await ColumnAsync(page, 3));

        // And by RRN, as text.
        var rrn = page.Locator("#exceptions thead th", new() { HasText = "RRN" });
        await rrn.Locator("button").ClickAsync();
        Assert.Equal(exceptions.Select(e => e.Rrn).Order(StringComparer.Ordinal), await ColumnAsync(page, 3));

        // Filtering by kind shows that kind's rows only, and says how many.
        var duplicate = exceptions.Single(e => e.Kind == ExceptionKind.DuplicateClearing);
        await page.SelectOptionAsync("#kind-filter", "duplicate-clearing");
        Assert.Equal([duplicate.Rrn], await VisibleColumnAsync(page, 3));
        Assert.Equal("1", await page.Locator("#shown-count").InnerTextAsync());
        await page.SelectOptionAsync("#kind-filter", "");
        Assert.Equal(exceptions.Count, (await VisibleColumnAsync(page, 3)).Count);

        // A timeline link goes to the exception's journey.
        await page.Locator("#exceptions tbody tr:visible a").First.ClickAsync();
        Assert.True(await page.Locator("details.tl ol.timeline li").CountAsync() > 3, "the timelines have events");

        Assert.NotNull(response);
        Assert.True(response.Ok, "the file itself loads");
        Assert.Empty(problems);
    }

    private static async Task<IReadOnlyList<string>> ColumnAsync(IPage page, int column) =>
        await page.EvalOnSelectorAllAsync<string[]>("#exceptions tbody tr",
            $"rows => rows.map(r => r.cells[{column}].textContent)");

    private static async Task<List<string>> VisibleColumnAsync(IPage page, int column) =>
        [.. await page.EvalOnSelectorAllAsync<string[]>("#exceptions tbody tr",
            $"rows => rows.filter(r => !r.hidden).map(r => r.cells[{column}].textContent)")];
}
