namespace PosSim.Core.Settlement;

/// <summary>
/// What the acquirer agreed with a merchant: where the money goes, what it costs (the merchant discount rate,
/// per channel), and when it arrives. One row of merchants.csv.
/// </summary>
public sealed record MerchantAgreement
{
    public MerchantAgreement(string merchantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(merchantId);
        MerchantId = merchantId;
        SettlementAccount = "SA-" + merchantId;
    }

    public string MerchantId { get; }

    /// <summary>The merchant's bank account as the bank names it (settlement_account); never a card number.</summary>
    public string SettlementAccount { get; init; }

    /// <summary>The refund window most agreements give: 180 days after the sale's business date.</summary>
    public const int DefaultRefundWindowDays = 180;

    /// <summary>Days after a sale's business date within which it may be refunded (the switch refuses later refunds; review checks it).</summary>
    public int RefundWindowDays
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 3660);
            field = value;
        }
    } = DefaultRefundWindowDays;

    /// <summary>Merchant discount rate on card purchases in basis points (0.60%, a typical card rate in China).</summary>
    public int MdrCardBps { get; init => field = CheckBps(value); } = 60;

    /// <summary>Merchant discount rate on QR purchases in basis points (0.38%).</summary>
    public int MdrQrBps { get; init => field = CheckBps(value); } = 38;

    /// <summary>
    /// T+N: payouts on the N-th business day after the business date (0: that day, or the next business day).
    /// With <see cref="Instant"/>, this is the fallback for what cannot be paid D0.
    /// </summary>
    public int SettleDays
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 3650); // the matcher's bound
            field = value;
        }
    } = 1;

    /// <summary>Instant (D0) settlement inside a daily window and quota; null when the merchant settles T+N only.</summary>
    public InstantSettlement? Instant { get; init; }

    /// <summary>Held for risk review from the start: nothing is paid out until the engine releases the merchant.</summary>
    public bool RiskHold { get; init; }

    /// <summary>
    /// The settle_days written to merchants.csv: what the merchant was promised. An instant merchant was promised
    /// D0, so a fallback to T+N is late (the matcher reports it settled late); anyone else was promised T+N.
    /// </summary>
    public int ContractSettleDays => Instant is null ? SettleDays : 0;

    /// <summary>The rate for a channel (card or qr) of the switch log.</summary>
    public int BpsFor(string channel) => string.Equals(channel, InterchangeFiles.Channels.Qr, StringComparison.Ordinal) ? MdrQrBps : MdrCardBps;

    private static int CheckBps(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 10_000);
        return value;
    }
}

/// <summary>
/// Instant settlement: a purchase or refund whose local time falls in [<see cref="WindowStart"/>,
/// <see cref="WindowEnd"/>) is paid on its business date (D0), as long as the merchant's instant purchases of
/// that business date stay within <see cref="DailyQuotaMinor"/>; anything else falls back to T+settle_days.
/// </summary>
/// <remarks>
/// Refunds need the window but use no quota: the quota caps the money the acquirer advances before the scheme
/// pays it, and a refund takes money back from the merchant.
/// </remarks>
public sealed record InstantSettlement(TimeOnly WindowStart, TimeOnly WindowEnd, long DailyQuotaMinor)
{
    public bool InWindow(TimeOnly localTime) => localTime >= WindowStart && localTime < WindowEnd;
}
