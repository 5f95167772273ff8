using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Cases;

public sealed class CaseTrainTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    private static string Scenario => RepoRoot.Combine("scenarios", "05-clearing-records.yaml");

    [Fact]
    public void Train_opens_a_case_in_the_merchants_words_and_keeps_the_answer_apart()
    {
        var stdout = run.Trained.Stdout;

        Assert.StartsWith("Training case 1 (clearing-records, seed 5, break ", stdout, StringComparison.Ordinal);
        Assert.Contains("possim case grade --run", stdout, StringComparison.Ordinal);
        Assert.Contains("do not open it before you are graded", stdout, StringComparison.Ordinal);
        foreach (var secret in new[] { run.Rrn, run.Key["fault"]!.GetValue<string>(), run.Key["finding"]!.GetValue<string>(), run.Key["money"]!.GetValue<string>() })
        {
            Assert.DoesNotContain(secret, stdout, StringComparison.Ordinal);
        }

        Assert.Empty(run.Trained.Stderr);
        var opened = Assert.Single(File.ReadAllLines(Path.Combine(run.Dir, "cases.ndjson")));
        Assert.Contains("\"actor\":\"trainee\"", opened, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> BadInput() => new()
    {
        { ["--scenario", "no-such-scenario.yaml", "--seed", "5"], "error: no-such-scenario.yaml: no such file" },
        { ["--scenario", Scenario, "--seed", "five"], "error: --seed 'five' is not a seed" },
        { ["--scenario", Scenario, "--seed", "99999999999"], "error: --seed '99999999999' is not a seed" },
        { ["--scenario", Scenario, "--seed", "5", "--pick", "0"], "error: --pick '0' is not a break's number" },
        { ["--scenario", Scenario, "--seed", "5", "--lang", "fr"], "error: --lang 'fr' is not a language cases speak" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Train_on_bad_input_exits_2_with_one_clear_error_line_and_writes_nothing(string[] options, string expected)
    {
        using var folder = new TempFolder("possim-cli-training-bad-");
        var output = folder.Sub("run");

        var result = CliRunner.Run(["case", "train", .. options, "--out", output]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Train_will_not_run_over_a_folder_that_holds_cases()
    {
        var result = CliRunner.Run("case", "train", "--scenario", Scenario, "--seed", "5", "--out", run.Dir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("holds cases already", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_of_a_folder_without_an_answer_key_is_a_clear_error()
    {
        using var folder = run.Copy();
        File.Delete(folder.Sub("training.json"));

        var result = CliRunner.Run("case", "grade", "--run", folder.Path, "--case", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no training.json", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_of_an_untouched_case_says_what_is_missing_step_by_step()
    {
        using var folder = run.Copy();

        var result = CliRunner.Run("case", "grade", "--run", folder.Path, "--case", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Training case 1: 0/100", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Not finished: the case stopped at 'complaint registered'", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(not reached)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"RRN {run.Rrn}", result.Stdout, StringComparison.Ordinal); // the answer, once graded
    }
}
