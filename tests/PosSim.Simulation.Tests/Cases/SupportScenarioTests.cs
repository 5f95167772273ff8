using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Sqlite;
using PosSim.Core.Cases;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Support;
using PosSim.Simulation.Support.Cases;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Cases;

/// <summary>Plays 16-support-cases with a seed and lets the automatic agent work its six complaints.</summary>
public sealed class SupportCasesRun : IDisposable
{
    private readonly TempFolder _folder = new("possim-support-");

    public SupportCasesRun()
        : this(16)
    {
    }

    internal SupportCasesRun(int seed)
    {
        Dir = _folder.Path;
        var recipe = RunRecipe.Of(RepoRoot.Combine("scenarios", "16-support-cases.yaml"), [], seed);
        var scenario = recipe.Scenario();
        First = recipe.Play(scenario, Dir, []);
        var worked = AutomaticAgent.Work(Dir, scenario.Support.Complaints);
        Result = worked.Run!;
        Cases = worked.Cases;
    }

    public string Dir { get; }

    /// <summary>The run before support did anything.</summary>
    public RunResult First { get; }

    /// <summary>The run played again with the cases' ways back.</summary>
    public RunResult Result { get; }

    public IReadOnlyList<SupportCase> Cases { get; }

    public TransactionFacts Facts(SupportCase c)
    {
        using var reader = TransactionStoryReader.Open(Dir);
        return new RunCaseFacts(reader).Find(c.Transaction!.TerminalId, c.Transaction.Rrn)!;
    }

    public long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(Dir, RunDatabase.FileName)};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>
/// One complaint per place money gets stuck (16-support-cases): each is taken by the automatic agent to the way back
/// that fits, carried out on the switch and the ledger, and the records show the money where the resolution says.
/// </summary>
public sealed class SupportScenarioTests(SupportCasesRun run) : IClassFixture<SupportCasesRun>
{
    private SupportCase Case(long id) => run.Cases.Single(c => c.Id == id);

    [Fact]
    public void Every_complaint_ends_completed_with_the_way_back_that_fits_where_the_money_was()
    {
        var expected = new[]
        {
            (1, MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold),
            (2, MoneyState.HeldAtIssuer, ResolutionPath.PayMerchantLate),
            (3, MoneyState.ClearedNotSettled, ResolutionPath.ReturnFromClearing),
            (4, MoneyState.PayoutBounced, ResolutionPath.PayMerchantLate),
            (5, MoneyState.ClearedNotSettled, ResolutionPath.PayMerchantLate),
            (6, MoneyState.Paid, ResolutionPath.RefundFromMerchant),
        };
        Assert.Equal(6, run.Cases.Count);
        foreach (var (id, money, path) in expected)
        {
            var c = Case(id);
            Assert.True(c.Stage == CaseStage.Completed, $"case {id}: {c.Stage} {c.Outcome?.Failure} {c.EscalationReason}");
            Assert.Equal(money, c.Diagnosis);
            Assert.Equal(path, c.Command!.Path);
            Assert.True(c.Outcome!.Done);
        }
    }

