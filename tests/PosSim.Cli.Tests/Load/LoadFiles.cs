using System.Text.Json;
using PosSim.Host;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Load;

/// <summary>Provisioning files for `possim load` tests, and reading its JSON output.</summary>
internal static class LoadFiles
{
    /// <summary>serve's demo provisioning (4 terminals, 10 cards) written as provisioned.json in <paramref name="folder"/>.</summary>
    public static string Provisioned(TempFolder folder, int terminals = 4)
    {
        var path = folder.Sub("provisioned.json");
        File.WriteAllText(path, Provisioning.Demo(terminals: terminals, merchants: 2, cards: 10).ToJson());
        return path;
    }

    public static string Csv(TempFolder folder, string text)
    {
        var path = folder.Sub("fleet.csv");
        File.WriteAllText(path, text);
        return path;
    }

    public static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    /// <summary>Runs `possim load` off the test's thread (the command blocks until its run ends).</summary>
    public static Task<CliResult> RunAsync(params string[] args) => Task.Run(() => CliRunner.Run(["load", .. args]));

    public static long Long(this JsonElement e, string name) => e.GetProperty(name).GetInt64();
}
