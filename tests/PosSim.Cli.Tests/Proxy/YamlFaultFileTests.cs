using PosSim.Cli.Commands.Proxy;
using PosSim.Net.Proxy.Faults;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Proxy;

/// <summary>Fault files in YAML: the same faults as JSON, and errors that name the YAML line.</summary>
public sealed class YamlFaultFileTests : IDisposable
{
    private readonly TempFolder _folder = new("possim-proxy-yaml-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_yaml_file_reads_as_the_same_faults_and_digits_with_leading_zeros_stay_text()
    {
        var file = Write("faults.yaml", """
            faults:
              - name: lose-37
                kind: drop
                direction: response
                match: { mti: 0200, stan: 000037 }
              - name: slow
                kind: latency
                latency_ms: 800
                jitter_ms: 200
                toxicity: 0.5
              - name: t3
                kind: corrupt
                field: 4
                remove: true
            """);

        var faults = FaultFileReader.Read(file);

        Assert.Equal(["lose-37", "slow", "t3"], faults.Select(f => f.Name));
        Assert.Equal(["0210"], faults[0].Match.Mti);
        Assert.Equal(37, faults[0].Match.Stan);
        Assert.Equal((800, 200, 0.5), (faults[1].LatencyMs, faults[1].JitterMs, faults[1].Toxicity));
        Assert.True(faults[2].Remove);
    }

    [Fact]
    public void A_bad_value_names_the_yaml_line_and_the_path()
    {
        var file = Write("faults.yml", "faults:\n  - name: a\n    kind: latency\n    latency_ms: slow\n");

        var error = Assert.Throws<FaultFormatException>(() => FaultFileReader.Read(file));

        Assert.Equal(("$.faults[0].latency_ms", 4L), (error.Path, error.Line));
    }

    [Fact]
    public void A_missing_value_names_the_line_of_its_fault()
    {
        var file = Write("faults.yml", "faults:\n  - name: a\n    kind: delay\n");

        var error = Assert.Throws<FaultFormatException>(() => FaultFileReader.Read(file));

        Assert.Equal(("$.faults[0].delay_ms", 2L), (error.Path, error.Line));
    }

    [Fact]
    public void Broken_yaml_is_one_error_line_with_its_line_and_exit_2()
    {
        var file = Write("faults.yaml", "faults:\n  - name: a\n    kind: [drop\n");

        var (code, _, stderr) = CliRunner.Run("proxy", "--upstream", "127.0.0.1:1", "--faults", file);

        Assert.Equal(ExitCodes.BadInput, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {file}: line ", line, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", line, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = _folder.Sub(name);
        File.WriteAllText(path, text);
        return path;
    }
}
