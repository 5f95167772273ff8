using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

public class IsoDescribeTests
{
    private static string SamplePath => RepoRoot.Combine("scenarios", "samples", "purchase-0200.iso87-ascii.bin");

    [Fact]
    public void Describe_shows_each_field_with_its_name_and_meaning_and_masks_the_pan()
    {
        var result = CliRunner.Run("iso", "describe", "--dialect", "iso87-ascii", "--framing", "none", "--in", SamplePath);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Financial transaction request", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Primary account number", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("476173******0119", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("4761739001010119", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("350.00 CNY", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Purchase", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_of_a_malformed_message_exits_2()
    {
        var result = CliRunner.Run("iso", "describe", "--dialect", "iso87-binary", "--framing", "none", "--in", SamplePath);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: field ", result.StderrLines[0], StringComparison.Ordinal);
    }
}
