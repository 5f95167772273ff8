namespace PosSim.Reconciliation;

/// <summary>
/// What the files say about one row of adjustments.csv. <see cref="Proven"/> when the rows its way back must have
/// created are there and agree (then <see cref="Evidence"/> names them); otherwise <see cref="Missing"/> says what
/// is absent or wrong, and the case resolves no exception.
/// </summary>
public sealed record AdjustmentOutcome(
    long CaseId,
    WayBack WayBack,
    string TerminalId,
    string Rrn,
    long AmountMinor,
    bool Proven,
    string Evidence,
    string Missing);