    [Fact]
    public void A_released_hold_leaves_nothing_charged_and_nothing_cleared()
    {
        var facts = run.Facts(Case(1));
        Assert.Equal(MoneyState.Reversed, facts.Money);
        Assert.Equal(0, run.Scalar("SELECT COUNT(*) FROM clearing WHERE terminal_id = $t AND rrn = $r", ("$t", facts.TerminalId), ("$r", facts.Rrn)));
        Assert.Equal(1, run.Scalar("SELECT COUNT(*) FROM authorizations WHERE terminal_id = $t AND rrn = $r AND status = 'released'", ("$t", facts.TerminalId), ("$r", facts.Rrn)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    public void Paying_late_puts_the_sale_on_the_merchants_statement(long id)
    {
        Assert.Equal(MoneyState.Paid, run.Facts(Case(id)).Money);
    }

    [Fact]
    public void Money_returned_from_clearing_reaches_the_card_and_never_debits_the_merchant()
    {
        var facts = run.Facts(Case(3));
        var refund = run.Scalar("SELECT COUNT(*) FROM tranlog WHERE kind = 'refund' AND response_code = '00' AND terminal_id = $t AND original_rrn = $r", ("$t", facts.TerminalId), ("$r", facts.Rrn));
        Assert.Equal(1, refund);

        // Neither the sale nor its refund is in any payout of the merchant, who never had the money.
        Assert.Equal(0, run.Scalar(
            "SELECT COUNT(*) FROM settlements s JOIN clearing c ON c.clearing_id = s.clearing_id WHERE c.terminal_id = $t AND (c.rrn = $r OR c.rrn IN (SELECT rrn FROM tranlog WHERE original_rrn = $r AND terminal_id = $t))",
            ("$t", facts.TerminalId), ("$r", facts.Rrn)));
        Assert.Equal(1, run.Scalar("SELECT COUNT(*) FROM authorizations WHERE terminal_id = $t AND kind = 'refund' AND status = 'posted'", ("$t", facts.TerminalId)));
    }

    [Fact]
    public void A_refund_of_a_paid_sale_is_taken_from_the_merchants_next_payout()
    {
        var facts = run.Facts(Case(6));
        Assert.Equal(facts.AmountMinor, facts.RefundedMinor);
        Assert.Equal(-facts.AmountMinor, run.Scalar(
            "SELECT s.gross_minor FROM settlements s JOIN clearing c ON c.clearing_id = s.clearing_id JOIN tranlog t ON t.terminal_id = c.terminal_id AND t.rrn = c.rrn " +
            "WHERE t.kind = 'refund' AND t.original_rrn = $r AND t.terminal_id = $t", ("$t", facts.TerminalId), ("$r", facts.Rrn)));
    }

    [Fact]
    public void Money_is_conserved_through_every_resolution()
    {
        Assert.Empty(run.Result.LedgerProblems);
        Assert.True(run.Result.Office.Ledger.GetTotals().IsBalanced);
    }

    [Fact]
    public void Adjustments_name_every_completed_case_and_the_run_database_keeps_the_proof()
    {
        var lines = File.ReadAllLines(Path.Combine(run.Dir, "recon", AdjustmentsCsv.FileName));
        Assert.Equal(string.Join(',', AdjustmentsCsv.Columns), lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Equal(6, run.Scalar("SELECT COUNT(*) FROM resolutions WHERE failure IS NULL AND proof <> ''"));
    }

    [Theory]
    [InlineData("en", "Support case {0}")]
    [InlineData("zh-CN", "差错工单 {0}")]
    public void Trace_tells_each_resolution_as_support_s_hop_in_both_languages(string lang, string marker)
    {
        using var reader = TransactionStoryReader.Open(run.Dir);
        var text = TraceLanguages.Find(lang)!;
        foreach (var c in run.Cases)
        {
            var row = reader.Find(new TraceQuery.ByRrn(c.Transaction!.Rrn)).Single(r => r.TerminalId == c.Transaction.TerminalId);
            var story = TransactionStory.Tell(reader.Read(row), text);
            var said = string.Format(System.Globalization.CultureInfo.InvariantCulture, marker, c.Id);
            Assert.Contains(story.Steps, s => s.From == Hop.Support && s.Text.Contains(said, StringComparison.Ordinal));
            Assert.Contains(said, story.NextSteps[0], StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_matcher_still_reports_each_break_and_names_the_case_that_resolved_it()
    {
        Assert.True(run.Result.Missed.Count == 0 && run.Result.Unexplained.Count == 0,
            $"missed: {string.Join(", ", run.Result.Missed)}; unexplained: {string.Join(", ", run.Result.Unexplained)}");
        // The break each case was about is still reported after the case resolved it: it did happen. Case 4's payout
        // was re-issued under its own id, so the matcher sees its purchase unsettled rather than the payout missing
        // (docs/cases.md, "What is not done").
        foreach (var c in run.Cases.Where(c => c.Id is 1 or 2 or 3 or 5))
        {
            var before = run.First.Match.Exceptions.Where(e => e.TerminalId == c.Transaction!.TerminalId && e.Rrn == c.Transaction.Rrn).Select(e => e.Kind);
            var after = run.Result.Match.Exceptions.Where(e => e.TerminalId == c.Transaction!.TerminalId && e.Rrn == c.Transaction.Rrn).Select(e => e.Kind);
            Assert.Equal(before, after);
        }

        var resolved = run.Result.Match.Resolved;
        Assert.Equal([1L, 2, 3, 4, 5], resolved.Select(r => r.CaseId).Order());
        Assert.All(resolved, r => Assert.Contains(run.Result.Match.Exceptions, e => e.Kind == r.Kind && e.TerminalId == r.TerminalId && e.Rrn == r.Rrn));
        Assert.Empty(run.Result.Match.UnprovenAdjustments);
    }

    [Fact]
    public void The_report_shows_each_case_s_way_back_and_its_proof()
    {
        var html = File.ReadAllText(Path.Combine(run.Dir, RunOutputs.Report));
        Assert.Contains("<section id=\"support\"><h2>Support cases</h2>", html, StringComparison.Ordinal);
        Assert.Contains("6 of 6 approved ways back moved the money", html, StringComparison.Ordinal);
        Assert.Contains("return-from-clearing", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Carrying_out_again_changes_nothing_and_moves_no_money_twice()
    {
        var before = File.ReadAllBytes(Path.Combine(run.Dir, "recon", AdjustmentsCsv.FileName));
        var again = CaseExecution.CarryOut(run.Dir);
        Assert.Empty(again.Cases);
        Assert.Null(again.Run);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(run.Dir, "recon", AdjustmentsCsv.FileName)));
    }

    [Fact]
    public void The_case_log_replays_over_the_run_it_changed()
    {
        using var book = CaseBook.Open(run.Dir);
        Assert.All(book.Cases, c => Assert.Equal(CaseStage.Completed, c.Stage));
    }
}

/// <summary>Over random seeds (traffic, cards and network draws change; the complaints stay), the way back holds its rules.</summary>
public sealed class SupportProperties
{
    [Property(MaxTest = 6)]
    public void Every_agent_case_ends_completed_or_escalated_and_no_refund_exceeds_its_sale(PositiveInt seed)
    {
        using var run = new SupportCasesRun(seed.Get % 100_000);
        Assert.All(run.Cases, c => Assert.True(c.IsClosed, $"case {c.Id} is {c.Stage}"));
        Assert.Empty(run.Result.LedgerProblems);
        Assert.Equal(0, run.Scalar(
            "SELECT COUNT(*) FROM tranlog p WHERE p.kind = 'purchase' AND p.amount_minor < " +
            "(SELECT COALESCE(SUM(r.amount_minor), 0) FROM tranlog r WHERE r.kind = 'refund' AND r.response_code = '00' AND r.cancelled_by IS NULL AND r.terminal_id = p.terminal_id AND r.original_rrn = p.rrn)"));
        foreach (var c in run.Cases.Where(c => c.Stage == CaseStage.Completed))
        {
            var facts = run.Facts(c);
            var expected = c.Command!.Path switch
            {
                ResolutionPath.ReleaseHold => MoneyState.Reversed,
                ResolutionPath.RefundFromMerchant => MoneyState.Paid,
                ResolutionPath.ReturnFromClearing => facts.Money,
                _ => MoneyState.Paid,
            };
            Assert.Equal(expected, facts.Money);
            Assert.True(c.Command.AmountMinor <= facts.AmountMinor);
        }
    }
}

/// <summary>The merchant agreement's refund window, from the scenario to the switch and the review.</summary>
public sealed class RefundWindowTests
{
    [Fact]
    public void Past_the_merchants_refund_window_review_refuses_a_refund_and_the_agent_escalates_while_paying_late_still_goes_through()
    {
        using var folder = new TempFolder("possim-window-");
        var path = RepoRoot.Combine("scenarios", "16-support-cases.yaml");
        var yaml = File.ReadAllText(path).Replace("    terminals: 1\n", "    terminals: 1\n    refund_window_days: 3\n", StringComparison.Ordinal);
        var recipe = new RunRecipe(path, yaml, [], 16);
        var scenario = recipe.Scenario();
        recipe.Play(scenario, folder.Path, []);

        var cases = AutomaticAgent.Work(folder.Path, scenario.Support.Complaints).Cases;

        foreach (var id in new long[] { 1, 3, 6 })
        {
            var c = cases.Single(c => c.Id == id);
            Assert.Equal(CaseStage.Escalated, c.Stage);
            Assert.Contains("outside-refund-window", c.EscalationReason, StringComparison.Ordinal);
        }

        Assert.All(cases.Where(c => c.Id is 2 or 4 or 5), c => Assert.Equal(CaseStage.Completed, c.Stage));
        using var db = new SqliteConnection($"Data Source={Path.Combine(folder.Path, RunDatabase.FileName)};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT DISTINCT refund_window_days FROM merchants";
        Assert.Equal(3L, command.ExecuteScalar());
    }
}

/// <summary>The shipped one-break support scenarios: QA's regression tests of the way back, one per place money gets stuck.</summary>
public sealed class OneBreakSupportScenarioTests
{
    [Theory]
    [InlineData("17-support-held-at-issuer.yaml", ResolutionPath.ReleaseHold)]
    [InlineData("18-support-risk-hold.yaml", ResolutionPath.ReturnFromClearing)]
    [InlineData("19-support-payout-bounce.yaml", ResolutionPath.PayMerchantLate)]
    [InlineData("20-support-settlement-delay.yaml", ResolutionPath.PayMerchantLate)]
    [InlineData("21-support-shown-failed.yaml", ResolutionPath.RefundFromMerchant)]
    public void The_complaint_is_taken_to_completion_by_the_way_back_that_fits(string file, ResolutionPath path)
    {
        using var folder = new TempFolder("possim-onebreak-");
        var recipe = RunRecipe.Of(RepoRoot.Combine("scenarios", file), [], 1);
        var scenario = recipe.Scenario();
        recipe = recipe with { Seed = scenario.Seed };
        recipe.Play(scenario, folder.Path, []);

        var worked = AutomaticAgent.Work(folder.Path, scenario.Support.Complaints);

        var c = Assert.Single(worked.Cases);
        Assert.True(c.Stage == CaseStage.Completed, $"{c.Stage}: {c.Outcome?.Failure} {c.EscalationReason}");
        Assert.Equal(path, c.Command!.Path);
        Assert.True(worked.Run!.AllExpectationsHeld, string.Join("; ", worked.Run.Expectations.Where(e => !e.Held).Select(e => $"{e.Name}: {e.Actual}")));
        // A paid sale refunded had no finding of its own to resolve (its terminal's batch is the break); the others do.
        Assert.All(worked.Run.Match.Resolved, r => Assert.Equal(1, r.CaseId));
        Assert.Equal(path != ResolutionPath.RefundFromMerchant, worked.Run.Match.Resolved.Count > 0);
    }
}
