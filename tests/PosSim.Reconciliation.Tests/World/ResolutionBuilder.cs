using System.Globalization;

namespace PosSim.Reconciliation.Tests.World;

/// <summary>
/// Adds support cases to a generated world the way an acquirer carries them out: for each, the rows its way back
/// creates (a reversal, a refund and maybe its presentment and debit, a late presentment and its payout, a released
/// or re-issued payout) and its row of adjustments.csv. About one case in four is spoilt (a row missing, declined
/// or of the wrong amount), and the builder records whether each case should be proven.
/// </summary>
public static class ResolutionBuilder
{
    public static (GeneratedWorld World, Dictionary<long, bool> Proven) Resolve(GeneratedWorld before, int seed) => new Builder(before, seed).Build();

    private sealed class Builder(GeneratedWorld before, int seed)
    {
        private readonly Random _rng = new(seed);
        private readonly GeneratedWorld _w = before.Copy();
        private readonly Dictionary<long, bool> _proven = [];
        private int _n;

        private static string Key(string terminal, string rrn) => terminal + "|" + rrn;

        private bool Coin() => _rng.Next(2) == 0;

        private string Next(string prefix) => prefix + (++_n).ToString("D4", CultureInfo.InvariantCulture);

        // RRNs of 12 digits from 9xx..., far above the generator's, so a created row never collides with one.
        private string NextRrn() => (900_000_000_000L + ++_n).ToString("D12", CultureInfo.InvariantCulture);

        public (GeneratedWorld, Dictionary<long, bool>) Build()
        {
            _w.Adjustments = [];
            var cancelled = _w.Transactions.Where(t => t.Kind is "reversal" or "void" && t.Approved).Select(t => Key(t.Terminal, t.OriginalRrn)).ToHashSet();
            var purchases = _w.Transactions.Where(t => t.Kind == "purchase" && t.Approved && !cancelled.Contains(Key(t.Terminal, t.Rrn))).ToArray();
            _rng.Shuffle(purchases);

            // Cases are opened about breaks: purchases an injected break touches come first.
            var broken = before.Expected.Where(e => e.Kind.Key() == ExceptionKey.Transaction).Select(e => Key(e.Key1, e.Key2)).ToHashSet();
            var brokenPayouts = before.Expected.Where(e => e.Kind.Key() == ExceptionKey.Payout).Select(e => e.Key1).ToHashSet();
            var inBrokenPayout = _w.Settlements.Where(s => brokenPayouts.Contains(s.PayoutId)).Select(s => Key(s.Terminal, s.Rrn)).ToHashSet();
            purchases = [.. purchases.OrderBy(t => broken.Contains(Key(t.Terminal, t.Rrn)) || inBrokenPayout.Contains(Key(t.Terminal, t.Rrn)) ? 0 : 1)];

            // Everything a resolution creates is dated after the whole world, so if it counted for the default
            // as-of date, that date would move.
            var day = new[] { _w.AsOf }.Concat(_w.Transactions.Select(t => t.BusinessDate)).Concat(_w.Clearing.Select(c => c.ClearingDate))
                .Concat(_w.Settlements.Select(s => s.ValueDate)).Concat(_w.Statements.Select(s => s.ValueDate)).Concat(_w.Batches.Select(b => b.BusinessDate))
                .Max().AddDays(3);
            var cases = Enumerable.Range(1, 40).Select(i => (long)i * 7).ToArray();
            _rng.Shuffle(cases);
            var count = _rng.Next(0, Math.Min(8, purchases.Length) + 1);
            for (var i = 0; i < count; i++)
            {
                var p = purchases[i];
                var caseId = cases[i];
                var spoilt = _rng.Next(4) == 0 ? 1 + _rng.Next(3) : 0;
                var at = day.ToDateTime(new TimeOnly(10, 0)).AddMinutes(i);
                var presentments = _w.Clearing.Where(c => c.Kind == "purchase" && c.Terminal == p.Terminal && c.Rrn == p.Rrn).ToList();
                switch (_rng.Next(5))
                {
                    case 0:
                        ReleaseHold(p, caseId, spoilt, at, cleared: presentments.Count > 0);
                        break;
                    case 1:
                        Refund(p, caseId, spoilt, at, "return-from-clearing");
                        break;
                    case 2:
                        Refund(p, caseId, spoilt, at, "refund-from-merchant");
                        break;
                    case 4 when presentments.Count > 0:
                        Release(p, caseId, spoilt, at, presentments[_rng.Next(presentments.Count)].ClearingId);
                        break;
                    default:
                        PresentLate(p, caseId, spoilt, at);
                        break;
                }
            }

            return (_w, _proven);
        }

        private TxnRow Message(TxnRow p, string kind, string rrn, long amount, string response, DateTime at) =>
            new("TX-ADJ-" + rrn, kind, rrn, "900000", p.Terminal, p.Merchant, p.Channel, amount, response, DateOnly.FromDateTime(at), at, p.Rrn);

