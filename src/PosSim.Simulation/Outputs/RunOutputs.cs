using PosSim.Host.Export;
using PosSim.Simulation.Runs;

namespace PosSim.Simulation.Outputs;

/// <summary>The files of a run in its output folder (docs/scenarios.md, "Outputs of a run").</summary>
public static class RunOutputs
{
    public const string Recon = "recon";
    public const string GroundTruth = "ground-truth.csv";
    public const string Events = "events.ndjson";
    public const string Database = "run.sqlite";
    public const string Report = "report.html";

    /// <summary>Writes recon/ (interchange files and the matcher's findings), the ground truth, run.sqlite and report.html.</summary>
    public static RunResult Finish(SimulationOutcome outcome, string folder)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var result = RunFinisher.Finish(outcome, Path.Combine(folder, Recon));
        using (var writer = new StreamWriter(Path.Combine(folder, GroundTruth), false, CsvWriter.Utf8))
        {
            GroundTruthCsv.Write(writer, result.Faults);
        }

        RunDatabase.Write(Path.Combine(folder, Database), result);
        using (var writer = new StreamWriter(Path.Combine(folder, Report), false, CsvWriter.Utf8))
        {
            HtmlReport.Write(writer, result);
        }

        return result;
    }
}
