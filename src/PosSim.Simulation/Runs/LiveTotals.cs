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
    public static Dictionary<(string Terminal, DateOnly Date), BatchTotals> ByTerminalDay(IReadOnlyList<TranlogEntry> tranlog, Func<(string Terminal, DateOnly Date), bool> wanted)
    {
        var live = new Dictionary<(string Terminal, DateOnly Date), BatchTotals>();
        foreach (var entry in tranlog)
        {
            var key = (entry.TerminalId, entry.BusinessDate);
            if (entry.IsLive && wanted(key))
            {
                live[key] = live.GetValueOrDefault(key).Add(entry);
            }
        }

        return live;
    }
}
