using System.Globalization;
using PosSim.Reconciliation.Inputs;
using static PosSim.Reconciliation.Inputs.TransactionStore;

namespace PosSim.Reconciliation.Rules;

/// <summary>
/// Checks each adjustment against the rows its way back must have created (set aside before the exception pass),
/// and lists the exceptions a proven adjustment resolves. Nothing here changes an exception: resolved.csv says
/// which breaks support has since repaired, exceptions.csv still says they happened.
/// </summary>
internal static class Resolutions
{
    public static (List<ResolvedRow> Resolved, List<AdjustmentOutcome> Outcomes) Resolve(
        SetAside? aside, TransactionStore txns, ClearingStore clearing, PayoutTable payouts, IReadOnlyList<ExceptionRow> rows)
    {
        if (aside is null)
        {
            return ([], []);
        }

        var adjustments = aside.Adjustments;
        var proofs = new Proofs(aside, txns, clearing, payouts);
        var outcomes = new List<AdjustmentOutcome>(adjustments.Count);
        var byTransaction = new Dictionary<(string Terminal, string Rrn), int>();
        var byPayout = new Dictionary<string, (int Adjustment, string Payout)>(StringComparer.Ordinal);
        var purchasePayouts = aside.PurchasePayouts.ToLookup(p => p.Txn, p => payouts.Name(p.Payout));

        // Adjustments are in case_id order, so where several cases resolve one exception the lowest case is named.
        for (var a = 0; a < adjustments.Count; a++)
        {
            var adj = adjustments[a];
            var (evidence, missing) = proofs.Prove(a);
            outcomes.Add(new AdjustmentOutcome(adj.CaseId, adj.WayBack, adj.Terminal, adj.Rrn, adj.Amount, missing.Length == 0, evidence, missing));
            if (missing.Length > 0)
            {
                continue;
            }

            byTransaction.TryAdd((adj.Terminal, adj.Rrn), a);
            foreach (var payout in purchasePayouts[aside.PurchaseSlot[a]])
            {
                byPayout.TryAdd(payout, (a, payout));
            }
        }

        var resolved = new List<ResolvedRow>();
        foreach (var row in rows)
        {
            int a;
            string evidence;
            switch (row.Kind.Key())
            {
                case ExceptionKey.Transaction when byTransaction.TryGetValue((row.TerminalId, row.Rrn), out a):
                    evidence = outcomes[a].Evidence;
                    break;
                case ExceptionKey.Payout when byPayout.TryGetValue(row.PayoutId, out var hit):
                    a = hit.Adjustment;
                    var adj = adjustments[a];
                    evidence = $"settlements.csv pays the purchase rrn {adj.Rrn} on terminal {adj.Terminal} in payout {hit.Payout}; {outcomes[a].Evidence}";
                    break;
                default:
                    continue;
            }

            var by = adjustments[a];
            resolved.Add(new ResolvedRow(row.Kind, row.TerminalId, row.Rrn, row.PayoutId, by.CaseId, by.WayBack, by.Amount, evidence));
        }

        return (resolved, outcomes);
    }

    /// <summary>The proof rules of each way back, over the rows set aside and the files as the rules saw them.</summary>
    private sealed class Proofs(SetAside aside, TransactionStore txns, ClearingStore clearing, PayoutTable payouts)
    {
        private readonly ILookup<int, AsideTxn> _messages = aside.Transactions.ToLookup(t => t.Adjustment);
        private readonly ILookup<int, AsideClearing> _presentments = aside.Clearing.ToLookup(c => c.Adjustment);
        private readonly ILookup<int, AsideSettlement> _settlements = aside.Settlements.ToLookup(s => s.Adjustment);

        /// <summary>What proves adjustment <paramref name="a"/> and an empty string, or an empty string and what is missing.</summary>
        public (string Evidence, string Missing) Prove(int a)
        {
            var adj = aside.Adjustments[a];
            var slot = aside.PurchaseSlot[a];
            if (slot < 0)
            {
                return ("", $"transactions.csv has no purchase rrn {adj.Rrn} on terminal {adj.Terminal}");
            }

            var purchase = txns.Recs[slot];
            if ((purchase.Flags & Approved) == 0)
            {
                return ("", $"transactions.csv has the purchase rrn {adj.Rrn} on terminal {adj.Terminal} as not approved, so no money was taken");
            }

            return adj.WayBack switch
            {
                WayBack.ReleaseHold => ReleaseHold(a, adj, purchase, slot),
                WayBack.PayMerchantLate => PayMerchantLate(a, adj, slot),
                _ => Refund(a, adj),
            };
        }

