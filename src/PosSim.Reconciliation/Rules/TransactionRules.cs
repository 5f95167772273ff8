using PosSim.Reconciliation.Inputs;
using static PosSim.Reconciliation.Inputs.TransactionStore;

namespace PosSim.Reconciliation.Rules;

/// <summary>Rules on the switch log alone: refunds and their originals.</summary>
internal static class TransactionRules
{
    public static Finding ForTransaction(ExceptionKind kind, TransactionStore txns, MerchantTable merchants, int slot) => new(kind)
    {
        Terminal = txns.TerminalName(txns.Recs[slot].Key),
        Rrn = txns.RrnName(txns.Recs[slot].Key),
        Merchant = merchants.Name(txns.Recs[slot].Merchant),
        TxnKind = KindName(txns.Recs[slot].Flags),
        BusinessDate = ClearingStore.Day(txns.Recs[slot].Date),
        SourceFile = txns.File.DisplayPath,
        SourceLine = txns.LineOf(slot),
        SourceColumn = txns.AmountColumn + 1,
    };

    /// <summary>refund-without-original and refund-exceeds-original.</summary>
    public static void Refunds(TransactionStore txns, MerchantTable merchants, List<Finding> findings)
    {
        var recs = txns.Recs;
        var byPurchase = new Dictionary<int, List<RefundLink>>();
        foreach (var refund in txns.Refunds)
        {
            if (!IsLive(recs[refund.Slot].Flags))
            {
                continue;
            }

            var original = txns.Find(refund.OriginalKey);
            if (original < 0 || (recs[original].Flags & KindMask) != Purchase || !IsLive(recs[original].Flags))
            {
                var f = ForTransaction(ExceptionKind.RefundWithoutOriginal, txns, merchants, refund.Slot);
                f.Expected = 0;
                f.Actual = recs[refund.Slot].Amount;
                f.Note = refund.OriginalKey == NoKey ? "" : txns.RrnName(refund.OriginalKey);
                f.X1 = original < 0 ? 0 : (recs[original].Flags & KindMask) != Purchase ? 1 : (recs[original].Flags & Approved) == 0 ? 2 : 3;
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
                return byTime != 0 ? byTime : string.CompareOrdinal(txns.RrnName(recs[a.Slot].Key), txns.RrnName(recs[b.Slot].Key));
            });
            Int128 total = 0;
            var limit = recs[purchase].Amount;
            foreach (var refund in refunds)
            {
                total += recs[refund.Slot].Amount;
                if (total > limit)
                {
                    var f = ForTransaction(ExceptionKind.RefundExceedsOriginal, txns, merchants, refund.Slot);
                    f.Expected = limit;
                    f.Actual = total;
                    f.X1 = recs[refund.Slot].Amount;
                    f.Note = txns.RrnName(recs[purchase].Key);
                    findings.Add(f);
                }
            }
        }
    }
}
