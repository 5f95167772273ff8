using System.Text.Json;
using PosSim.Simulation.Outputs;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Runs;

/// <summary>
/// The scenarios in scenarios/ are regression tests: each runs through `possim run` and must hold every expectation
/// it states; the run's recon files must be what `possim match` says on them; and a seed must reproduce a run byte
/// for byte, whatever the machine's time zone, culture or processor count.
/// </summary>
public sealed class ShippedScenarioTests
{
    /// <summary>The big week is cut down where a scenario is run twice; the full week runs once, in the first test.</summary>
    private static readonly string[] Smaller = ["--set", "traffic.purchases_per_day=1500", "--set", "cardholders.count=2000"];

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Path, "scenarios"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void At_least_thirteen_scenarios_ship() => Assert.True(Scenarios().Count >= 13);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_shipped_scenario_holds_its_expectations_and_its_recon_is_what_possim_match_says(string scenario)
    {
        using var folder = new TempFolder("possim-shipped-");
        var result = CliRunner.Run("run", ScenarioPath(scenario), "--out", folder.Path);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stderr}\n{result.Stdout}");

        var recon = Path.Combine(folder.Path, RunOutputs.Recon);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(recon, "summary.json")));
        var asOf = summary.RootElement.GetProperty("as_of").GetString()!;
        var again = folder.Sub("again");
        var match = CliRunner.Run("match", "--in", recon, "--out", again, "--as-of", asOf);
        Assert.Equal(0, match.ExitCode);
        foreach (var file in (string[])["exceptions.csv", "summary.json"])
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(recon, file)), File.ReadAllBytes(Path.Combine(again, file)));
        }

        foreach (var file in (string[])[RunOutputs.GroundTruth, RunOutputs.Events, RunOutputs.Database, RunOutputs.Report])
        {
            Assert.True(new FileInfo(Path.Combine(folder.Path, file)).Length > 0, file + " is missing or empty");
        }

        // Every card of a run starts with the scenario's BIN (476173 unless it says otherwise): a clear PAN would be
        // those six digits and ten more, anywhere in any file the run wrote (the database included, read as bytes).
        var bin = File.ReadAllText(ScenarioPath(scenario)).Contains("bin:", StringComparison.Ordinal) ? null : "476173";
        if (bin is not null)
        {
            var clearPan = new System.Text.RegularExpressions.Regex(bin + "[0-9]{10}");
            foreach (var file in Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories))
            {
                var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file));
                Assert.False(clearPan.IsMatch(text), $"{Path.GetRelativePath(folder.Path, file)} holds a card number in clear");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_same_seed_gives_byte_identical_files_and_another_seed_does_not(string scenario)
    {
        using var folder = new TempFolder("possim-determinism-");
        string[] Args(string dir, int seed) => ["run", ScenarioPath(scenario), "--out", folder.Sub(dir), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), .. Smaller];
        Assert.NotEqual(2, CliRunner.Run(Args("a", 41)).ExitCode);
        Assert.NotEqual(2, CliRunner.Run(Args("b", 41)).ExitCode);
        Assert.NotEqual(2, CliRunner.Run(Args("c", 42)).ExitCode);

        var a = Files(folder.Sub("a"));
        Assert.Equal(a, Files(folder.Sub("b")));
        Assert.NotEqual(a[RunOutputs.Events], Files(folder.Sub("c"))[RunOutputs.Events]);
    }

    [Fact]
    public async Task A_run_is_the_same_in_any_time_zone_culture_and_processor_count()
    {
        using var folder = new TempFolder("possim-anywhere-");
        const string scenario = "05-clearing-records.yaml";
        Assert.Equal(0, CliRunner.Run("run", ScenarioPath(scenario), "--out", folder.Sub("here")).ExitCode);

        var there = await CliRunner.RunProcessAsync(
            ["run", ScenarioPath(scenario), "--out", folder.Sub("there")],
            [("TZ", "America/St_Johns"), ("LANG", "tr_TR.UTF-8"), ("LC_ALL", "tr_TR.UTF-8"), ("DOTNET_PROCESSOR_COUNT", "1")]);
        Assert.True(there.ExitCode == 0, $"exit {there.ExitCode}: {there.Stderr}{there.Stdout}");

        Assert.Equal(Files(folder.Sub("here")), Files(folder.Sub("there")));
    }

    private static string ScenarioPath(string name) => Path.Combine(RepoRoot.Path, "scenarios", name);

    /// <summary>Every file of a run folder by its relative path, as text of its bytes (so a difference names the file).</summary>
    private static SortedDictionary<string, string> Files(string folder)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(folder, file)] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
        }

        return files;
    }
}
