using PosSim.Core.Switch;

namespace PosSim.Core.Settlement;

/// <summary>What can go wrong with one transaction between the switch and the merchant's payout.</summary>
public enum TransactionFault
{
    /// <summary>The presentment is never sent (approved-not-cleared).</summary>
    DropClearing,

    /// <summary>The presentment is sent twice, under two clearing ids (duplicate-clearing).</summary>
    DuplicateClearing,

    /// <summary>The presentment carries another amount than the approval (clearing-amount-mismatch).</summary>
    AlterAmount,

    /// <summary>The payout of the transaction is pushed back by some business days (settled-late).</summary>
    DelaySettlement,
}

/// <summary>A fault applied to one transaction at clearing, with its size where it has one.</summary>
public readonly record struct ClearingFault(TransactionFault Kind, long AlterByMinor = 0, int DelayBusinessDays = 0);

/// <summary>
/// Where faults enter clearing and settlement. The core asks, applies what it is told, and records each fault
/// that took effect in its <see cref="IncidentLog"/>; deciding (a plan, a seeded draw) is the caller's business,
/// so the core holds no randomness. A live acquirer has no faults: <see cref="NoSettlementFaults"/>.
/// </summary>
public interface ISettlementFaults
{
    /// <summary>Asked once per live transaction as it is cleared, in switch-log order.</summary>
    ClearingFault? ForTransaction(TranlogEntry entry);

    /// <summary>
    /// Called at each cut-over after clearing and before settlement: the place for dated faults such as a risk
    /// review or a frozen account, applied through the engine's own commands.
    /// </summary>
    void BeforeSettlement(DateOnly businessDate, SettlementEngine engine);
}

/// <summary>No faults: the normal course.</summary>
public sealed class NoSettlementFaults : ISettlementFaults
{
    public static NoSettlementFaults Instance { get; } = new();

    public ClearingFault? ForTransaction(TranlogEntry entry) => null;

    public void BeforeSettlement(DateOnly businessDate, SettlementEngine engine)
    {
    }
}
