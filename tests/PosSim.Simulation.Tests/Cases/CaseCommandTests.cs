using PosSim.Simulation.Outputs;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Tests.Trace;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Cases;

/// <summary>
/// `possim case` over 05-clearing-records, whose sale "dropped" (T0000001, 09:10, 56.00) was never presented: the
/// money is still a hold at the issuer. Each test works on its own copy of the run's database, so cases.ndjson
/// starts empty.
/// </summary>
public sealed class CaseCommandTests(ClearingRecordsRunFixture run) : IClassFixture<ClearingRecordsRunFixture>, IDisposable
{
    private readonly TempFolder _folder = new("possim-case-");

    private string Dir
    {
        get
        {
            var path = Path.Combine(_folder.Path, RunDatabase.FileName);
            if (!File.Exists(path))
            {
                // The recipe too: an approval plays the run again, into this copy, to carry the case out.
                File.Copy(Path.Combine(run.Dir, RunDatabase.FileName), path);
                File.Copy(Path.Combine(run.Dir, RunRecipe.FileName), Path.Combine(_folder.Path, RunRecipe.FileName));
            }

            return _folder.Path;
        }
    }

    public void Dispose() => _folder.Dispose();

    private CliResult Case(string step, params string[] more) => CliRunner.Run(["case", step, "--run", Dir, .. more]);

    private CliResult Step(string step, params string[] more) => Case(step, ["--case", "1", .. more]);

    private string OpenAndConfirm()
    {
        Assert.Equal(0, Case("open", "--merchant", "M0001", "--around", "2026-03-02 09:05", "--amount", "56.00", "--words", "never arrived").ExitCode);
        var search = Step("search");
        Assert.Equal(0, search.ExitCode);
        var rrn = System.Text.RegularExpressions.Regex.Match(search.Stdout, @"RRN (\d{12})").Groups[1].Value;
        Assert.Equal(0, Step("confirm", "--rrn", rrn).ExitCode);
        return rrn;
    }

