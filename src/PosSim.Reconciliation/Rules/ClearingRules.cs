using PosSim.Reconciliation.Inputs;
using PosSim.Reconciliation.Internal;
using static PosSim.Reconciliation.Inputs.TransactionStore;

namespace PosSim.Reconciliation.Rules;

/// <summary>Rules over all clearing rows at once: duplicates and unsettled presentments.</summary>
internal static class ClearingRules
{
    /// <summary>A finding keyed by the transaction of a clearing row (or the row's own text when it matched none).</summary>
    public static Finding ForClearing(ExceptionKind kind, ClearingStore clearing, TransactionStore txns, MerchantTable merchants, int slot)
    {
        var t = clearing.Recs[slot].Txn;
        if (t >= 0)
        {
            var f = TransactionRules.ForTransaction(kind, txns, merchants, t);
            f.Merchant = merchants.Name(clearing.Recs[slot].Merchant);
            f.SourceFile = clearing.File.DisplayPath;
            f.SourceLine = clearing.LineOf(slot);
            return f;
        }

        var u = clearing.Unmatched[slot];
        return new Finding(kind)
        {
            Terminal = u.Terminal,
            Rrn = u.Rrn,
            Merchant = merchants.Name(clearing.Recs[slot].Merchant),
            TxnKind = u.Kind,
            BusinessDate = u.BusinessDate,
            SourceFile = clearing.File.DisplayPath,
            SourceLine = clearing.LineOf(slot),
        };
    }

    /// <summary>duplicate-clearing: more than one clearing row for the same (terminal, rrn, kind).</summary>
    public static void Duplicates(ClearingStore clearing, TransactionStore txns, MerchantTable merchants, List<Finding> findings)
    {
        var txnRecs = txns.Recs;
        var recs = clearing.Recs;
        var slots = Ranges.Run(clearing.SlotCount, (from, to) =>
        {
            var found = new List<int>();
            for (var slot = from; slot < to; slot++)
            {
                var t = recs[slot].Txn;
                if (t >= 0 && txnRecs[t].ClearCount > 1)
                {
                    found.Add(slot);
                }
            }

            return found;
        });
        var matched = new Dictionary<int, (int Slot, long Count, Int128 Sum)>();
        foreach (var slot in slots.SelectMany(s => s))
        {
            var t = recs[slot].Txn;
            var amount = clearing.Amount(slot, txns);
            matched[t] = matched.TryGetValue(t, out var g) ? (Math.Min(g.Slot, slot), g.Count + 1, g.Sum + amount) : (slot, 1, amount);
        }

        foreach (var (t, g) in matched)
        {
            var f = ForClearing(ExceptionKind.DuplicateClearing, clearing, txns, merchants, g.Slot);
            f.Count = g.Count;
            f.Expected = txnRecs[t].Amount;
            f.Actual = g.Sum;
            findings.Add(f);
        }

        foreach (var group in clearing.Unmatched.GroupBy(u => (u.Value.Terminal, u.Value.Rrn, u.Value.Kind)))
        {
            var rows = group.ToList();
            if (rows.Count < 2)
            {
                continue;
            }

            var f = ForClearing(ExceptionKind.DuplicateClearing, clearing, txns, merchants, rows.Min(u => u.Key));
            f.Count = rows.Count;
            f.Actual = rows.Aggregate(Int128.Zero, (sum, u) => sum + u.Value.Amount);
            findings.Add(f);
        }
    }

    /// <summary>cleared-not-settled: no settlement row names the clearing_id and the value date has passed.</summary>
    public static void NotSettled(ClearingStore clearing, TransactionStore txns, MerchantTable merchants, SettlementDueTable due, int asOf, List<Finding> findings)
    {
        var recs = clearing.Recs;
        var hasAlias = clearing.Alias.Count > 0;
        var parts = Ranges.Run(clearing.SlotCount, (from, to) =>
        {
            var found = new List<(int Slot, int Due)>();
            for (var slot = from; slot < to; slot++)
            {
                if (recs[slot].Txn == ClearingStore.Hole || recs[hasAlias ? clearing.First(slot) : slot].SettleCount > 0)
                {
                    continue;
                }

                var dueDate = due.Due(recs[slot].Merchant, recs[slot].Date);
                if (dueDate < asOf)
                {
                    found.Add((slot, dueDate));
                }
            }

            return found;
        });

        foreach (var (slot, dueDate) in parts.SelectMany(p => p))
        {
            var f = ForClearing(ExceptionKind.ClearedNotSettled, clearing, txns, merchants, slot);
            f.Expected = clearing.Amount(slot, txns);
            f.Actual = 0;
            f.DateA = dueDate;
            findings.Add(f);
        }
    }

    /// <summary>duplicate-settlement: more than one settlement row for the same clearing_id.</summary>
    public static void DuplicateSettlements(ClearingStore clearing, SettlementStore settlements, TransactionStore txns, MerchantTable merchants,
        PayoutTable payouts, List<Finding> findings)
    {
        var extras = settlements.Extra.GroupBy(e => e.Clearing).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (slot, rows) in extras)
        {
            var nets = rows.Select(e => e.Net).Append(clearing.Recs[slot].Net).ToList();
            var payoutNames = rows.Select(e => e.Payout).Append(clearing.Recs[slot].Payout).Select(payouts.Name).Distinct().Order(StringComparer.Ordinal);
            var f = ForClearing(ExceptionKind.DuplicateSettlement, clearing, txns, merchants, slot);
            f.Count = nets.Count;
            f.Expected = nets.Min();
            f.Actual = nets.Aggregate(Int128.Zero, (sum, n) => sum + n);
            f.Note = string.Join(", ", payoutNames);
            f.SourceFile = settlements.File.DisplayPath;
            findings.Add(f);
        }

        foreach (var group in settlements.Unknown.GroupBy(u => u.ClearingId))
        {
            var rows = group.OrderBy(u => u.Terminal, StringComparer.Ordinal).ThenBy(u => u.Rrn, StringComparer.Ordinal).ToList();
            if (rows.Count < 2)
            {
                continue;
            }

            var first = rows[0];
            findings.Add(new Finding(ExceptionKind.DuplicateSettlement)
            {
                Terminal = first.Terminal,
                Rrn = first.Rrn,
                Merchant = rows.Select(u => u.Merchant).Min(StringComparer.Ordinal) ?? "",
                Count = rows.Count,
                Expected = rows.Min(u => u.Net),
                Actual = rows.Aggregate(Int128.Zero, (sum, u) => sum + u.Net),
                Note = string.Join(", ", rows.Select(u => u.Payout).Distinct().Order(StringComparer.Ordinal)),
                SourceFile = settlements.File.DisplayPath,
                SourceLine = rows.Min(u => u.Line),
            });
        }
    }
}
