namespace PosSim.Core.Settlement;

/// <summary>What happened to the money that was not the normal course.</summary>
public enum IncidentKind
{
    /// <summary>A live transaction's presentment was not sent.</summary>
    ClearingDropped,

    /// <summary>A second presentment was sent under another clearing id.</summary>
    ClearingDuplicated,

    /// <summary>The presentment carried another amount than the approval.</summary>
    ClearingAmountAltered,

    /// <summary>A cleared transaction's payout was pushed back by business days.</summary>
    SettlementDelayed,

    /// <summary>A cleared transaction was due while its merchant was held for risk review.</summary>
    RiskHeld,

    /// <summary>A payout was refused by the merchant's bank (frozen or wrong account).</summary>
    PayoutBounced,

    /// <summary>A bounced payout was paid on a later business day.</summary>
    PayoutReissued,

    /// <summary>A cleared transaction fell due while the merchants' bank was in maintenance; it is paid at the next run.</summary>
    PayoutDeferred,

    /// <summary>An instant-settlement merchant's transaction missed the window or the quota and fell back to T+N.</summary>
    InstantFallback,

    /// <summary>A transaction logged after its business date was cleared, presented at the next cut-over.</summary>
    PresentedLate,
}

/// <summary>One incident. Transaction incidents name the terminal and RRN; payout incidents the payout.</summary>
public sealed record Incident(
    IncidentKind Kind,
    DateOnly Date,
    string MerchantId,
    string TerminalId = "",
    string Rrn = "",
    string PayoutId = "",
    string Detail = "");

/// <summary>
/// Every incident of clearing and settlement, in the order it happened: a fault that took effect (a dropped
/// presentment) or a rule that broke a promise (an instant merchant paid T+1). Hosts show it to people; the
/// simulator compares it with what the matcher finds.
/// </summary>
public sealed class IncidentLog
{
    private readonly List<Incident> _incidents = [];

    /// <summary>The incidents held: every one, unless a long-running back office keeps only the latest (<see cref="SettlementOptions.ForgetFinished"/>).</summary>
    public IReadOnlyList<Incident> Items => _incidents;

    /// <summary>Every incident there has been, including those no longer held.</summary>
    public long Total { get; private set; }

    internal void Add(Incident incident)
    {
        _incidents.Add(incident);
        Total++;
    }

    /// <summary>Keeps only the latest <paramref name="kept"/> incidents; the rest are counted in <see cref="Total"/>.</summary>
    internal void KeepLatest(int kept) => Latest.Keep(_incidents, kept);
}
