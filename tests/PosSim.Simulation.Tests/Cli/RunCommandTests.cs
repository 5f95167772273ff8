using System.Text.RegularExpressions;
using PosSim.Simulation.Outputs;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Cli;

/// <summary>
/// `possim run` in-process: exit 2 with one `error:` line and nothing written on a bad scenario or option; exit 1
/// naming the expectation that failed; --set and --days reach the run; --help says what the run writes.
/// </summary>
public sealed partial class RunCommandTests : IDisposable
{
    /// <summary>A clean day: one merchant, two terminals, no fault; line 8 is purchases_per_day.</summary>
    private const string Clean = """
        name: clean
        start: 2026-03-02
        merchants:
          - id: M
            terminals: 2
        traffic:
          refund_rate: 0.1
          purchases_per_day: 40
        cardholders:
          count: 30
        """;

    private readonly TempFolder _folder = new("possim-run-command-");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string, string> BadScenarios() => new()
    {
        // name, scenario text, the error after "error: FILE:"
        { "unknown key", Clean + "\ntrafic:\n  open: \"08:00\"\n", ":11:1: trafic: unknown key trafic (did you mean traffic?)" },
        { "wrong type", Clean.Replace("purchases_per_day: 40", "purchases_per_day: many", StringComparison.Ordinal), ":8:22: traffic.purchases_per_day: expected a whole number, found many" },
        { "YAML syntax error", Clean.Replace("refund_rate: 0.1", "refund_rate: [0.1", StringComparison.Ordinal), ":7:16: not valid YAML:" },
        { "missing dialect file", Clean + "\ndialect: no-such-dialect.json\n", ":11:10: dialect: " },
    };

    [Theory]
    [MemberData(nameof(BadScenarios))]
    public void A_bad_scenario_exits_2_with_one_error_line_naming_the_place_and_writes_nothing(string name, string yaml, string error)
    {
        var scenario = Scenario(yaml, name.Replace(' ', '-') + ".yaml");
        var result = Run(scenario);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"error: {scenario}{error}", line, StringComparison.Ordinal);
        Assert.Matches(ErrorLine(), line);
        AssertNothingWritten();
    }

    [Fact]
    public void A_missing_scenario_file_exits_2_naming_the_file_and_writes_nothing()
    {
        var missing = _folder.Sub("nowhere.yaml");
        var result = Run(missing);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {missing}: no such file", Assert.Single(result.StderrLines));
        AssertNothingWritten();
    }

    [Theory]
    [InlineData("traffic.purchases_per_day", "--set traffic.purchases_per_day: give key=value")]
    [InlineData("traffic.purchases_per_day=many", "--set traffic.purchases_per_day=many: traffic.purchases_per_day: expected a whole number, found many")]
    [InlineData("traffic.refund_rate=2", "--set traffic.refund_rate=2: traffic.refund_rate: 2 is not a share between 0 and 1")]
    [InlineData("traffic.purchase_per_day=7", "--set traffic.purchase_per_day=7: traffic.purchase_per_day: unknown key purchase_per_day (did you mean purchases_per_day?)")]
    [InlineData("expect.money_conserved=maybe", "--set expect.money_conserved=maybe: expect.money_conserved: expected true or false, found maybe")]
    [InlineData("name.first=x", "--set name.first=x: name is not a mapping, so it has no key first")]
    public void A_bad_set_exits_2_naming_the_setting_instead_of_a_line_and_writes_nothing(string setting, string error)
    {
        var result = Run(Scenario(Clean), "--set", setting);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("error: " + error, line, StringComparison.Ordinal);
        Assert.DoesNotContain(":0:", line, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void A_set_changes_the_run()
    {
        var scenario = Scenario(Clean);
        Assert.Equal(0, Run(scenario).ExitCode);
        var full = Transactions(Out);
        var fewer = _folder.Sub("fewer");
        var result = CliRunner.Run("run", scenario, "--out", fewer, "--set", "traffic.purchases_per_day=7");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.InRange(Transactions(fewer), 1, full - 1);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("3661")]
    public void Days_out_of_range_exit_2_and_write_nothing(string days)
    {
        var result = Run(Scenario(Clean), "--days", days);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --days {days}: give a number of days from 1 to 3660", Assert.Single(result.StderrLines));
        AssertNothingWritten();
    }

    [Fact]
    public void Days_fewer_than_a_fault_needs_is_a_scenario_error_and_writes_nothing()
    {
        var yaml = Clean + "\ndays: 3\nfaults:\n  - type: batch-out-of-balance\n    terminal: T0000001\n    day: 3\n";
        var scenario = Scenario(yaml);
        var result = Run(scenario, "--days", "2");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {scenario}:15:10: faults[0].day: day 3 is outside the scenario's trading days 1..2", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void A_failed_expectation_exits_1_and_names_it_with_expected_and_actual()
    {
        var result = Run(Scenario(Clean + "\nexpect: { exceptions: { approved-not-cleared: 5 } }\n"));
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("expectation failed: exceptions.approved-not-cleared: expected 5, got 0", Assert.Single(result.StderrLines));
        Assert.True(File.Exists(Path.Combine(Out, RunOutputs.Report)), "a run that plays writes its files even when an expectation fails");
    }

    [Fact]
    public void A_dialect_file_beside_the_scenario_carries_the_terminals_messages()
    {
        // A copy of a built-in dialect under a file name of its own: the terminal links speak it.
        File.Copy(RepoRoot.Combine("src", "PosSim.Iso8583", "Dialects", "iso87-binary.json"), _folder.Sub("acquirer-dialect.json"));
        var result = Run(Scenario(Clean + "\ndialect: acquirer-dialect.json\n"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(Transactions(Out), File.ReadLines(Path.Combine(Out, RunOutputs.Events)).Count(l => l.Contains("\"mti\":\"0200\"", StringComparison.Ordinal) && l.Contains("\"from\":\"terminal\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Help_explains_the_outputs_and_exit_codes()
    {
        var result = CliRunner.Run("run", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var output in (string[])["recon/", "exceptions.csv", RunOutputs.GroundTruth, RunOutputs.Events, RunOutputs.Database, RunOutputs.Report, "--set", "--days", "Exit codes"])
        {
            Assert.Contains(output, result.Stdout, StringComparison.Ordinal);
        }
    }

    private string Out => _folder.Sub("out");

    private string Scenario(string yaml, string name = "x.yaml")
    {
        var path = _folder.Sub(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private CliResult Run(string scenario, params string[] options) =>
        CliRunner.Run(["run", scenario, "--out", Out, .. options]);

    private void AssertNothingWritten()
    {
        Assert.False(Directory.Exists(Out), "the --out folder was created");
    }

    /// <summary>Rows of recon/transactions.csv, without its header.</summary>
    private static int Transactions(string outDir) => File.ReadAllLines(Path.Combine(outDir, RunOutputs.Recon, "transactions.csv")).Length - 1;

    /// <summary>error: FILE:LINE:COLUMN: WHAT, with LINE and COLUMN from 1.</summary>
    [GeneratedRegex(@"^error: .+\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S.*$")]
    private static partial Regex ErrorLine();
}