        private void Adjust(long caseId, string way, TxnRow p, long amount, DateTime at, string message, string clearingId, string payoutId, bool proven)
        {
            _w.Adjustments!.Add(new AdjustmentRow(caseId, way, p.Terminal, p.Rrn, amount, at, message, clearingId, payoutId));
            _proven[caseId] = proven;
        }

        private void ReleaseHold(TxnRow p, long caseId, int spoilt, DateTime at, bool cleared)
        {
            // The reversal advice may repeat the purchase's RRN, as ISO 8583 reversals may.
            var rrn = Coin() ? p.Rrn : NextRrn();
            if (spoilt != 1)
            {
                _w.Transactions.Add(Message(p, "reversal", rrn, spoilt == 3 ? p.Amount + 1 : p.Amount, spoilt == 2 ? "05" : "00", at));
            }

            Adjust(caseId, "release-hold", p, p.Amount, at, rrn, "", "", proven: spoilt == 0 && !cleared);
        }

        private void Refund(TxnRow p, long caseId, int spoilt, DateTime at, string way)
        {
            var rrn = NextRrn();
            var amount = _rng.NextInt64(1, p.Amount + 1);
            var booked = spoilt == 3 ? amount + 1 : amount;
            if (spoilt != 1)
            {
                _w.Transactions.Add(Message(p, "refund", rrn, booked, spoilt == 2 ? "05" : "00", at));
            }

            var clearingId = "";
            var payoutId = "";
            if (way == "refund-from-merchant" && Coin())
            {
                // Its presentment: named, or found through the refund it presents (only a refund that is there).
                var id = Next("ADJ-CR");
                var date = DateOnly.FromDateTime(at);
                _w.Clearing.Add(new ClearingRow(id, "refund", rrn, p.Terminal, p.Merchant, booked, date, date.AddDays(1)));
                clearingId = spoilt == 1 || Coin() ? id : "";
                if (Coin())
                {
                    payoutId = Debit(p, id, rrn, booked, date.AddDays(1));
                }
            }

            Adjust(caseId, way, p, amount, at, rrn, clearingId, payoutId, proven: spoilt == 0);
        }

        /// <summary>The refund's debit: in a payout of its own, or beside the merchant's other rows in one of its payouts.</summary>
        private string Debit(TxnRow p, string clearingId, string rrn, long amount, DateOnly valueDate)
        {
            var theirs = _w.Settlements.Where(s => s.Merchant == p.Merchant).Select(s => s.PayoutId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var payout = theirs.Count > 0 && Coin() ? theirs[_rng.Next(theirs.Count)] : Next("P-ADJ-");
            _w.Settlements.Add(new SettlementRow(payout, clearingId, rrn, p.Terminal, p.Merchant, -amount, 0, -amount, valueDate));
            var line = _w.Statements.FindIndex(s => s.PayoutId == payout);
            if (line >= 0)
            {
                // The bank books the payout net of the debit, on the payout's own line and date.
                _w.Statements[line] = _w.Statements[line] with { Amount = _w.Statements[line].Amount - amount };
            }
            else if (theirs.Contains(payout) is false && Coin())
            {
                _w.Statements.Add(new StatementRow(Next("S-ADJ-"), payout, p.Merchant, -amount, valueDate));
            }

            return payout;
        }

        private void PresentLate(TxnRow p, long caseId, int spoilt, DateTime at)
        {
            var id = Next("ADJ-CL");
            var payout = Next("P-LATE-");
            var date = DateOnly.FromDateTime(at);
            var presented = spoilt == 3 ? p.Amount + 1 : p.Amount;
            var fee = _rng.Next(0, 100);
            _w.Clearing.Add(new ClearingRow(id, "purchase", p.Rrn, p.Terminal, p.Merchant, presented, p.BusinessDate, date));
            _w.Settlements.Add(new SettlementRow(payout, id, p.Rrn, p.Terminal, p.Merchant, presented, fee, presented - fee, date.AddDays(1)));
            if (spoilt != 1)
            {
                _w.Statements.Add(new StatementRow(Next("S-LATE-"), payout, p.Merchant, presented - fee - (spoilt == 2 ? 1 : 0), date.AddDays(1)));
            }

            Adjust(caseId, "pay-merchant-late", p, p.Amount, at, "", id, payout, proven: spoilt == 0);
        }

        private void Release(TxnRow p, long caseId, int spoilt, DateTime at, string clearingId)
        {
            var payout = Next("P-REL-");
            var date = DateOnly.FromDateTime(at);
            var gross = spoilt == 3 ? p.Amount + 1 : p.Amount;
            var fee = _rng.Next(0, 100);
            _w.Settlements.Add(new SettlementRow(payout, clearingId, p.Rrn, p.Terminal, p.Merchant, gross, fee, gross - fee, date));
            if (spoilt != 1)
            {
                _w.Statements.Add(new StatementRow(Next("S-REL-"), payout, p.Merchant, gross - fee - (spoilt == 2 ? 1 : 0), date));
            }

            Adjust(caseId, "pay-merchant-late", p, p.Amount, at, "", "", payout, proven: spoilt == 0);
        }
    }
}
