using PosSim.Reconciliation.Inputs;
using static PosSim.Reconciliation.Inputs.TransactionStore;

namespace PosSim.Reconciliation.Rules;

/// <summary>Rules on the switch log alone: refunds and their originals.</summary>
internal static class TransactionRules
{
    public static Finding ForTransaction(ExceptionKind kind, TransactionStore txns, MerchantTable merchants, int slot) => new(kind)
    {
        Terminal = txns.TerminalName(txns.Keys[slot]),
        Rrn = txns.RrnName(txns.Keys[slot]),
        Merchant = merchants.Name(txns.Merchants[slot]),
        TxnKind = KindName(txns.Flags[slot]),
        BusinessDate = ClearingStore.Day(txns.Dates[slot]),
        SourceFile = txns.File.DisplayPath,
        SourceLine = txns.LineOf(slot),
        SourceColumn = txns.AmountColumn + 1,
    };

    /// <summary>refund-without-original and refund-exceeds-original.</summary>
    public static void Refunds(TransactionStore txns, MerchantTable merchants, List<Finding> findings)
    {
        var flags = txns.Flags;
        var byPurchase = new Dictionary<int, List<RefundLink>>();
        foreach (var refund in txns.Refunds)
        {
            if (!IsLive(flags[refund.Slot]))
            {
                continue;
            }

            var original = txns.Find(refund.OriginalKey);
            if (original < 0 || (flags[original] & KindMask) != Purchase || !IsLive(flags[original]))
            {
                var f = ForTransaction(ExceptionKind.RefundWithoutOriginal, txns, merchants, refund.Slot);
                f.Expected = 0;
                f.Actual = txns.Amounts[refund.Slot];
                f.Note = refund.OriginalKey == NoKey ? "" : txns.RrnName(refund.OriginalKey);
                f.X1 = original < 0 ? 0 : (flags[original] & KindMask) != Purchase ? 1 : (flags[original] & Approved) == 0 ? 2 : 3;
                findings.Add(f);
                continue;
            }

            if (!byPurchase.TryGetValue(original, out var list))
            {
                list = [];
                byPurchase.Add(original, list);
            }

            list.Add(refund);
        }

        foreach (var (purchase, refunds) in byPurchase)
        {
            // Ordered by local_time, then rrn (ordinal).
            refunds.Sort((a, b) =>
            {
                var byTime = a.LocalTime.CompareTo(b.LocalTime);
                return byTime != 0 ? byTime : string.CompareOrdinal(txns.RrnName(txns.Keys[a.Slot]), txns.RrnName(txns.Keys[b.Slot]));
            });
            Int128 total = 0;
            var limit = txns.Amounts[purchase];
            foreach (var refund in refunds)
            {
                total += txns.Amounts[refund.Slot];
                if (total > limit)
                {
                    var f = ForTransaction(ExceptionKind.RefundExceedsOriginal, txns, merchants, refund.Slot);
                    f.Expected = limit;
                    f.Actual = total;
                    f.X1 = txns.Amounts[refund.Slot];
                    f.Note = txns.RrnName(txns.Keys[purchase]);
                    findings.Add(f);
                }
            }
        }
    }
}
