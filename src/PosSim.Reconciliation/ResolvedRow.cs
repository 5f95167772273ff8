namespace PosSim.Reconciliation;

/// <summary>
/// One row of resolved.csv: an exception of exceptions.csv (its kind and key columns, copied) that a support case
/// resolved, the case and how it moved the money, and what in the input files proves the money moved.
/// </summary>
public sealed record ResolvedRow(
    ExceptionKind Kind,
    string TerminalId,
    string Rrn,
    string PayoutId,
    long CaseId,
    WayBack WayBack,
    long AmountMinor,
    string Evidence);
