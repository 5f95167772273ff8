using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Load;

/// <summary>Every bad option or file gets one `error:` line saying what and where, exit 2, no stack trace, and no traffic.</summary>
public sealed class LoadBadInputTests : IDisposable
{
    private readonly TempFolder _folder = new("possim-load-bad-");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("--mix", "purchase=90,refnd=5", "'refnd' is not a kind of request")]
    [InlineData("--mix", "purchase=x", "the weight of purchase")]
    [InlineData("--mix", "purchase=0,echo=0", "every weight is 0")]
    [InlineData("--mix", "purchase=1,purchase=2", "given twice")]
    [InlineData("--mix", "purchase", "is not KIND=WEIGHT")]
    [InlineData("--rate", "fast", "--rate fast")]
    [InlineData("--rate", "0/s", "--rate 0/s")]
    [InlineData("--rate", "-5", "--rate -5")]
    [InlineData("--duration", "10", "--duration 10: give a whole number with a unit")]
    [InlineData("--duration", "5x", "--duration 5x")]
    [InlineData("--warmup", "soon", "--warmup soon")]
    [InlineData("--timeout", "0s", "--timeout 0s")]
    [InlineData("--target", "nowhere", "--target: 'nowhere' is not HOST:PORT")]
    [InlineData("--target", "switch.example:5800", "--target: 'switch.example' is not an IP address")]
    [InlineData("--target", "127.0.0.1:0", "needs a port other than 0")]
    [InlineData("--connections", "0", "--connections 0")]
    [InlineData("--in-flight", "0", "--in-flight 0")]
    [InlineData("--terminals", "99", "--terminals 99: the provisioning file lists 4 terminals")]
    [InlineData("--framing", "none", "--framing none")]
    [InlineData("--header-length", "65", "--header-length 65")]
    [InlineData("--dialect", "no-such-dialect", "no-such-dialect")]
    [InlineData("--html", "/no/such/folder/x.html", "--html /no/such/folder/x.html: the folder")]
    public void A_bad_option_is_one_error_line_and_exit_2(string option, string value, string expected)
    {
        AssertBadInput(Run(option, value), expected);
    }

    [Fact]
    public void Rate_and_in_flight_together_are_refused()
    {
        AssertBadInput(Run("--rate", "100/s", "--in-flight", "4"), "choose one");
    }

    [Fact]
    public void A_missing_provisioning_file_is_named()
    {
        AssertBadInput(CliRunner.Run("load", "-p", _folder.Sub("absent.json")), "cannot read the provisioning file");
    }

    [Fact]
    public void A_bad_dialect_file_is_named()
    {
        var dialect = _folder.Sub("broken-dialect.json");
        File.WriteAllText(dialect, "{ not json");
        AssertBadInput(Run("--dialect", dialect), "broken-dialect.json");
    }

    [Theory]
    [InlineData("terminal,T0000001,M1\ncard,4761730000000011,2812\nterminal,T2\n", ":3: 'terminal' takes 2 values")]
    [InlineData("terminal,T0000001,M1\nkard,4761730000000011,2812\n", ":2: 'kard' is not a row kind")]
    [InlineData("# comment\n\nterminal,TOOLONG123,M1\ncard,4761730000000011,2812\n", ":3: terminal id 'TOOLONG123'")]
    [InlineData("terminal,T0000001,M1\ncard,4761730000000016,2812\n", ":2: card number 476173******0016 is not a valid PAN")]
    [InlineData("terminal,T0000001,M1\ncard,4761730000000011,2813\n", ":2: expiry '2813'")]
    [InlineData("terminal,T0000001,M1\ncurrency,RMB\ncard,4761730000000011,2812\n", ":2: currency 'RMB'")]
    [InlineData("terminal,T0000001,M1\n", "lists 1 terminals and 0 cards")]
    public void A_bad_csv_line_is_named_by_file_and_line_and_a_card_number_stays_masked(string csv, string expected)
    {
        var path = LoadFiles.Csv(_folder, csv);
        var result = CliRunner.Run("load", "-p", path);
        AssertBadInput(result, expected);
        Assert.Contains("fleet.csv", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("4761730000000016", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_provisioned_json_is_named_with_its_line()
    {
        var path = _folder.Sub("provisioned.json");
        File.WriteAllText(path, "{\n  \"terminals\": [\n    {\"terminal_id\": 7}\n  ]\n}\n");
        AssertBadInput(CliRunner.Run("load", "-p", path), "provisioned.json:3");
    }

    [Fact]
    public void A_target_with_nothing_listening_is_exit_1_with_a_hint()
    {
        // Bind and release a port so that nothing listens on it.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var result = Run("--target", $"127.0.0.1:{port}");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith("error: cannot connect to 127.0.0.1:", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private CliResult Run(params string[] args) =>
        CliRunner.Run(["load", "-p", LoadFiles.Provisioned(_folder), .. args]);

    private static void AssertBadInput(CliResult result, string expected)
    {
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }
}
