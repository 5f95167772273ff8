using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Cases;

/// <summary>`possim case session` driven by piped answers, one a line, over a copy of a trained run.</summary>
public sealed class CaseSessionTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    /// <summary>Every step in order, each value left at the records' default (an empty line).</summary>
    private static readonly string[] HappyPath =
    [
        "confirm", "1",
        "diagnose", "",
        "contact", "", "", "called the cardholder",
        "apply", "", "", "", "", "",
        "submit",
        "approve",
    ];

    private static CliResult Session(string dir, IEnumerable<string> answers, params string[] more) =>
        CliRunner.RunWithStdin(string.Join('\n', answers) + "\n", ["case", "session", "--run", dir, .. more]);

    [Fact]
    public void A_piped_session_takes_the_training_case_to_approval_carries_it_out_and_it_grades_full_marks()
    {
        using var folder = run.Copy();

        var session = Session(folder.Path, HappyPath, "--case", "1");

        Assert.Equal(0, session.ExitCode);
        Assert.Empty(session.Stderr);
        Assert.Contains(run.Rrn, session.Stdout, StringComparison.Ordinal); // the candidates table
        foreach (var stage in new[] { "records confirmed", "diagnosed", "customer contacted", "refund applied for", "under review", "processing", "completed" })
        {
            Assert.Contains($"Case 1: {stage}\n", session.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }

        // The approval is carried out as `possim case review` does it, and the session ends there.
        Assert.Contains("Session ended: case 1 is at 'completed'.", session.Stdout, StringComparison.Ordinal);
        var grade = CliRunner.Run("case", "grade", "--run", folder.Path, "--case", "1");
        Assert.StartsWith("Training case 1: 100/100", grade.Stdout, StringComparison.Ordinal);
        Assert.Contains("Completed: the procedure was followed to the end.", grade.Stdout, StringComparison.Ordinal);

        // The same case log the step commands keep: they see the case where the session left it.
        Assert.StartsWith("Case 1: completed", CliRunner.Run("case", "show", "--run", folder.Path, "--case", "1").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_step_says_why_and_what_to_do_instead_and_the_session_goes_on()
    {
        using var folder = run.Copy();

        var session = Session(folder.Path, ["confirm", "1", "diagnose", "paid", "diagnose", "", "quit"], "--case", "1");

        Assert.Equal(0, session.ExitCode);
        Assert.Contains("refused: the records say the money is elsewhere (said=Paid records=HeldAtIssuer); trace the transaction", session.Stdout, StringComparison.Ordinal);
        Assert.Contains("Case 1: diagnosed", session.Stdout, StringComparison.Ordinal);
        var grade = CliRunner.Run("case", "grade", "--run", folder.Path, "--case", "1");
        Assert.Contains("Wrong money state: you said the money is 'paid to the merchant's account'", grade.Stdout, StringComparison.Ordinal);
        Assert.Contains("The records refused it and you put it right", grade.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_that_is_not_a_choice_is_asked_again_and_the_end_of_the_input_ends_the_session()
    {
        using var folder = run.Copy();

        var session = Session(folder.Path, ["confirm", "7", "nonsense"], "--case", "1");

        Assert.Equal(0, session.ExitCode);
        Assert.Contains("'7' is not one of the choices", session.Stdout, StringComparison.Ordinal);
        Assert.Contains("'nonsense' is not one of the choices", session.Stdout, StringComparison.Ordinal);
        Assert.Contains("Session ended: case 1 is at 'complaint registered'.", session.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_case_it_offers_the_open_ones_or_a_new_one()
    {
        using var folder = run.Copy();

        var session = Session(folder.Path, ["new", "M0002", "2026-03-02 10:00", "12.34", "", "search", "escalate", "could not find it"]);

        Assert.Equal(0, session.ExitCode);
        Assert.Contains("1: Case 1: complaint registered", session.Stdout, StringComparison.Ordinal);
        Assert.Contains("Case 2: complaint registered", session.Stdout, StringComparison.Ordinal);
        Assert.Contains("Case 2: escalated", session.Stdout, StringComparison.Ordinal);
        Assert.Contains("Session ended: case 2 is at 'escalated'.", session.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_session_speaks_chinese_when_asked()
    {
        using var folder = run.Copy();

        var session = Session(folder.Path, ["confirm", "1", "quit"], "--case", "1", "--lang", "zh-CN");

        Assert.Contains("下一步做什么？", session.Stdout, StringComparison.Ordinal);
        Assert.Contains("案件 1：已核实交易记录", session.Stdout, StringComparison.Ordinal);
        Assert.Contains("参考号", session.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_case_is_a_clear_error()
    {
        using var folder = run.Copy();

        var session = Session(folder.Path, ["quit"], "--case", "9");

        Assert.Equal(2, session.ExitCode);
        Assert.Contains("no case 9", Assert.Single(session.StderrLines), StringComparison.Ordinal);
    }
}
