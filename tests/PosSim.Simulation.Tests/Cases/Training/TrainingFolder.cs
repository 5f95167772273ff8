using PosSim.Simulation.Outputs;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Training;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Cases.Training;

/// <summary>A copy of a run (its database and recipe) in a folder of its own, so each test trains and works a case from an empty case log.</summary>
internal sealed class TrainingFolder : IDisposable
{
    private readonly TempFolder _folder = new("possim-training-");

    public TrainingFolder(string runDir)
    {
        File.Copy(Path.Combine(runDir, RunDatabase.FileName), _folder.Sub(RunDatabase.FileName));
        File.Copy(Path.Combine(runDir, RunRecipe.FileName), _folder.Sub(RunRecipe.FileName)); // an approval plays the run again from it
    }

    public string Dir => _folder.Path;

    public TrainingCase Start(int seed = 5, int? pick = null, string? words = null, ICaseText? text = null) =>
        Trainer.Start(Dir, new TrainingRequest("scenarios/05-clearing-records.yaml", "clearing-records", seed, pick, words), text ?? CaseTextEn.Instance);

    public void Dispose() => _folder.Dispose();
}
