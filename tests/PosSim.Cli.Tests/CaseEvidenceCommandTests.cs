using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>
/// `possim case escalate` and `possim case evidence` on a run of scenarios/05-clearing-records.yaml: the evidence pack
/// is written where the escalation says, and bad input is one clear error line. Each test works on its own copy of
/// the run's folder, so cases.ndjson starts empty.
/// </summary>
public sealed class CaseEvidenceCommandTests(CaseEvidenceCommandTests.Run run) : IClassFixture<CaseEvidenceCommandTests.Run>, IDisposable
{
    private readonly TempFolder _folder = new("possim-case-evidence-");

    private string Dir
    {
        get
        {
            foreach (var file in new[] { "run.sqlite", "events.ndjson" })
            {
                if (!File.Exists(_folder.Sub(file)))
                {
                    File.Copy(Path.Combine(run.Dir, file), _folder.Sub(file));
                }
            }

            return _folder.Path;
        }
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Escalate_writes_the_pack_to_the_evidence_folder_and_prints_its_path()
    {
        Assert.Equal(0, Case("open", "--merchant", "M0001", "--around", "2026-03-02 09:05", "--amount", "56.00").ExitCode);

        var escalated = Case("escalate", "--case", "1", "--reason", "the merchant's lawyer called");

        Assert.Equal(0, escalated.ExitCode);
        var path = Path.Combine(Dir, "evidence", "case-1.html");
        Assert.Equal(["Case 1: escalated", "Nothing more to do on this case.", $"Evidence pack: {path}"], escalated.StdoutLines);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("the merchant&#39;s lawyer called", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal("", escalated.Stderr);
    }

    [Fact]
    public void Evidence_writes_any_case_where_asked_in_the_language_asked()
    {
        Case("open", "--merchant", "M0001", "--around", "2026-03-02 09:05", "--amount", "56.00");
        var path = _folder.Sub("packs/case-1.zh-CN.html");

        var written = Case("evidence", "--case", "1", "--out", path, "--lang", "zh-CN");

        Assert.Equal(0, written.ExitCode);
        Assert.Equal([$"证据材料已生成：{path}"], written.StdoutLines);
        Assert.Contains("本案件尚未升级处理", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Dir, "evidence", "case-1.html")));
    }

    [Fact]
    public void Evidence_of_a_case_that_does_not_exist_exits_2_with_one_line_saying_so()
    {
        Case("open", "--merchant", "M0001", "--around", "2026-03-02 09:05", "--amount", "56.00");

        var result = Case("evidence", "--case", "9");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: no case 9 in {Dir}; its cases are 1"], result.StderrLines);
        Assert.Equal("", result.Stdout);
        Assert.False(Directory.Exists(Path.Combine(Dir, "evidence")));
    }

    [Fact]
    public void Evidence_of_a_folder_that_is_not_a_run_exits_2_with_one_line_saying_so()
    {
        using var empty = new TempFolder("possim-case-evidence-empty-");

        var result = CliRunner.Run("case", "evidence", "--run", empty.Path, "--case", "1");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"error: {empty.Path}: not a run folder", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--lang", "fr", "error: --lang 'fr' is not a language cases speak; use en or zh-CN")]
    [InlineData("--out", ".", "is a folder; give the file to write")]
    public void Bad_options_exit_2_with_one_line_that_says_what_to_give(string option, string value, string expected)
    {
        Case("open", "--merchant", "M0001", "--around", "2026-03-02 09:05", "--amount", "56.00");
        var given = option == "--out" ? Dir : value;

        var result = Case("evidence", "--case", "1", option, given);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_teaches_what_the_pack_holds_and_where_escalate_writes_it()
    {
        var help = CliRunner.Run("case", "evidence", "--help");
        var escalate = CliRunner.Run("case", "escalate", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("possim case evidence --run runs/05 --case 1", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("DIR/evidence/case-N.html", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("DIR/evidence/case-N.html", escalate.Stdout, StringComparison.Ordinal);
    }

    private CliResult Case(string step, params string[] more) => CliRunner.Run(["case", step, "--run", Dir, .. more]);

    /// <summary>05-clearing-records run once for the class, through `possim run` itself.</summary>
    public sealed class Run : IDisposable
    {
        private readonly TempFolder _folder = new("possim-case-evidence-run-");

        public Run()
        {
            Dir = _folder.Sub("run");
            var result = CliRunner.Run("run", RepoRoot.Combine("scenarios", "05-clearing-records.yaml"), "--out", Dir);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("possim run failed: " + result.Stderr);
            }
        }

        public string Dir { get; }

        public void Dispose() => _folder.Dispose();
    }
}
