using System.Globalization;
using System.Text.RegularExpressions;
using PosSim.Core.Switch;
using PosSim.Interchange;
using PosSim.Reconciliation;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Outputs.Report;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Reports;

/// <summary>
/// Whole-day exceptions (batch-out-of-balance: a terminal and a business date, no RRN) in report.html: their timeline,
/// and which injected fault explains each when one terminal has several.
/// </summary>
public sealed class WholeDayExceptionTests
{
    /// <summary>Four days; terminal T0000004 closes out of balance on days 1 and 3, by different amounts.</summary>
    private const string TwoFaultsYaml = """
        name: two-batch-faults
        start: 2026-03-02
        days: 4
        settle_days: 6
        merchants:
          - id: M
            count: 2
            terminals: 2
        cardholders:
          count: 40
        traffic:
          purchases_per_day: 40
          refund_rate: 0.1
        faults:
          - type: batch-out-of-balance
            terminal: T0000004
            day: 1
            by_minor: 100
          - type: batch-out-of-balance
            terminal: T0000004
            day: 3
            by_minor: 250
        expect:
          money_conserved: true
          findings_match_faults: true
        """;

    private static readonly Lazy<RunResult> TwoFaults = new(() =>
    {
        var scenario = ScenarioLoader.Parse(TwoFaultsYaml, "x.yaml");
        using var folder = new TempFolder("possim-two-batch-faults-");
        var outcome = new SimulationRun(scenario, scenario.Seed).Simulate();
        return RunFinisher.Finish(outcome, Path.Combine(folder.Path, RunOutputs.Recon));
    });

    [Fact]
    public void A_batch_out_of_balance_exception_gets_the_terminals_batch_closes_live_sales_and_faults()
    {
        var run = ReportFixture.Run;
        var html = ReportFixture.Render(run);
        var exceptions = run.Match.Exceptions.ToList();
        var row = exceptions.Single(e => e.Kind == ExceptionKind.BatchOutOfBalance);
        var timeline = Timeline(html, exceptions.IndexOf(row));
        Assert.DoesNotContain("no event of the run names this key", timeline, StringComparison.Ordinal);

        var date = DateOnly.ParseExact(row.BusinessDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var reports = run.Office.Switch.BatchReports.Where(b => b.TerminalId == row.TerminalId && Math.Abs(b.BusinessDate.DayNumber - date.DayNumber) <= 1).ToList();
        Assert.NotEmpty(reports);
        Assert.Equal(reports.Count, Regex.Count(timeline, "<span class=\"actor\">batch</span>"));
        foreach (var b in reports)
        {
            var sales = Timelines.Sales(b.DebitCount, b.DebitAmountMinor, b.CreditCount, b.CreditAmountMinor);
            Assert.Contains($"batch {b.BatchNumber} closed for business date {b.BusinessDate:yyyy-MM-dd}: {sales}", timeline, StringComparison.Ordinal);
        }

        // The switch's side in one line, not a row per sale.
        var live = run.Office.Switch.Tranlog.Where(e => e.TerminalId == row.TerminalId && e.BusinessDate == date && e.IsLive).ToList();
        var purchases = live.Where(e => e.Kind == TransactionKind.Purchase).ToList();
        var refunds = live.Where(e => e.Kind == TransactionKind.Refund).ToList();
        Assert.NotEmpty(purchases);
        var summary = $"{purchases.Count} purchases {Money(purchases.Sum(e => e.AmountMinor))}, {refunds.Count} {(refunds.Count == 1 ? "refund" : "refunds")} {Money(refunds.Sum(e => e.AmountMinor))}";
        Assert.Contains($"live at the switch for business date {row.BusinessDate}: {summary} (approved", timeline, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(timeline, "<span class=\"actor\">switch</span>"));

        var fault = run.Faults.Single(f => f.Type == FaultType.BatchOutOfBalance);
        Assert.Contains($"<span class=\"actor\">fault</span>injected batch-out-of-balance: {fault.Detail}", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_day_timeline_holds_the_terminals_faults_up_to_its_date_and_none_later()
    {
        var run = TwoFaults.Value;
        var html = ReportFixture.Render(run);
        var exceptions = run.Match.Exceptions.ToList();
        var rows = exceptions.Where(e => e.Kind == ExceptionKind.BatchOutOfBalance).OrderBy(e => e.BusinessDate, StringComparer.Ordinal).ToList();
        Assert.Equal(2, rows.Count);
        var first = Timeline(html, exceptions.IndexOf(rows[0]));
        var second = Timeline(html, exceptions.IndexOf(rows[1]));
        Assert.Contains("100 minor units", first, StringComparison.Ordinal);
        Assert.DoesNotContain("250 minor units", first, StringComparison.Ordinal);
        Assert.Contains("100 minor units", second, StringComparison.Ordinal);
        Assert.Contains("250 minor units", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_out_of_balance_faults_on_one_terminal_each_explain_the_finding_of_their_own_days()
    {
        var run = TwoFaults.Value;
        Assert.Empty(run.Missed);
        Assert.Empty(run.Unexplained);
        var faults = run.Faults.Where(f => f.Type == FaultType.BatchOutOfBalance).OrderBy(f => f.LocalTime).ToList();
        Assert.Equal(2, faults.Count);
        var rows = run.Match.Exceptions.Where(e => e.Kind == ExceptionKind.BatchOutOfBalance).OrderBy(e => e.BusinessDate, StringComparer.Ordinal).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("T0000004", r.TerminalId));

        var index = new FaultIndex(run.Faults, run.Match.Exceptions, local => ReportModel.BusinessDateOf(run, local));
        Assert.Same(faults[0], index.Explaining(rows[0]));
        Assert.Same(faults[1], index.Explaining(rows[1]));
        Assert.All(faults, f => Assert.True(index.Found(f)));

        // The table says so too: each row names its own fault's amount.
        var html = ReportFixture.Render(run);
        Assert.Contains("100 minor units", Row(html, rows[0]), StringComparison.Ordinal);
        Assert.Contains("250 minor units", Row(html, rows[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_day_fault_whose_finding_is_missing_is_not_found()
    {
        var run = TwoFaults.Value;
        var later = run.Match.Exceptions.Where(e => e.Kind == ExceptionKind.BatchOutOfBalance).MaxBy(e => e.BusinessDate, StringComparer.Ordinal)!;
        var faults = run.Faults.Where(f => f.Type == FaultType.BatchOutOfBalance).OrderBy(f => f.LocalTime).ToList();
        var index = new FaultIndex(run.Faults, [.. run.Match.Exceptions.Where(e => e != later)], local => ReportModel.BusinessDateOf(run, local));
        Assert.True(index.Found(faults[0]));
        Assert.False(index.Found(faults[1]));
    }

    private static string Timeline(string html, int index)
    {
        var from = html.IndexOf($"id=\"tl-{index}\"", StringComparison.Ordinal);
        Assert.True(from >= 0, $"exception {index} has no timeline");
        return html[from..html.IndexOf("</details>", from, StringComparison.Ordinal)];
    }

    private static string Row(string html, ExceptionRow row)
    {
        var match = Regex.Matches(html, "<tr data-kind=\"batch-out-of-balance\".*?</tr>", RegexOptions.Singleline)
            .Single(m => m.Value.Contains($">{row.BusinessDate}<", StringComparison.Ordinal));
        return match.Value;
    }

    private static string Money(long minor) => (minor / 100m).ToString("N2", CultureInfo.InvariantCulture);
}
