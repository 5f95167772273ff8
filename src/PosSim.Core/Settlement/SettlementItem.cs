namespace PosSim.Core.Settlement;

/// <summary>Why a cleared transaction is paid later than the merchant was promised.</summary>
[Flags]
public enum LateCause
{
    None = 0,

    /// <summary>A fault pushed its payout back.</summary>
    Delayed = 1,

    /// <summary>It fell due while its merchant was held for risk review.</summary>
    RiskHold = 2,

    /// <summary>Its payout bounced.</summary>
    Bounced = 4,

    /// <summary>An instant merchant's transaction outside the window or over the quota.</summary>
    InstantFallback = 8,

    /// <summary>It fell due while the merchants' bank was in a maintenance window.</summary>
    BankMaintenance = 16,

    /// <summary>It was logged after its business date had been cleared (the back office's clock ran ahead) and was presented a cut-over late.</summary>
    PresentedLate = 32,
}

/// <summary>A cleared transaction waiting to be paid, or paid: when it is due, when it is planned, and where it went.</summary>
public sealed class SettlementItem
{
    internal SettlementItem(ClearingRecord record, DateOnly dueDate, DateOnly scheduledDate, long sequence)
    {
        Record = record;
        DueDate = dueDate;
        ScheduledDate = scheduledDate;
        Sequence = sequence;
    }

    public ClearingRecord Record { get; }

    /// <summary>The value date the merchant was promised: business date + the settle_days of merchants.csv.</summary>
    public DateOnly DueDate { get; }

    /// <summary>The value date planned: the due date, D0 or its fallback, or later when a fault delays it.</summary>
    public DateOnly ScheduledDate { get; internal set; }

    /// <summary>Its row in a payout, once paid out; null while waiting.</summary>
    public SettlementDetail? Detail { get; internal set; }

    public LateCause Causes { get; internal set; }

    /// <summary>
    /// Given back to the cardholder from clearing for a support case: never paid to the merchant. For a refund, the
    /// acquirer funds it, so it is not charged to the merchant either.
    /// </summary>
    public bool Returned { get; internal set; }

    internal long Sequence { get; }
}
