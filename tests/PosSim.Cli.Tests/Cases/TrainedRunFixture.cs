using System.Text.Json.Nodes;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Cases;

/// <summary>
/// `possim case train` over scenarios/05-clearing-records.yaml with seed 5, once for a test class: a run whose
/// dropped clearing records leave sales held at the issuer, with training case 1 opened on one of them.
/// </summary>
public sealed class TrainedRunFixture : IDisposable
{
    private readonly TempFolder _folder = new("possim-cli-training-");

    public TrainedRunFixture()
    {
        Dir = _folder.Sub("run");
        Trained = CliRunner.Run("case", "train", "--scenario", RepoRoot.Combine("scenarios", "05-clearing-records.yaml"), "--seed", "5", "--out", Dir);
        if (Trained.ExitCode != 0)
        {
            throw new InvalidOperationException("possim case train failed: " + Trained.Stderr);
        }

        Key = JsonNode.Parse(File.ReadAllText(Path.Combine(Dir, "training.json")))!.AsArray().Single()!.AsObject();
    }

    public string Dir { get; }

    internal CliResult Trained { get; }

    /// <summary>The one key of training.json as written.</summary>
    public JsonObject Key { get; }

    public string Rrn => Key["rrn"]!.GetValue<string>();

    /// <summary>
    /// A copy of the trained folder for one test to work in: the run's database, the case log with the case opened, the
    /// key, and the recipe an approval plays the run again from.
    /// </summary>
    internal TempFolder Copy()
    {
        var copy = new TempFolder("possim-cli-training-copy-");
        foreach (var file in new[] { "run.sqlite", "cases.ndjson", "training.json", "recipe.json" })
        {
            File.Copy(Path.Combine(Dir, file), copy.Sub(file));
        }

        return copy;
    }

    public void Dispose() => _folder.Dispose();
}
