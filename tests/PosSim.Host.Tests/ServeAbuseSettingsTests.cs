using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using PosSim.Host.Serve;
using PosSim.Tests.Shared;

namespace PosSim.Host.Tests;

/// <summary>
/// The settings that keep `possim serve` fair under abuse are read like every other: from appsettings.json, the
/// environment (POSSIM_Serve__X) or the command line, each checked with its limits, a bad value one line naming the
/// key and the range it takes.
/// </summary>
public class ServeAbuseSettingsTests
{
    private static ServeOptions Read(out string? problem, params (string Key, string Value)[] values) =>
        ServeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>("Serve:" + v.Key, v.Value))).Build(), out problem);

    public static TheoryData<string, string, string> BadValues() => new()
    {
        { "MaxConnectionsPerAddress", "0", "Serve:MaxConnectionsPerAddress (POSSIM_Serve__MaxConnectionsPerAddress) = '0': give a whole number from 1 to 65,536" },
        { "MaxConnectionsPerAddress", "many", "Serve:MaxConnectionsPerAddress (POSSIM_Serve__MaxConnectionsPerAddress) = 'many': give a whole number from 1 to 65,536" },
        { "FirstMessageTimeoutSeconds", "0", "Serve:FirstMessageTimeoutSeconds (POSSIM_Serve__FirstMessageTimeoutSeconds) = '0': give a whole number from 1 to 3,600" },
        { "FirstMessageTimeoutSeconds", "3601", "Serve:FirstMessageTimeoutSeconds (POSSIM_Serve__FirstMessageTimeoutSeconds) = '3601': give a whole number from 1 to 3,600" },
        { "FrameTimeoutSeconds", "-1", "Serve:FrameTimeoutSeconds (POSSIM_Serve__FrameTimeoutSeconds) = '-1': give a whole number from 1 to 600" },
        { "FrameTimeoutSeconds", "2.5", "Serve:FrameTimeoutSeconds (POSSIM_Serve__FrameTimeoutSeconds) = '2.5': give a whole number from 1 to 600" },
        { "MaxPendingRequests", "0", "Serve:MaxPendingRequests (POSSIM_Serve__MaxPendingRequests) = '0': give a whole number from 1 to 1,000,000" },
        { "MaxPendingRequests", "1000001", "Serve:MaxPendingRequests (POSSIM_Serve__MaxPendingRequests) = '1000001': give a whole number from 1 to 1,000,000" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_one_line_naming_the_key_and_its_range(string key, string value, string expected)
    {
        Read(out var problem, (key, value));

        Assert.Equal(expected, problem);
    }

    [Fact]
    public void Good_values_are_read_whatever_their_case_and_the_defaults_suit_a_terminal_fleet()
    {
        var defaults = Read(out var none);
        var options = Read(out var problem, ("maxconnectionsperaddress", "8"), ("FirstMessageTimeoutSeconds", "3600"), ("frametimeoutseconds", "1"), ("MaxPendingRequests", "1"));

        Assert.Null(none);
        Assert.Equal((128, 10, 5, 10_000), (defaults.MaxConnectionsPerAddress, defaults.FirstMessageTimeoutSeconds, defaults.FrameTimeoutSeconds, defaults.MaxPendingRequests));
        Assert.Null(problem);
        Assert.Equal((8, 3600, 1, 1), (options.MaxConnectionsPerAddress, options.FirstMessageTimeoutSeconds, options.FrameTimeoutSeconds, options.MaxPendingRequests));
    }

    [Fact]
    public async Task A_bad_value_from_the_environment_or_appsettings_json_stops_serve_with_one_line_and_exit_2()
    {
        using var folder = new TempFolder("possim-serve-abuse-settings-");

        var env = await ServeAsync(folder.Path, ("POSSIM_Serve__MaxPendingRequests", "0"));
        Assert.Equal(2, env.ExitCode);
        Assert.Equal("error: Serve:MaxPendingRequests (POSSIM_Serve__MaxPendingRequests) = '0': give a whole number from 1 to 1,000,000", env.Stderr.Trim());

        await File.WriteAllTextAsync(Path.Combine(folder.Path, "appsettings.json"), """{ "Serve": { "FrameTimeoutSeconds": 601 } }""");
        var json = await ServeAsync(folder.Path);
        Assert.Equal(2, json.ExitCode);
        Assert.Equal("error: Serve:FrameTimeoutSeconds (POSSIM_Serve__FrameTimeoutSeconds) = '601': give a whole number from 1 to 600", json.Stderr.Trim());
    }

    /// <summary>`possim serve` as a child process in <paramref name="folder"/>; killed if it has not exited within a minute (it should refuse to start at once).</summary>
    private static async Task<(int ExitCode, string Stderr)> ServeAsync(string folder, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "possim.dll"));
        foreach (var arg in (string[])["serve", "--data", Path.Combine(folder, "data"), "--listen", "127.0.0.1:0"])
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await child.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"serve did not refuse the bad setting and stop: {await stdout}");
        }

        return (child.ExitCode, await stderr);
    }
}
