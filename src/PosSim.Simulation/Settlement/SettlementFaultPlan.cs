using PosSim.Core.Settlement;
using PosSim.Core.Switch;

namespace PosSim.Simulation.Settlement;

/// <summary>A fault aimed at one transaction of the switch log, by terminal and RRN.</summary>
public sealed record TargetedFault(string TerminalId, string Rrn, TransactionFault Fault);

/// <summary>A risk review: the merchant is paid nothing from <see cref="From"/> until <see cref="ReleaseOn"/> (never, when null).</summary>
public sealed record RiskHoldWindow(string MerchantId, DateOnly From, DateOnly? ReleaseOn = null);

/// <summary>Why the merchant's bank sends a payout back.</summary>
public enum BounceReason
{
    /// <summary>The merchant's settlement account is frozen in the ledger: the posting is refused.</summary>
    FrozenAccount,

    /// <summary>The agreement names an account the bank does not know: nothing is posted.</summary>
    WrongAccount,
}

/// <summary>
/// The merchant's account cannot take payouts from <see cref="From"/> until it is corrected on
/// <see cref="CorrectedOn"/> (never, when null); payouts meanwhile bounce and are re-issued on the first
/// business day after the bounce on which the account is good again.
/// </summary>
public sealed record PayoutBounceWindow(string MerchantId, DateOnly From, DateOnly? CorrectedOn = null, BounceReason Reason = BounceReason.FrozenAccount);

/// <summary>
/// Faults of clearing and settlement, declared as data: dropped, duplicated or altered presentments, delayed settlement,
/// risk holds and bounced payouts (docs/settlement.md, "Faults"). Aimed faults name their
/// transaction; rates pick transactions at random with the seeded generator the run is given, each live
/// transaction getting at most one fault. <see cref="SettlementFaultInjector"/> applies a plan; what took effect is
/// in the back office's incident log.
/// </summary>
public sealed record SettlementFaultPlan
{
    public static SettlementFaultPlan None { get; } = new();

    public IReadOnlyList<TargetedFault> Targeted { get; init; } = [];

    /// <summary>Share of live transactions whose presentment is dropped.</summary>
    public double DropRate { get; init; }

    public double DuplicateRate { get; init; }

    public double AlterRate { get; init; }

    public double DelayRate { get; init; }

    /// <summary>Added to the presented amount by <see cref="TransactionFault.AlterAmount"/>.</summary>
    public long AlterByMinor { get; init; } = 100;

    /// <summary>Business days by which <see cref="TransactionFault.DelaySettlement"/> pushes a payout back.</summary>
    public int DelayBusinessDays
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 2;

    public IReadOnlyList<RiskHoldWindow> RiskHolds { get; init; } = [];

    public IReadOnlyList<PayoutBounceWindow> Bounces { get; init; } = [];

    public bool HasRates => DropRate > 0 || DuplicateRate > 0 || AlterRate > 0 || DelayRate > 0;

    /// <summary>Rates are shares of one draw per transaction: each in [0, 1], together at most 1.</summary>
    public void Validate()
    {
        foreach (var rate in (ReadOnlySpan<double>)[DropRate, DuplicateRate, AlterRate, DelayRate])
        {
            if (!(rate >= 0 && rate <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(DropRate), rate, "A fault rate is a share between 0 and 1.");
            }
        }

        if (DropRate + DuplicateRate + AlterRate + DelayRate > 1)
        {
            throw new ArgumentException("The fault rates add up to more than 1: each transaction gets at most one fault.");
        }
    }
}
