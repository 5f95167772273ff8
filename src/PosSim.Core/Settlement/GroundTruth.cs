using PosSim.Reconciliation;

namespace PosSim.Core.Settlement;

/// <summary>What happened to the money that was not the normal course, as it happened.</summary>
public enum InjectedFaultKind
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

    /// <summary>An instant-settlement merchant's transaction missed the window or the quota and fell back to T+N.</summary>
    InstantFallback,
}

/// <summary>One entry of the ground truth. Transaction faults name the terminal and RRN; payout faults the payout.</summary>
public sealed record InjectedFault(
    InjectedFaultKind Kind,
    DateOnly Date,
    string MerchantId,
    string TerminalId = "",
    string Rrn = "",
    string PayoutId = "",
    string Detail = "");

/// <summary>An exception the matcher must report, by its kind and the key columns of exceptions.csv.</summary>
public readonly record struct ExpectedFinding(ExceptionKind Kind, string TerminalId, string Rrn, string PayoutId)
{
    public override string ToString() => $"{Kind.Name()} {TerminalId} {Rrn} {PayoutId}".TrimEnd();
}

/// <summary>
/// The record of every fault that took effect in a run, in the order it did (faults are data: a test checks
/// the matcher's findings against this). Rules that are not faults but still break a promise (an instant
/// merchant paid T+1) are recorded too, since the matcher reports them.
/// </summary>
public sealed class GroundTruth
{
    private readonly List<InjectedFault> _faults = [];

    public IReadOnlyList<InjectedFault> Faults => _faults;

    internal void Add(InjectedFault fault) => _faults.Add(fault);
}
