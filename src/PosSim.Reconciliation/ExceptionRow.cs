namespace PosSim.Reconciliation;

/// <summary>
/// One row of exceptions.csv. Key columns are filled as the kind's key needs (terminal_id and rrn,
/// payout_id, statement_id, or terminal_id and business_date); the others are filled when they are known
/// and empty otherwise. <see cref="ExpectedMinor"/> is what the money should have been by the rules and
/// <see cref="ActualMinor"/> what the files show (0 for money that never moved); both are empty where the
/// kind is not about an amount (settled-late).
/// </summary>
public sealed record ExceptionRow(
    ExceptionKind Kind,
    string MerchantId,
    string TerminalId,
    string Rrn,
    string PayoutId,
    string StatementId,
    string BusinessDate,
    long? ExpectedMinor,
    long? ActualMinor,
    string Detail);
