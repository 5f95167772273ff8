using PosSim.Host.Export;
using PosSim.Simulation.Runs;

namespace PosSim.Simulation.Outputs;

/// <summary>ground-truth.csv: one row per fault that took effect, with the exception kind it should raise (docs/scenarios.md).</summary>
public static class GroundTruthCsv
{
    public static readonly IReadOnlyList<string> Columns =
        ["sequence", "local_time", "fault", "terminal_id", "merchant_id", "rrn", "stan", "payout_id", "expected_kind", "detail"];

    public static void Write(TextWriter writer, IReadOnlyList<InjectedFault> faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        var csv = new CsvWriter(writer).Header(Columns);
        foreach (var f in faults)
        {
            csv.Cell(f.Sequence).Cell(f.LocalTime).Cell(f.Fault).Cell(f.TerminalId).Cell(f.MerchantId).Cell(f.Rrn).Cell(f.Stan)
                .Cell(f.PayoutId).Cell(f.ExpectedKind).Cell(f.Detail).EndRow();
        }
    }
}