    [Fact]
    public void The_dropped_sale_is_worked_from_complaint_to_a_released_hold_the_records_show()
    {
        var rrn = OpenAndConfirm();
        Assert.Equal(0, Step("diagnose", "--money", "held-at-issuer").ExitCode);
        Assert.Equal(0, Step("contact", "--path", "release-hold", "--by-date", "2026-03-12").ExitCode);
        Assert.Equal(0, Step("apply").ExitCode);
        Assert.Equal(0, Step("submit").ExitCode);
        var approved = Step("review", "--approve", "--by", "li");

        Assert.Equal(0, approved.ExitCode);
        Assert.StartsWith("Case 1: processing", approved.Stdout, StringComparison.Ordinal);
        Assert.Contains("Case 1: completed", approved.Stdout, StringComparison.Ordinal);
        var shown = Step("show");
        foreach (var expected in new[] { "open ->", "confirm-records ->", "diagnose ->", "contact-customer ->", "apply-for-refund ->", "submit-for-review ->", "li: approve -> processing", "back-office: resolution -> completed", "released the issuer's hold", "56.00 of the sale at 2026-03-02 09:10:00", "Keep the terminal's network steady" })
        {
            Assert.Contains(expected, shown.Stdout, StringComparison.Ordinal);
        }

        // The hold is released on the issuer's books, and trace tells it as support's hop.
        var trace = CliRunner.Run("trace", "--run", Dir, "--rrn", rrn);
        Assert.Contains("Reversed", trace.Stdout, StringComparison.Ordinal);
        Assert.Contains("Support case 1 released the issuer's hold of CNY 56.00", trace.Stdout, StringComparison.Ordinal);
        Assert.Contains("差错工单 1：收单行发出冲正通知", CliRunner.Run("trace", "--run", Dir, "--rrn", rrn, "--lang", "zh-CN").Stdout, StringComparison.Ordinal);
        Assert.Contains("release-hold,T0000001," + rrn + ",5600", File.ReadAllText(Path.Combine(Dir, "recon", "adjustments.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_case_log_replays_to_the_same_case_every_time()
    {
        OpenAndConfirm();
        Step("diagnose", "--money", "held-at-issuer");
        var first = Step("show").Stdout;

        Assert.Equal(first, Step("show").Stdout);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(Dir, CaseLog.FileName)).Length); // open, search, confirm, diagnose
    }

    [Fact]
    public void Steps_against_the_records_are_refused_with_the_reason_and_only_noted_as_tried()
    {
        Assert.Equal(0, Case("open", "--merchant", "M0001", "--around", "2026-03-02 09:05", "--amount", "56.00").ExitCode);
        var unknown = Step("confirm", "--rrn", "000000000000");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no such purchase in the run", unknown.Stderr, StringComparison.Ordinal);

        var early = Step("diagnose", "--money", "paid");
        Assert.Equal(2, early.ExitCode);
        Assert.Contains("is not next: the case is at 'complaint registered'", early.Stderr, StringComparison.Ordinal);
        var log = File.ReadAllLines(Path.Combine(Dir, CaseLog.FileName));
        Assert.Equal(3, log.Length);
        Assert.All(log.Skip(1), line => Assert.Contains("\"refused\":", line, StringComparison.Ordinal));
        Assert.StartsWith("Case 1: complaint registered", Step("show").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merchant_never_paid_is_not_debited_and_a_wrong_diagnosis_is_refused()
    {
        OpenAndConfirm();
        var wrong = Step("diagnose", "--money", "paid");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("records=HeldAtIssuer", wrong.Stderr, StringComparison.Ordinal);

        Step("diagnose", "--money", "held-at-issuer");
        var debit = Step("contact", "--path", "refund-from-merchant", "--by-date", "2026-03-12");
        Assert.Equal(2, debit.ExitCode);
        Assert.Contains("a merchant who was never paid must not be debited", debit.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_will_not_approve_more_than_the_sale_and_a_rejection_sends_it_back()
    {
        OpenAndConfirm();
        Step("diagnose", "--money", "held-at-issuer");
        Step("contact", "--path", "release-hold", "--by-date", "2026-03-12");
        Step("apply", "--amount", "60.00");
        Step("submit");

        var approve = Step("review", "--approve");
        Assert.Equal(2, approve.ExitCode);
        Assert.Contains("more than can still be refunded (amount=6000 refundable=5600)", approve.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("Case 1: refund applied for", Step("review", "--reject", "--reason", "more than the sale").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_case_speaks_chinese_when_asked()
    {
        Assert.Equal(0, Case("open", "--merchant", "M0001", "--around", "2026-03-02 09:05", "--amount", "56.00").ExitCode);
        var search = Step("search", "--lang", "zh-CN");
        Assert.Contains("符合条件的消费共 1 笔", search.Stdout, StringComparison.Ordinal);
        Assert.Contains("仍冻结在持卡人的发卡行", search.Stdout, StringComparison.Ordinal);
        var refused = Step("diagnose", "--money", "paid", "--lang", "zh-CN");
        Assert.Contains("不予受理", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("已登记投诉", refused.Stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[], string> BadValues() => new()
    {
        { "diagnose", ["--money", "lost"], "--money 'lost' is not one of declined, reversed, held-at-issuer" },
        { "contact", ["--path", "nowhere", "--by-date", "2026-03-12"], "--path 'nowhere' is not one of release-hold, return-from-clearing" },
        { "contact", ["--path", "release-hold", "--by-date", "12/03/2026"], "--by-date '12/03/2026' is not a date of the form yyyy-MM-dd" },
        { "apply", ["--amount", "3,50"], "--amount '3,50' is not an amount" },
        { "show", ["--lang", "fr"], "--lang 'fr' is not a language cases speak" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Bad_values_are_named_with_what_is_allowed(string step, string[] options, string expected)
    {
        Case("open", "--merchant", "M0001", "--around", "2026-03-02 09:05", "--amount", "56.00");

        var result = Step(step, options);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_run_folder_an_unknown_case_and_a_damaged_log_are_clear_errors()
    {
        using var empty = new TempFolder("possim-case-empty-");
        var notRun = CliRunner.Run("case", "list", "--run", empty.Path);
        Assert.Equal(2, notRun.ExitCode);
        Assert.Contains("not a run folder", notRun.Stderr, StringComparison.Ordinal);

        var unknown = Step("show");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no case 1", unknown.Stderr, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(Dir, CaseLog.FileName), "{\"case\":1,\"step\":\"open\"}\n");
        var damaged = Case("list");
        Assert.Equal(2, damaged.ExitCode);
        Assert.Contains($"{CaseLog.FileName}:1:", damaged.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", damaged.Stderr, StringComparison.Ordinal);
    }
}
