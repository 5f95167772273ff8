namespace PosSim.Reconciliation.Rules;

/// <summary>
/// One raw finding of one rule about one input row or group. Findings of the same kind and key are
/// merged into one exception row (<see cref="FindingMerger"/>), so every field here must be a function of
/// the input rows only, never of the order they were read in.
/// </summary>
internal sealed class Finding
{
    public Finding(ExceptionKind kind) => Kind = kind;

    public ExceptionKind Kind { get; }

    public string Merchant { get; set; } = "";

    public string Terminal { get; set; } = "";

    public string Rrn { get; set; } = "";

    public string Payout { get; set; } = "";

    public string Statement { get; set; } = "";

    public string BusinessDate { get; set; } = "";

    public Int128? Expected { get; set; }

    public Int128? Actual { get; set; }

    /// <summary>How many input rows (or groups) this finding stands for.</summary>
    public long Count { get; set; } = 1;

    /// <summary><c>purchase</c> or <c>refund</c> for transaction findings.</summary>
    public string TxnKind { get; set; } = "";

    /// <summary>A kind-specific word or id for the sentence (a reason, an original RRN, a list of payouts).</summary>
    public string Note { get; set; } = "";

    /// <summary>A kind-specific date (a due date), as a day number; -1 when none.</summary>
    public int DateA { get; set; } = -1;

    /// <summary>A second kind-specific date (a value date), as a day number; -1 when none.</summary>
    public int DateB { get; set; } = -1;

    /// <summary>Kind-specific numbers (batch counts and amounts, fee bps).</summary>
    public long X1 { get; set; }

    public long X2 { get; set; }

    public long X3 { get; set; }

    public long X4 { get; set; }

    /// <summary>More kind-specific numbers (the switch's side of a batch).</summary>
    public long[] Numbers { get; set; } = [];

    /// <summary>Where a row behind this finding is, to name it if a sum of amounts overflows.</summary>
    public string SourceFile { get; set; } = "";

    public long SourceLine { get; set; }

    public int SourceColumn { get; set; }
}
