namespace PosSim.Interchange;

/// <summary>The 15 exception kinds of docs/interchange-files.md, in the order of its table.</summary>
public enum ExceptionKind
{
    ApprovedNotCleared,
    ClearedWithoutApproval,
    ClearedAfterReversal,
    DuplicateClearing,
    ClearingAmountMismatch,
    ClearedNotSettled,
    FeeMismatch,
    DuplicateSettlement,
    SettledLate,
    PayoutMissing,
    PayoutAmountMismatch,
    PayoutUnknown,
    RefundWithoutOriginal,
    RefundExceedsOriginal,
    BatchOutOfBalance,
}

/// <summary>What an exception is keyed by (the "key" column of the kinds table).</summary>
public enum ExceptionKey
{
    /// <summary>terminal_id, rrn.</summary>
    Transaction,

    /// <summary>payout_id.</summary>
    Payout,

    /// <summary>statement_id.</summary>
    Statement,

    /// <summary>terminal_id, business_date.</summary>
    TerminalDay,
}

public static class ExceptionKinds
{
    private static readonly string[] Names =
    [
        "approved-not-cleared",
        "cleared-without-approval",
        "cleared-after-reversal",
        "duplicate-clearing",
        "clearing-amount-mismatch",
        "cleared-not-settled",
        "fee-mismatch",
        "duplicate-settlement",
        "settled-late",
        "payout-missing",
        "payout-amount-mismatch",
        "payout-unknown",
        "refund-without-original",
        "refund-exceeds-original",
        "batch-out-of-balance",
    ];

    /// <summary>Every kind, sorted by its name with ordinal comparison: the order of exceptions.csv and summary.json.</summary>
    public static IReadOnlyList<ExceptionKind> InOutputOrder { get; } =
        Enum.GetValues<ExceptionKind>().OrderBy(k => Names[(int)k], StringComparer.Ordinal).ToArray();

    /// <summary>The name of a kind in the files, e.g. <c>approved-not-cleared</c>.</summary>
    public static string Name(this ExceptionKind kind) => Names[(int)kind];

    public static bool TryParse(string name, out ExceptionKind kind)
    {
        var i = Array.IndexOf(Names, name);
        kind = (ExceptionKind)Math.Max(i, 0);
        return i >= 0;
    }

    public static ExceptionKey Key(this ExceptionKind kind) => kind switch
    {
        ExceptionKind.PayoutMissing or ExceptionKind.PayoutAmountMismatch => ExceptionKey.Payout,
        ExceptionKind.PayoutUnknown => ExceptionKey.Statement,
        ExceptionKind.BatchOutOfBalance => ExceptionKey.TerminalDay,
        _ => ExceptionKey.Transaction,
    };
}
