using PosSim.Core.Switch;

namespace PosSim.Simulation.Runs;

/// <summary>Purchases (debits) and refunds (credits), counted and summed, as a batch reports them.</summary>
internal readonly record struct BatchTotals(long DebitCount, long DebitAmount, long CreditCount, long CreditAmount)
{
    public BatchTotals Add(TranlogEntry entry) => entry.Kind == TransactionKind.Purchase
        ? this with { DebitCount = DebitCount + 1, DebitAmount = DebitAmount + entry.AmountMinor }
        : this with { CreditCount = CreditCount + 1, CreditAmount = CreditAmount + entry.AmountMinor };
}

/// <summary>What the switch holds live (approved, not cancelled) per terminal and business date: what a batch of that day should report.</summary>
internal static class LiveTotals
{
    /// <param name="cancelledBySupport">
    /// Reversals (terminal, RRN) support sent for a case: the matcher sets them aside, so what they cancelled still
    /// counts as it did when the batch closed.
    /// </param>
    public static Dictionary<(string Terminal, DateOnly Date), BatchTotals> ByTerminalDay(IReadOnlyList<TranlogEntry> tranlog, Func<(string Terminal, DateOnly Date), bool> wanted,
        IReadOnlySet<(string Terminal, string Rrn)>? cancelledBySupport = null)
    {
        var live = new Dictionary<(string Terminal, DateOnly Date), BatchTotals>();
        foreach (var entry in tranlog)
        {
            var key = (entry.TerminalId, entry.BusinessDate);
            var counts = entry.IsLive || (cancelledBySupport is { Count: > 0 } && entry.IsApproved && entry.Kind is TransactionKind.Purchase or TransactionKind.Refund
                && entry.CancelledBy is { } by && cancelledBySupport.Contains((entry.TerminalId, by)));
            if (counts && wanted(key))
            {
                live[key] = live.GetValueOrDefault(key).Add(entry);
            }
        }

        return live;
    }
}
