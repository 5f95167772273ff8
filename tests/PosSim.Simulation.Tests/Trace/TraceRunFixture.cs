namespace PosSim.Simulation.Tests.Trace;

/// <summary>
/// scenarios/01-lost-response.yaml run once through `possim run` into a temp folder, shared by a test class: the
/// planned sale "terminal-lost" (T0000002, 14:02, 350.00) was approved but its answer and reversals were lost, and
/// "issuer-lost" (T0000001, 10:00, 350.00) was healed by the switch's reversal.
/// </summary>
public sealed class TraceRunFixture : ShippedRunFixture
{
    public TraceRunFixture()
        : base("01-lost-response.yaml", "possim-trace-")
    {
        // The receipt's RRN, as support would read it off recon/transactions.csv: the purchase at 14:02 on T0000002.
        var sale = File.ReadLines(Path.Combine(Dir, "recon", "transactions.csv"))
            .Select(line => line.Split(','))
            .Single(f => f[1] == "purchase" && f[4] == "T0000002" && f[12] == "2026-03-02T14:02:00");
        Rrn = sale[2];
        Stan = int.Parse(sale[3], System.Globalization.CultureInfo.InvariantCulture).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>RRN of the "terminal-lost" sale.</summary>
    public string Rrn { get; }

    /// <summary>Its STAN, six digits as on the slip.</summary>
    public string Stan { get; }
}
