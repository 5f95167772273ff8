using System.Globalization;
using System.Text.RegularExpressions;
using PosSim.Interchange;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Settlement;
using PosSim.Simulation.Tests.Support;

namespace PosSim.Simulation.Tests.Reports;

/// <summary>report.html as text: what it holds, what it escapes, what it must never reference, and that it is deterministic.</summary>
public partial class HtmlReportTests
{
    [Fact]
    public void The_sample_run_finds_exactly_what_its_faults_cause()
    {
        var run = ReportFixture.Run;
        Assert.Equal(run.Scenario.Faults.Count, run.Faults.Count);
        var caused = run.Faults.Select(f => f.ExpectedKind).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(run.Scenario.Faults.Select(f => FaultNames.Of(f.Type)).Order(StringComparer.Ordinal), run.Faults.Select(f => f.Fault).Order(StringComparer.Ordinal));
        Assert.Equal(caused, run.Expected.Select(e => e.Kind.Name()).Order(StringComparer.Ordinal));
        Assert.Equal(caused, run.Match.Exceptions.Select(e => e.Kind.Name()).Order(StringComparer.Ordinal));
        Assert.Empty(run.Missed);
        Assert.Empty(run.Unexplained);
        Assert.Empty(run.LedgerProblems);
    }

    [Fact]
    public void The_exceptions_table_has_a_row_per_exception_with_its_amounts_and_fault()
    {
        var run = ReportFixture.Run;
        var html = ReportFixture.Render(run);
        var table = Between(html, "<table id=\"exceptions\">", "</table>");
        var rows = RowPattern().Matches(table);
        Assert.Equal(run.Match.Exceptions.Count, rows.Count);
        foreach (var (e, row) in run.Match.Exceptions.Zip(rows.Select(r => r.Value)))
        {
            Assert.Contains($"data-kind=\"{e.Kind.Name()}\"", row, StringComparison.Ordinal);
            Assert.Contains($">{e.Rrn}<", row, StringComparison.Ordinal);
            Assert.Contains($">{e.TerminalId}<", row, StringComparison.Ordinal);
            var fault = run.Faults.Single(f => f.ExpectedKind == e.Kind.Name() && f.TerminalId == e.TerminalId && f.Rrn == e.Rrn);
            Assert.Contains($"injected fault {fault.Fault}", row, StringComparison.Ordinal);
        }

        var sale = SampleSales.Purchase(run, "dropped");
        var dropped = run.Match.Exceptions.Single(e => e.Kind == ExceptionKind.ApprovedNotCleared);
        Assert.Equal(sale.Rrn, dropped.Rrn);
        Assert.Equal(sale.AmountMinor, dropped.ExpectedMinor);
        Assert.Contains($">{Money(sale.AmountMinor)}<", Between(html, $"data-kind=\"approved-not-cleared\"", "</tr>"), StringComparison.Ordinal);
        Assert.Contains($"All {run.Expected.Count} found, nothing more.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_exception_gets_a_timeline_from_the_switch_to_the_bank()
    {
        var run = ReportFixture.Run;
        var html = ReportFixture.Render(run);
        var exceptions = run.Match.Exceptions.ToList();
        for (var i = 0; i < exceptions.Count; i++)
        {
            Assert.Contains($"<a href=\"#tl-{i}\">timeline</a>", html, StringComparison.Ordinal);
            Assert.Contains(exceptions[i].Kind.Name(), Between(html, $"id=\"tl-{i}\"", "</summary>"), StringComparison.Ordinal);
        }

        var sale = SampleSales.Purchase(run, "doubled");
        var duplicated = exceptions.Single(e => e.Kind == ExceptionKind.DuplicateClearing);
        Assert.Equal(sale.Rrn, duplicated.Rrn);
        var timeline = Between(html, $"id=\"tl-{exceptions.IndexOf(duplicated)}\"", "</details>");
        foreach (var actor in new[] { "switch", "issuer", "clearing", "settlement", "payout", "bank", "fault" })
        {
            Assert.Contains($"<span class=\"actor\">{actor}</span>", timeline, StringComparison.Ordinal);
        }

        Assert.Equal(2, Regex.Count(timeline, Regex.Escape($"presented purchase {Money(sale.AmountMinor)} as ")));
    }

    [Fact]
    public void A_finding_missed_or_unexplained_is_listed_under_its_name()
    {
        var run = ReportFixture.Run;
        var missed = new ExpectedFinding(ExceptionKind.SettledLate, "T0000009", "600000000001", "");
        var unexplained = new ExpectedFinding(ExceptionKind.PayoutMissing, "", "", "P-M0009-20260303-1");
        var html = ReportFixture.Render(ReportFixture.With(run, missed: [missed], unexplained: [unexplained]));
        Assert.DoesNotContain("nothing more", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"verdict bad\">", html, StringComparison.Ordinal);
        Assert.Contains(missed.ToString(), Between(html, "<h3>Missed</h3>", "</div>"), StringComparison.Ordinal);
        Assert.Contains(unexplained.ToString(), Between(html, "<h3>Unexplained</h3>", "</div>"), StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_from_the_run_are_escaped()
    {
        var run = ReportFixture.Run;
        var faults = run.Faults.Select(f => f with { Detail = "<script>alert('x')</script> & \"more\"" }).ToList();
        var html = ReportFixture.Render(ReportFixture.With(run, run.Scenario with { Name = "<b>bold</b> run" }, faults));
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; run", html, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(html, "<script>")); // the report's own, and no other
    }

    [Fact]
    public void Nothing_is_referenced_outside_the_file()
    {
        var html = ReportFixture.Render(ReportFixture.Run);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("//", Regex.Replace(html, "<script>.*?</script>", "", RegexOptions.Singleline), StringComparison.Ordinal);
        Assert.DoesNotContain(" src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
    }

    [Fact]
    public void No_card_number_appears_in_clear()
    {
        var run = ReportFixture.Run;
        var html = ReportFixture.Render(run);
        foreach (var card in run.Issuer.Cards)
        {
            Assert.DoesNotContain(card.Pan, html, StringComparison.Ordinal);
        }

        // Cards are shown masked, in the timelines: the one that paid the sale whose presentment was dropped.
        var sale = SampleSales.Purchase(run, "dropped");
        var index = run.Match.Exceptions.ToList().FindIndex(e => e.TerminalId == sale.TerminalId && e.Rrn == sale.Rrn);
        Assert.True(index >= 0, "the dropped sale has an exception");
        Assert.Contains($"card {sale.PanMasked}:", Between(html, $"id=\"tl-{index}\"", "</details>"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_run_gives_the_same_bytes()
    {
        var first = ReportFixture.Render(ReportFixture.Run);
        Assert.Equal(first, ReportFixture.Render(ReportFixture.Run));

        // A second run of the same script, built from scratch, too.
        Assert.Equal(first, ReportFixture.Render(SampleRun.Create()));
    }

    [Fact]
    public void The_page_has_a_header_summary_and_both_charts()
    {
        var run = ReportFixture.Run;
        var html = ReportFixture.Render(run);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        var header = Between(html, "<header>", "</header>");
        Assert.Contains($"<h1>{SampleRun.Scenario.Name}</h1>", header, StringComparison.Ordinal);
        Assert.Contains($"{Time(run.SimulatedFrom)} \u2192 {Time(run.SimulatedTo)}", header, StringComparison.Ordinal);
        Assert.Contains($"<dd>{SampleRun.Scenario.Seed}</dd>", header, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Transactions per hour\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Payouts per day\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge ok\">pass</span>", html, StringComparison.Ordinal);
    }

    /// <summary>Minor units as the report shows money: 1,234.56.</summary>
    private static string Money(long minor) => (minor / 100m).ToString("N2", CultureInfo.InvariantCulture);

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' is not in the report");
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..(to < 0 ? text.Length : to)];
    }

    [GeneratedRegex("<tr data-kind=.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
