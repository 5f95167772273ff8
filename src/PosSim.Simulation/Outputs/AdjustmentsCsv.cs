using PosSim.Host.Export;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Simulation.Outputs;

/// <summary>
/// recon/adjustments.csv: what support did, one row per case whose way back moved money, for the matcher to set
/// those rows aside and name the exceptions they resolved (docs/interchange-files.md, "What support did").
/// </summary>
public static class AdjustmentsCsv
{
    public const string FileName = "adjustments.csv";

    public static readonly IReadOnlyList<string> Columns =
        ["case_id", "way_back", "terminal_id", "rrn", "amount_minor", "currency", "executed_at", "message_rrn", "clearing_id", "payout_id"];

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
