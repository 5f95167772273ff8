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
        { "Durable", "maybe", "give true or false" },
        { "Listen", "", "is empty; leave it out for the default" },
        { "PanHashKey", "abcd", "give at least 16 bytes as hex" },
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
    [InlineData("--header-length", "99", "Serve:HeaderLength (--header-length, POSSIM_Serve__HeaderLength) = '99'")]
    public void A_bad_option_on_the_command_line_is_one_line_and_exit_2(string option, string value, string expected)
    {
        using var data = new TempFolder("possim-serve-settings-");
        var result = CliRunner.Run("serve", "--listen", "127.0.0.1:0", "--data", data.Path, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: " + expected, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.StderrLines);
    }

    [Fact]
    public async Task A_bad_environment_value_and_a_malformed_appsettings_json_stop_serve_before_it_starts()
    {
        using var folder = new TempFolder("possim-serve-env-");
        var env = await Serve(folder.Path, ("POSSIM_Serve__MaxConnections", "abc"));
        Assert.Equal(2, env.ExitCode);
        Assert.Equal("error: Serve:MaxConnections (POSSIM_Serve__MaxConnections) = 'abc': give a whole number from 1 to 65,536", env.Stderr.Trim());

        await File.WriteAllTextAsync(Path.Combine(folder.Path, "appsettings.json"), "{ \"Serve\": { bad } }");
        var json = await Serve(folder.Path);
        Assert.Equal(2, json.ExitCode);
        Assert.StartsWith("error: appsettings.json is not valid JSON at line 1", json.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", json.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hashing_key_file_is_readable_by_its_owner_only_and_a_key_given_in_the_settings_writes_none()
    {
        using var folder = new TempFolder("possim-serve-key-");
        foreach (var (dir, key) in new[] { (folder.Sub("file"), (string?)null), (folder.Sub("given"), "00112233445566778899aabbccddeeff") })
        {
            var service = new AcquirerService(new ServeOptions { Listen = "127.0.0.1:0", Data = dir, Terminals = 1, Cards = 1, PanHashKey = key }, TextWriter.Null, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await service.StartAsync(cts.Token);
            await service.StopAsync(cts.Token);
        }

        var keyFile = Path.Combine(folder.Sub("file"), "pan-hash.key");
        Assert.Equal(32, new FileInfo(keyFile).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.False(File.Exists(Path.Combine(folder.Sub("given"), "pan-hash.key")));

        var bad = await Serve(folder.Path, ("POSSIM_Serve__PanHashKey", "zz"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Serve:PanHashKey (POSSIM_Serve__PanHashKey): give at least 16 bytes as hex", bad.Stderr, StringComparison.Ordinal);
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
    private static Task<CliResult> Serve(string folder, params (string Name, string Value)[] environment) => Serve(folder, environment, "--listen", "127.0.0.1:0");

    private static Task<CliResult> Serve(string folder, (string Name, string Value)[] environment, params string[] args) =>
        CliRunner.RunProcessAsync(["serve", "--data", Path.Combine(folder, "data"), .. args], environment, folder, TimeSpan.FromSeconds(20));
}
