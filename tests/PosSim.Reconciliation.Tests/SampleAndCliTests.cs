using PosSim.Tests.Shared;

namespace PosSim.Reconciliation.Tests;

/// <summary>`possim match` end to end, on the hand-made sample folder and on broken input.</summary>
public class SampleAndCliTests
{
    private static string Sample => RepoRoot.Combine("scenarios", "recon-sample");

    [Fact]
    public void The_sample_folder_gives_its_checked_in_output_byte_for_byte()
    {
        using var dir = new TempFolder("possim-recon-");
        var (code, output, error) = CliRunner.Run("match", "--in", Sample, "--out", dir.Path);
        Assert.Equal((0, ""), (code, error));
        foreach (var name in new[] { "exceptions.csv", "summary.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Sample, "expected", name)), File.ReadAllBytes(Path.Combine(dir.Path, name)));
        }

        Assert.Contains("3 matched, 1 pending", output, StringComparison.Ordinal);
        Assert.Contains("refund-exceeds-original", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_folder_shows_every_kind_once_or_more()
    {
        var result = Matcher.Run(Sample);
        Assert.All(ExceptionKinds.InOutputOrder, k => Assert.True(result.Counts[k] > 0, k.Name()));
        Assert.All(result.Exceptions, e => Assert.EndsWith(".", e.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_runs_write_identical_bytes()
    {
        using var dir = new TempFolder("possim-recon-");
        Assert.Equal(0, CliRunner.Run("match", "--in", Sample, "--out", dir.Sub("a"), "--as-of", "2026-03-05").ExitCode);
        Assert.Equal(0, CliRunner.Run("match", "--in", Sample, "--out", dir.Sub("b"), "--as-of", "2026-03-05").ExitCode);
        Assert.Equal(File.ReadAllBytes(dir.Sub("a/exceptions.csv")), File.ReadAllBytes(dir.Sub("b/exceptions.csv")));
        Assert.Equal(File.ReadAllBytes(dir.Sub("a/summary.json")), File.ReadAllBytes(dir.Sub("b/summary.json")));
        Assert.Contains("\"as_of\": \"2026-03-05\"", File.ReadAllText(dir.Sub("a/summary.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_exits_2_with_file_line_and_column_and_writes_nothing()
    {
        using var dir = new TempFolder("possim-recon-");
        var input = dir.Sub("in");
        Directory.CreateDirectory(input);
        foreach (var file in Directory.GetFiles(Sample, "*.csv"))
        {
            File.Copy(file, Path.Combine(input, Path.GetFileName(file)));
        }

        var lines = File.ReadAllLines(Path.Combine(input, "clearing.csv"));
        lines[3] = lines[3].Replace(",5000,", ",5O00,", StringComparison.Ordinal);
        File.WriteAllLines(Path.Combine(input, "clearing.csv"), lines);

        var (code, output, error) = CliRunner.Run("match", "--in", input, "--out", dir.Sub("out"));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"error: {Path.Combine(input, "clearing.csv")} line 4, column 7: amount_minor '5O00' is not a whole number (amounts are integers in minor units)\n",
            error.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.False(Directory.Exists(dir.Sub("out")));
    }

    [Theory]
    [InlineData("--as-of", "2026-13-01", "--as-of '2026-13-01' is not a date")]
    [InlineData("--in", "/no/such/folder", "no such folder")]
    public void Bad_options_exit_2(string option, string value, string words)
    {
        using var dir = new TempFolder("possim-recon-");
        var args = option == "--in"
            ? new[] { "match", "--in", value, "--out", dir.Path }
            : ["match", "--in", Sample, "--out", dir.Path, option, value];
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(words, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_explains_the_files_the_exit_codes_and_gives_an_example()
    {
        var (code, output, _) = CliRunner.Run("match", "--help");
        Assert.Equal(0, code);
        foreach (var words in new[] { "--in", "--out", "--as-of", "exceptions.csv", "summary.json", "Exit codes", "possim match --in scenarios/recon-sample" })
        {
            Assert.Contains(words, output, StringComparison.Ordinal);
        }
    }
}
