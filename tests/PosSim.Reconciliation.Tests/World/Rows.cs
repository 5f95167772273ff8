namespace PosSim.Reconciliation.Tests.World;

public sealed record MerchantRow(string Id, string Account, int CardBps, int QrBps, int SettleDays);

public sealed record TxnRow(
    string TxnId,
    string Kind,
    string Rrn,
    string Stan,
    string Terminal,
    string Merchant,
    string Channel,
    long Amount,
    string Response,
    DateOnly BusinessDate,
    DateTime LocalTime,
    string OriginalRrn)
{
    public bool Approved => Response == "00";

    public bool IsPurchaseOrRefund => Kind is "purchase" or "refund";
}

public sealed record ClearingRow(string ClearingId, string Kind, string Rrn, string Terminal, string Merchant, long Amount, DateOnly BusinessDate, DateOnly ClearingDate);

public sealed record SettlementRow(string PayoutId, string ClearingId, string Rrn, string Terminal, string Merchant, long Gross, long Fee, long Net, DateOnly ValueDate);

public sealed record StatementRow(string StatementId, string PayoutId, string Merchant, long Amount, DateOnly ValueDate);

/// <summary>A row of adjustments.csv; empty strings for absent cells.</summary>
public sealed record AdjustmentRow(long CaseId, string WayBack, string Terminal, string Rrn, long Amount, DateTime ExecutedAt, string MessageRrn, string ClearingId, string PayoutId);

public sealed record BatchRow(string Terminal, string Merchant, DateOnly BusinessDate, string BatchNo, long DebitCount, long DebitAmount, long CreditCount, long CreditAmount);

/// <summary>An exception the world was built to contain: its kind and key (two key parts; the second is empty for one-part keys).</summary>
public sealed record InjectedBreak(ExceptionKind Kind, string Key1, string Key2 = "")
{
    public override string ToString() => $"{Kind.Name()}({Key1}{(Key2.Length > 0 ? "," + Key2 : "")})";

    public static InjectedBreak Of(ExceptionRow row) => row.Kind.Key() switch
    {
        ExceptionKey.Transaction => new(row.Kind, row.TerminalId, row.Rrn),
        ExceptionKey.Payout => new(row.Kind, row.PayoutId),
        ExceptionKey.Statement => new(row.Kind, row.StatementId),
        _ => new(row.Kind, row.TerminalId, row.BusinessDate),
    };
}
