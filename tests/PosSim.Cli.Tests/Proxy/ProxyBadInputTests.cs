using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Proxy;

/// <summary>Every bad input to `possim proxy` is one `error:` line and exit 2, before anything listens; never a stack trace.</summary>
public sealed class ProxyBadInputTests : IDisposable
{
    private readonly TempFolder _folder = new("possim-proxy-bad-");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("--upstream nope:1", "--upstream: 'nope' is not an IP address")]
    [InlineData("--upstream 127.0.0.1", "--upstream: '127.0.0.1' is not HOST:PORT")]
    [InlineData("--upstream 127.0.0.1:0", "give the port the switch listens on")]
    [InlineData("--upstream 127.0.0.1:1 --listen 127.0.0.1:70000", "--listen: '127.0.0.1:70000' is not HOST:PORT")]
    [InlineData("--upstream 127.0.0.1:1 --api 0.0.0.0:6801", "listens on loopback only")]
    [InlineData("--upstream 127.0.0.1:1 --api here", "--api: 'here' is not HOST:PORT")]
    [InlineData("--upstream 127.0.0.1:1 --framing none", "a stream needs a length header")]
    [InlineData("--upstream 127.0.0.1:1 --dialect nope", "'nope' is neither a built-in dialect")]
    [InlineData("--upstream 127.0.0.1:1 --faults FOLDER/missing.json", "cannot read it")]
    public void Bad_arguments_exit_2_with_one_error_line(string arguments, string expected)
    {
        var args = new List<string> { "proxy" };
        args.AddRange(arguments.Replace("FOLDER", _folder.Path, StringComparison.Ordinal).Split(' '));
        if (!args.Contains("--dialect"))
        {
            args.AddRange(["--dialect", "iso87-ascii"]);
        }

        var (code, stdout, stderr) = CliRunner.Run([.. args]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"faults\": [\n  {\"name\": \"a\", \"kind\": \"latency\", \"latency_ms\": \"x\"}\n]}", "$.faults[0].latency_ms: \"x\" is not valid")]
    [InlineData("{\"faults\": [\n  {\"name\": \"a\" \"kind\": \"drop\"}\n]}", "line 2, ")]
    [InlineData("{\"faults\": [{\"name\": \"a\", \"kind\": \"drop\", \"match\": {\"amount_min\": 9, \"amount_max\": 1}}]}", "$.faults[0].match.amount_max")]
    public void A_bad_fault_file_names_the_file_and_the_place(string json, string expected)
    {
        var file = _folder.Sub("faults.json");
        File.WriteAllText(file, json);

        var (code, _, stderr) = CliRunner.Run("proxy", "--upstream", "127.0.0.1:1", "--dialect", "iso87-ascii", "--faults", file);

        Assert.Equal(ExitCodes.BadInput, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {file}: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_upstream_is_a_usage_error()
    {
        var (code, _, stderr) = CliRunner.Run("proxy", "--dialect", "iso87-ascii");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("error: Option '--upstream' is required.", stderr, StringComparison.Ordinal);
    }
}
