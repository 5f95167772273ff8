using PosSim.Host.Export;
using PosSim.Interchange;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Simulation.Outputs;

/// <summary>
/// recon/adjustments.csv: what support did, one row per case whose way back moved money, for the matcher to set
/// those rows aside and name the exceptions they resolved (docs/interchange-files.md, "What support did").
/// </summary>
public static class AdjustmentsCsv
{
    public const string FileName = InterchangeFiles.Adjustments.Name;

    /// <summary>The columns, as the interchange files define them (the matcher reads them by these names).</summary>
    public static IReadOnlyList<string> Columns => InterchangeFiles.Adjustments.Columns;

    /// <summary>Writes the done resolutions; writes nothing (no file) when there are none, so runs without cases keep their files.</summary>
    public static void Write(string reconFolder, IReadOnlyList<ResolutionDone> resolutions, string currency)
    {
        ArgumentNullException.ThrowIfNull(resolutions);
        var done = resolutions.Where(r => r.Done).OrderBy(r => r.Order.CaseId).ToList();
        var path = Path.Combine(reconFolder, FileName);
        if (done.Count == 0)
        {
            File.Delete(path);
            return;
        }

        using var writer = new StreamWriter(path, false, CsvWriter.Utf8);
        var csv = new CsvWriter(writer).Header(Columns);
        foreach (var r in done)
        {
            var o = r.Order;
            csv.Cell(o.CaseId).Cell(CaseNames.Of(o.Path)).Cell(o.TerminalId).Cell(o.Rrn).Cell(o.AmountMinor).Cell(currency)
                .Cell(o.At).Cell(r.MessageRrn).Cell(r.ClearingId).Cell(r.PayoutId).EndRow();
        }
    }
}