        private (string, string) ReleaseHold(int a, Adjustment adj, TxnRec purchase, int slot)
        {
            var reversals = _messages[a].Where(t => t.Kind == Reversal).ToList();
            var whole = purchase.Amount;
            if (!reversals.Any(t => t.Approved && (t.Amount is null || t.Amount == whole)))
            {
                var approved = reversals.Where(t => t.Approved).Select(t => t.Amount ?? whole).ToList();
                return ("", reversals.Count == 0 ? $"transactions.csv has no reversal rrn {adj.MessageRrn} of the purchase on terminal {adj.Terminal}"
                    : approved.Count == 0 ? $"transactions.csv has the reversal rrn {adj.MessageRrn} of the purchase as not approved"
                    : $"transactions.csv has the reversal rrn {adj.MessageRrn} for {Money(approved.Min())}, not the purchase's {Money(whole)}");
            }

            if (adj.Amount != whole)
            {
                return ("", $"amount_minor is {Money(adj.Amount)} but a released hold is the whole purchase, {Money(whole)}");
            }

            if (txns.Recs[slot].ClearCount > 0)
            {
                return ("", "clearing.csv presents the purchase, so there was no hold left to release");
            }

            return ($"transactions.csv rrn {adj.MessageRrn} reversal approved for {Money(whole)}; clearing.csv has no presentment of the purchase", "");
        }

        private (string, string) Refund(int a, Adjustment adj)
        {
            var refunds = _messages[a].Where(t => t.Kind == TransactionStore.Refund).ToList();
            if (!refunds.Any(t => t.Approved && t.Amount == adj.Amount))
            {
                var approved = refunds.Where(t => t.Approved).Select(t => t.Amount ?? 0).ToList();
                return ("", refunds.Count == 0 ? $"transactions.csv has no refund rrn {adj.MessageRrn} of the purchase on terminal {adj.Terminal}"
                    : approved.Count == 0 ? $"transactions.csv has the refund rrn {adj.MessageRrn} as not approved"
                    : $"transactions.csv has the refund rrn {adj.MessageRrn} for {Money(approved.Min())}, not amount_minor {Money(adj.Amount)}");
            }

            return ($"transactions.csv rrn {adj.MessageRrn} refund approved for {Money(adj.Amount)} of the purchase", "");
        }

        private (string, string) PayMerchantLate(int a, Adjustment adj, int slot)
        {
            var payout = adj.PayoutId;
            if (payout.Length == 0)
            {
                return ("", "payout_id is empty: no payout has paid the merchant yet");
            }

            List<AsideSettlement> paid;
            string how;
            if (adj.ClearingId.Length > 0)
            {
                var presented = _presentments[a].Select(c => c.Amount).ToList();
                if (presented.Count == 0)
                {
                    return ("", $"clearing.csv has no presentment {adj.ClearingId} of the purchase");
                }

                if (!presented.Contains(adj.Amount))
                {
                    return ("", $"clearing.csv presents {adj.ClearingId} for {Money(presented.Min())}, not amount_minor {Money(adj.Amount)}");
                }

                paid = [.. _settlements[a].Where(s => s.ClearingId == adj.ClearingId && s.PayoutId == payout)];
                if (paid.Count == 0)
                {
                    return ("", $"settlements.csv has no row of {adj.ClearingId} in payout {payout}");
                }

                how = $"clearing.csv {adj.ClearingId} presents the purchase for {Money(adj.Amount)}; settlements.csv settles it in payout {payout}";
            }
            else
            {
                // A release or re-issue: its settlement rows name the purchase's own presentment.
                paid = [.. _settlements[a].Where(s => s.PayoutId == payout && clearing.FindCode(Csv.Fields.Utf8(s.ClearingId)) is >= 0 and var c && clearing.Recs[c].Txn == slot)];
                if (paid.Count == 0)
                {
                    return ("", $"settlements.csv has no row of the purchase's presentment in payout {payout}");
                }

                var id = paid.Where(s => s.Gross == adj.Amount).Select(s => s.ClearingId).DefaultIfEmpty(paid[0].ClearingId).Min(StringComparer.Ordinal);
                how = $"settlements.csv settles the purchase's presentment {id} in payout {payout} for {Money(adj.Amount)}";
            }

            if (!paid.Any(s => s.Gross == adj.Amount))
            {
                return ("", $"settlements.csv pays {Money(paid.Min(s => s.Gross))} for the purchase in payout {payout}, not amount_minor {Money(adj.Amount)}");
            }

            var p = payouts.Ids.Find(Csv.Fields.Utf8(payout));
            if (p < 0 || payouts.StatementCount[p] == 0)
            {
                return ("", $"payouts.csv has no line for payout {payout}");
            }

            var net = payouts.NetSum[p] + payouts.AsideNet[p];
            if (payouts.StatementSum[p] != net)
            {
                return ("", $"payouts.csv shows {Money(payouts.StatementSum[p])} for payout {payout}, not its net {Money(net)}");
            }

            var lines = string.Join(", ", payouts.Statements.Where(s => s.Payout == p).Select(s => s.StatementId).Order(StringComparer.Ordinal));
            return ($"{how}; payouts.csv {lines} pays {payout} in full", "");
        }
    }

    private static string Money(long minor) => FindingMerger.Money(minor);

    private static string Money(Int128 minor) =>
        minor >= long.MinValue && minor <= long.MaxValue ? FindingMerger.Money((long)minor) : minor.ToString(CultureInfo.InvariantCulture) + " minor units";
}
