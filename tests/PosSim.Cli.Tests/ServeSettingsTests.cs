using Microsoft.Extensions.Configuration;
using PosSim.Host.Serve;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>
/// Every setting of `possim serve` is checked with its limits before anything starts: a bad value, an unknown key or a
/// malformed appsettings.json is one line naming the key and what it takes, exit 2, never a stack trace.
/// </summary>
public class ServeSettingsTests
{
    private static ServeOptions Read(out string? problem, params (string Key, string Value)[] values) =>
        ServeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>("Serve:" + v.Key, v.Value))).Build(), out problem);

    public static TheoryData<string, string, string> BadValues() => new()
    {
        { "MaxConnections", "abc", "Serve:MaxConnections (POSSIM_Serve__MaxConnections) = 'abc': give a whole number from 1 to 65,536" },
        { "IdleTimeoutSeconds", "-5", "give a whole number from 1 to 86,400" },
        { "Cards", "2000000000", "Serve:Cards (--cards, POSSIM_Serve__Cards) = '2000000000': give a whole number from 1 to 1,000,000" },
        { "Terminals", "0", "give a whole number from 1 to 100,000" },
        { "HeaderLength", "65", "give a whole number from 0 to 64" },
        { "ReversalMaxTries", "1.5", "give a whole number from 1 to 1,000" },
        { "StoreOutageSeconds", "0", "Serve:StoreOutageSeconds (POSSIM_Serve__StoreOutageSeconds) = '0': give a whole number from 1 to 86,400" },
        { "MaxPendingRequests", "99999999999999999999", "= '99999999999999999999': give a whole number from 1 to 1,000,000" },
        { "Durable", "maybe", "give true or false" },
        { "Listen", "", "is empty; leave it out for the default" },
        { "Listen", "5800", "Serve:Listen (--listen, POSSIM_Serve__Listen): '5800' is not HOST:PORT" },
        { "Framing", "none", "Serve:Framing (--framing, POSSIM_Serve__Framing) = 'none': choose binary2, ascii4 or bcd2" },
        { "Role", "acquirer", "Serve:Role (--role, POSSIM_Serve__Role) = 'acquirer': choose all, switch or issuer" },
        { "Issuer", "issuer.example:5900", "Serve:Issuer (--issuer, POSSIM_Serve__Issuer): 'issuer.example' is not an IP address" },
        { "Dialect", "iso93-ebcdic", "Serve:Dialect (--dialect, POSSIM_Serve__Dialect): 'iso93-ebcdic' is neither a built-in dialect" },
        { "IssuerDialect", "nope", "Serve:IssuerDialect (POSSIM_Serve__IssuerDialect): 'nope' is neither a built-in dialect" },
        { "IssuerFraming", "lines", "Serve:IssuerFraming (POSSIM_Serve__IssuerFraming) = 'lines': choose binary2, ascii4 or bcd2" },
        { "Metrics", "nowhere", "Serve:Metrics (--metrics, POSSIM_Serve__Metrics): 'nowhere' is not HOST:PORT" },
        { "PanHashKey", "abcd", "give 16 to 64 bytes as hex (32 to 128 hex digits) or as base64" },
        { "Cards:0", "1", "Serve:Cards is an object or a list in the settings; give it one value" },
        { "Cardz", "5", "Serve:Cardz is not a setting of possim serve; the settings are Cards, Data," },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_setting_is_named_with_what_it_takes(string key, string value, string expected)
    {
        Read(out var problem, (key, value));

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Serve_stops_on_each_bad_setting_with_one_line_and_exit_2(string key, string value, string expected)
    {
        using var folder = new TempFolder("possim-serve-bad-");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var overrides = new Dictionary<string, string?> { ["Serve:Data"] = folder.Sub("data"), ["Serve:" + key] = value };

        var code = await Commands.ServeCommand.RunAsync(overrides, stdout, stderr, CancellationToken.None);

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
        Assert.False(Directory.Exists(folder.Sub("data")), "nothing is written when a setting is bad");
    }

    [Fact]
    public void Role_switch_without_an_issuer_says_which_setting_is_missing()
    {
        Read(out var problem, ("Role", "switch"));

        Assert.Equal("--role switch needs Serve:Issuer (--issuer, POSSIM_Serve__Issuer): the issuer's HOST:PORT to forward to", problem);
    }

    [Fact]
    public void A_value_where_the_section_belongs_is_refused()
    {
        ServeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>("Serve", "5")]).Build(), out var problem);

        Assert.StartsWith("Serve = '5': the settings of possim serve are an object of keys", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Logging:LogLevel:Default", "loud", "Logging:LogLevel:Default (POSSIM_Logging__LogLevel__Default) = 'loud': choose Trace, Debug, Information, Warning, Error, Critical or None")]
    [InlineData("Logging:Console:LogLevel:PosSim.Loop", "7", "Logging:Console:LogLevel:PosSim.Loop (POSSIM_Logging__Console__LogLevel__PosSim.Loop) = '7'")]
    public void A_bad_log_level_is_named_by_its_key(string key, string value, string expected)
    {
        var bad = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>(key, value)]).Build();
        var good = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>(key, "warning")]).Build();

        Assert.StartsWith(expected, ServeSettings.LoggingProblem(bad), StringComparison.Ordinal);
        Assert.Null(ServeSettings.LoggingProblem(good));
    }

    [Fact]
    public void Good_settings_are_read_whatever_their_case()
    {
        var options = Read(out var problem, ("maxconnections", "64"), ("Cards", "7"), ("Durable", "false"), ("PanHashKey", "00112233445566778899aabbccddeeff"));

        Assert.Null(problem);
        Assert.Equal(64, options.MaxConnections);
        Assert.Equal(7, options.Cards);
        Assert.False(options.Durable);
    }

    [Theory]
    [InlineData("--cards", "0", "Serve:Cards (--cards, POSSIM_Serve__Cards) = '0'")]
    [InlineData("--cards", "abc", "Serve:Cards (--cards, POSSIM_Serve__Cards) = 'abc': give a whole number from 1 to 1,000,000")]
    [InlineData("--terminals", "3000000000", "Serve:Terminals (--terminals, POSSIM_Serve__Terminals) = '3000000000': give a whole number from 1 to 100,000")]
    [InlineData("--header-length", "99", "Serve:HeaderLength (--header-length, POSSIM_Serve__HeaderLength) = '99'")]
    [InlineData("--framing", "none", "Serve:Framing (--framing, POSSIM_Serve__Framing) = 'none': choose binary2, ascii4 or bcd2")]
    [InlineData("--role", "acquirer", "Serve:Role (--role, POSSIM_Serve__Role) = 'acquirer': choose all, switch or issuer")]
    [InlineData("--listen", "localhost", "Serve:Listen (--listen, POSSIM_Serve__Listen): 'localhost' is not HOST:PORT")]
    public void A_bad_option_on_the_command_line_is_one_line_and_exit_2(string option, string value, string expected)
    {
        using var data = new TempFolder("possim-serve-settings-");
        string[] listen = option == "--listen" ? [] : ["--listen", "127.0.0.1:0"];
        var result = CliRunner.Run(["serve", .. listen, "--data", data.Sub("data"), option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: " + expected, Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data.Sub("data")), "nothing is written when an option is bad");
    }

    /// <summary>The bad values issue 13 found (and their kin), each given as an operator would, to a process of its own.</summary>
    public static TheoryData<string, string, string> BadEnvironment() => new()
    {
        { "POSSIM_Serve__MaxConnections", "abc", "error: Serve:MaxConnections (POSSIM_Serve__MaxConnections) = 'abc': give a whole number from 1 to 65,536" },
        { "POSSIM_Serve__IdleTimeoutSeconds", "-5", "error: Serve:IdleTimeoutSeconds (POSSIM_Serve__IdleTimeoutSeconds) = '-5': give a whole number from 1 to 86,400" },
        { "POSSIM_Serve__Cards", "2000000000", "error: Serve:Cards (--cards, POSSIM_Serve__Cards) = '2000000000': give a whole number from 1 to 1,000,000" },
        { "POSSIM_Serve__Durable", "yes", "error: Serve:Durable (--in-memory, POSSIM_Serve__Durable) = 'yes': give true or false" },
        { "POSSIM_Logging__LogLevel__Default", "loud", "error: Logging:LogLevel:Default (POSSIM_Logging__LogLevel__Default) = 'loud': choose Trace, Debug, Information, Warning, Error, Critical or None" },
        { "POSSIM_PAN_HASH_KEY", "not-a-key", "error: POSSIM_PAN_HASH_KEY or Serve:PanHashKey (POSSIM_Serve__PanHashKey): give 16 to 64 bytes as hex (32 to 128 hex digits) or as base64 (for example the output of 'openssl rand -hex 32')" },
    };

    [Theory]
    [MemberData(nameof(BadEnvironment))]
    public async Task A_bad_environment_variable_is_one_line_and_exit_2_before_anything_starts(string name, string value, string expected)
    {
        using var folder = new TempFolder("possim-serve-env-");

        var result = await Serve(folder.Path, (name, value));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], result.StderrLines);
        Assert.Equal("", result.Stdout);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "data")), "nothing is written when a setting is bad");
    }

    [Theory]
    [InlineData("{ \"Serve\": { bad } }", "error: appsettings.json is not valid JSON at line 1")]
    [InlineData("{ \"Serve\": { \"MaxConnections\": \"abc\" } }", "error: Serve:MaxConnections (POSSIM_Serve__MaxConnections) = 'abc': give a whole number from 1 to 65,536")]
    [InlineData("{ \"Serve\": { \"Cards\": [ 1, 2 ] } }", "error: Serve:Cards is an object or a list in the settings; give it one value")]
    [InlineData("{ \"Serve\": { \"IdleTimeout\": 5 } }", "error: Serve:IdleTimeout is not a setting of possim serve; the settings are ")]
    public async Task A_bad_appsettings_json_is_one_line_and_exit_2(string json, string expected)
    {
        using var folder = new TempFolder("possim-serve-json-");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "appsettings.json"), json);

        var result = await Serve(folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_to_start_is_one_line_and_the_detail_comes_only_with_verbose()
    {
        using var folder = new TempFolder("possim-serve-start-");
        var file = folder.Sub("a-file");
        await File.WriteAllTextAsync(file, "");
        var underFile = Path.Combine(file, "data");

        var noFolder = await CliRunner.RunProcessAsync(["serve", "--listen", "127.0.0.1:0", "--data", underFile], workingDirectory: folder.Path, limit: TimeSpan.FromSeconds(20));

        Assert.Equal(1, noFolder.ExitCode);
        Assert.StartsWith($"error: the data folder '{underFile}' (--data, Serve:Data) cannot be created or written: ", Assert.Single(noFolder.StderrLines), StringComparison.Ordinal);

        // A failure inside the host (a store whose file is a folder) is one error line too; --verbose adds the trace.
        var data = folder.Sub("data");
        Directory.CreateDirectory(Path.Combine(data, "ledger.db"));
        var failed = await CliRunner.RunProcessAsync(["serve", "--listen", "127.0.0.1:0", "--data", data], workingDirectory: folder.Path, limit: TimeSpan.FromSeconds(20));

        Assert.Equal(1, failed.ExitCode);
        var line = Assert.Single(failed.StderrLines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.EndsWith("(run with --verbose for the detail)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", failed.Stderr, StringComparison.Ordinal);

        var verbose = await CliRunner.RunProcessAsync(["serve", "--listen", "127.0.0.1:0", "--data", data, "--verbose"], workingDirectory: folder.Path, limit: TimeSpan.FromSeconds(20));

        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_that_says_what_to_do_without_a_stack_trace()
    {
        using var folder = new TempFolder("possim-serve-busy-");
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        var result = await Serve(folder.Path, [], "--listen", $"127.0.0.1:{port}");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: 127.0.0.1:{port} is already in use by another process; stop it, or listen elsewhere with --listen HOST:PORT (port 0 takes any free port)", result.Stderr.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>`possim serve` in a child process in <paramref name="folder"/>, with environment variables, killed after 20 s at most.</summary>
    internal static Task<CliResult> Serve(string folder, params (string Name, string Value)[] environment) => Serve(folder, environment, "--listen", "127.0.0.1:0");

    internal static Task<CliResult> Serve(string folder, (string Name, string Value)[] environment, params string[] args) =>
        CliRunner.RunProcessAsync(["serve", "--data", Path.Combine(folder, "data"), .. args], environment, folder, TimeSpan.FromSeconds(20));
}
