using System.Text.Json;
using System.Text.Json.Nodes;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Outputs;

/// <summary>
/// recipe.json in a run folder: what it takes to play the run again byte for byte (the scenario's text as it was
/// read, the file it was read from, the --set overrides and the seed). Carrying out a support case's resolution
/// plays the run again with the case's order added, so the way back moves money on the same switch and ledger.
/// </summary>
public sealed record RunRecipe(string ScenarioFile, string ScenarioYaml, IReadOnlyList<string> Overrides, int Seed)
{
    public const string FileName = "recipe.json";

    /// <summary>The recipe of a scenario file about to be run (its text is read now, so later edits do not change the run).</summary>
    public static RunRecipe Of(string scenarioFile, IReadOnlyList<string> overrides, int seed) =>
        new(Path.GetFullPath(scenarioFile), File.ReadAllText(scenarioFile), [.. overrides], seed);

    /// <summary>The scenario as the recipe reads it.</summary>
    /// <exception cref="ScenarioException">The kept text no longer parses (a dialect file it names changed or moved).</exception>
    public Scenario Scenario() => ScenarioLoader.Parse(ScenarioYaml, ScenarioFile, Overrides);

    public void Save(string runDir)
    {
        var o = new JsonObject
        {
            ["scenario_file"] = ScenarioFile,
            ["seed"] = Seed,
            ["overrides"] = new JsonArray([.. Overrides.Select(v => (JsonNode?)JsonValue.Create(v))]),
            ["scenario_yaml"] = ScenarioYaml,
        };
        File.WriteAllText(Path.Combine(runDir, FileName), o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The recipe of a run folder, or null when the run was written without one (before recipes were kept).</summary>
    /// <exception cref="InvalidDataException">The file is damaged.</exception>
    public static RunRecipe? Load(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var o = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new FormatException("not a JSON object");
            return new RunRecipe(
                o["scenario_file"]?.GetValue<string>() ?? throw new FormatException("no \"scenario_file\""),
                o["scenario_yaml"]?.GetValue<string>() ?? throw new FormatException("no \"scenario_yaml\""),
                [.. (o["overrides"]?.AsArray() ?? throw new FormatException("no \"overrides\"")).Select(v => v?.GetValue<string>() ?? "")],
                o["seed"]?.GetValue<int>() ?? throw new FormatException("no \"seed\""));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: {e.Message}; write the run again with `possim run`");
        }
    }

    /// <summary>
    /// Plays the run into <paramref name="runDir"/>: events.ndjson as it goes, then the interchange files, the
    /// matcher, ground truth, run.sqlite, report.html and this recipe. <paramref name="simulate"/> wraps the
    /// simulation (for a progress bar); by default it just runs.
    /// </summary>
    public RunResult Play(Scenario scenario, string runDir, IReadOnlyList<ResolutionOrder> orders,
        Func<SimulationRun, SimulationOutcome>? simulate = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        SimulationOutcome outcome;
        using (var stream = new FileStream(Path.Combine(runDir, RunOutputs.Events), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16))
        using (var events = new NdjsonRunEvents(stream, scenario.UtcOffset))
        {
            var run = new SimulationRun(scenario, Seed, events) { Orders = orders };
            outcome = simulate is null ? run.Simulate() : simulate(run);
        }

        var result = RunOutputs.Finish(outcome, runDir);
        Save(runDir);
        return result;
    }
}
