using System.Globalization;

namespace PosSim.Reconciliation.Tests.World;

/// <summary>
/// Builds a consistent world (merchants, terminals, transactions, clearing, settlement, bank statement,
/// terminal batches, holidays) from a seed, then injects the requested breaks, each on its own target, and
/// records the exact exceptions they must produce. Steps that are not yet due by the as-of date are done or
/// left undone at random, so worlds also hold pending transactions.
/// </summary>
public static class WorldBuilder
{
    public static GeneratedWorld Build(int seed, IReadOnlyList<ExceptionKind> breaks, int purchases = 40) =>
        new Builder(seed, breaks, purchases).Build();

    private sealed class Builder(int seed, IReadOnlyList<ExceptionKind> breaks, int purchaseCount)
    {
        private readonly Random rng = new(seed);
        private readonly GeneratedWorld w = new();
        private readonly Dictionary<string, string> merchantOfTerminal = [];
        private readonly HashSet<string> used = [];
        private readonly HashSet<string> cancelled = [];
        private readonly HashSet<string> forceCleared = [];
        private BusinessCalendar calendar = BusinessCalendar.Weekdays;
        private DateOnly start;
        private int days;
        private long counter = 1000 + (seed & 0xFFFF) * 1000L;

        private int Count(ExceptionKind kind) => breaks.Count(b => b == kind);

        private static string Key(string terminal, string rrn) => terminal + "|" + rrn;

        private long Next() => ++counter;

        private string NextRrn() => rng.Next(10) == 0 ? "R-" + Next().ToString(CultureInfo.InvariantCulture) : Next().ToString("D12", CultureInfo.InvariantCulture);

        private string NextClearingId() => rng.Next(8) switch
        {
            0 => "C" + (Next() % 1_000_000).ToString(CultureInfo.InvariantCulture),
            1 => "CLR/" + Next().ToString(CultureInfo.InvariantCulture) + "/EXTRA-LONG-REFERENCE",
            _ => "CL" + Next().ToString("D10", CultureInfo.InvariantCulture),
        };

        private bool Coin() => rng.Next(2) == 0;

        private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

        private MerchantRow Merchant(string id) => w.Merchants.First(m => m.Id == id);

        public GeneratedWorld Build()
        {
            start = new DateOnly(2026, 1, 5).AddDays(7 * rng.Next(0, 40));
            days = 10;
            for (var i = rng.Next(0, 3); i > 0; i--)
            {
                w.Holidays.Add(start.AddDays(rng.Next(0, days + 6)));
            }

            w.Holidays.Sort();
            w.Holidays = w.Holidays.Distinct().ToList();
            calendar = new BusinessCalendar(w.Holidays);
            w.AsOf = start.AddDays(days - 1 + rng.Next(1, 9));

            var merchantCount = rng.Next(1, 5);
            for (var m = 0; m < merchantCount; m++)
            {
                var id = m == 3 ? "MERCHANT-0000000000004" : "M" + (m + 1).ToString("D3", CultureInfo.InvariantCulture);
                w.Merchants.Add(new MerchantRow(id, "6222" + rng.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture), rng.Next(20, 100), rng.Next(10, 60), rng.Next(0, 4)));
                for (var t = rng.Next(1, 4); t > 0; t--)
                {
                    var terminal = rng.Next(6) == 0 ? "TERMINAL-" + Next().ToString(CultureInfo.InvariantCulture) : "T" + (Next() % 10_000_000).ToString("D7", CultureInfo.InvariantCulture);
                    merchantOfTerminal[terminal] = id;
                }
            }

            Transactions();
            var clearing = ClearingStage();
            SettlementStage(clearing);
            StatementStage();
            BatchStage();
            Accounting();
            return w;
        }

        // ---- transactions ----

        private TxnRow AddTxn(string kind, string terminal, string channel, long amount, string response, DateOnly date, DateTime time, string original, string? rrn = null)
        {
            var row = new TxnRow("TX" + Next().ToString(CultureInfo.InvariantCulture), kind, rrn ?? NextRrn(), (Next() % 1_000_000).ToString("D6", CultureInfo.InvariantCulture),
                terminal, merchantOfTerminal[terminal], channel, amount, response, date, time, original);
            w.Transactions.Add(row);
            return row;
        }

        private DateOnly RandomDate() => start.AddDays(rng.Next(0, days));

        private DateTime TimeOn(DateOnly d) => d.ToDateTime(TimeOnly.MinValue).AddSeconds(rng.Next(0, 86_000));

        private List<TxnRow> Live() => w.Transactions.Where(t => t.IsPurchaseOrRefund && t.Approved && !cancelled.Contains(Key(t.Terminal, t.Rrn))).ToList();

        private void Transactions()
        {
            var terminals = merchantOfTerminal.Keys.Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < purchaseCount; i++)
            {
                var date = RandomDate();
                var response = rng.Next(100) switch { < 85 => "00", < 92 => "05", < 97 => "51", _ => "" };
                var p = AddTxn("purchase", Pick(terminals), Coin() ? "card" : "qr", rng.Next(1, 200_000), response, date, TimeOn(date), "");
                if (!p.Approved)
                {
                    continue;
                }

                switch (rng.Next(20))
                {
                    case 0:
                        AddTxn("reversal", p.Terminal, p.Channel, p.Amount, "00", p.BusinessDate, p.LocalTime.AddSeconds(40), p.Rrn, rrn: p.Rrn);
                        cancelled.Add(Key(p.Terminal, p.Rrn));
                        break;
                    case 1:
                        AddTxn("void", p.Terminal, p.Channel, p.Amount, "00", p.BusinessDate, p.LocalTime.AddMinutes(5), p.Rrn);
                        cancelled.Add(Key(p.Terminal, p.Rrn));
                        break;
                    case 2:
                        AddTxn("reversal", p.Terminal, p.Channel, p.Amount, "05", p.BusinessDate, p.LocalTime.AddSeconds(40), p.Rrn, rrn: p.Rrn);
                        break;
                    case 3:
                    case 4:
                    case 5:
                        var first = rng.Next(1, (int)Math.Max(2, p.Amount / 2));
                        var d1 = Later(p.BusinessDate);
                        var t1 = TimeOn(d1);
                        var r1 = AddTxn("refund", p.Terminal, p.Channel, first, "00", d1, t1 > p.LocalTime ? t1 : p.LocalTime.AddHours(1), p.Rrn);
                        if (Coin() && p.Amount - first >= 1)
                        {
                            var d2 = Later(r1.BusinessDate);
                            AddTxn("refund", p.Terminal, p.Channel, rng.Next(1, (int)(p.Amount - first) + 1), "00", d2, r1.LocalTime.AddHours(2), p.Rrn);
                        }

                        if (rng.Next(4) == 0)
                        {
                            AddTxn("void", r1.Terminal, r1.Channel, r1.Amount, "00", r1.BusinessDate, r1.LocalTime.AddMinutes(1), r1.Rrn);
                            cancelled.Add(Key(r1.Terminal, r1.Rrn));
                        }

                        break;
                }
            }

            for (var i = Count(ExceptionKind.ClearedAfterReversal); i > 0; i--)
            {
                var refunded = w.Transactions.Where(t => t.Kind == "refund").Select(t => Key(t.Terminal, t.OriginalRrn)).ToHashSet();
                var candidates = Live().Where(t => t.Kind == "purchase" && !refunded.Contains(Key(t.Terminal, t.Rrn)) && !used.Contains(Key(t.Terminal, t.Rrn))).ToList();
                if (candidates.Count == 0)
                {
                    continue;
                }

                var p = Pick(candidates);
                AddTxn(Coin() ? "reversal" : "void", p.Terminal, p.Channel, p.Amount, "00", p.BusinessDate, p.LocalTime.AddMinutes(1), p.Rrn);
                cancelled.Add(Key(p.Terminal, p.Rrn));
                forceCleared.Add(Key(p.Terminal, p.Rrn));
                Expect(ExceptionKind.ClearedAfterReversal, p.Terminal, p.Rrn);
            }

            for (var i = Count(ExceptionKind.RefundWithoutOriginal); i > 0; i--)
            {
                var date = RandomDate();
                var terminal = Pick(terminals);
                var options = new List<string> { NextRrn(), "" };
                options.AddRange(w.Transactions.Where(t => t.Terminal == terminal && t.IsPurchaseOrRefund && (!t.Approved || cancelled.Contains(Key(t.Terminal, t.Rrn)) || t.Kind == "refund")).Select(t => t.Rrn));
                var r = AddTxn("refund", terminal, "card", rng.Next(1, 50_000), "00", date, TimeOn(date), Pick(options));
                Expect(ExceptionKind.RefundWithoutOriginal, r.Terminal, r.Rrn);
            }

            for (var i = Count(ExceptionKind.RefundExceedsOriginal); i > 0; i--)
            {
                var candidates = Live().Where(t => t.Kind == "purchase" && !used.Contains(Key(t.Terminal, t.Rrn))).ToList();
                if (candidates.Count == 0)
                {
                    continue;
                }

                var p = Pick(candidates);
                used.Add(Key(p.Terminal, p.Rrn));
                var refunds = Live().Where(t => t.Kind == "refund" && t.Terminal == p.Terminal && t.OriginalRrn == p.Rrn).ToList();
                var time = refunds.Select(t => t.LocalTime).Append(p.LocalTime).Max().AddHours(1);
                var date = refunds.Select(t => t.BusinessDate).Append(p.BusinessDate).Max();
                var r = AddTxn("refund", p.Terminal, p.Channel, p.Amount - refunds.Sum(t => t.Amount) + 1 + rng.Next(0, 1000), "00", date, time, p.Rrn);
                Expect(ExceptionKind.RefundExceedsOriginal, r.Terminal, r.Rrn);
            }
        }

        private DateOnly Later(DateOnly d)
        {
            var last = start.AddDays(days - 1);
            var next = d.AddDays(rng.Next(0, 3));
            return next > last ? last : next;
        }

        private void Expect(ExceptionKind kind, string key1, string key2 = "")
        {
            w.Expected.Add(new InjectedBreak(kind, key1, key2));
            w.Injected.Add(kind);
            if (kind.Key() == ExceptionKey.Transaction)
            {
                used.Add(Key(key1, key2));
            }
        }

        // ---- clearing ----

        private List<ClearingRow> ClearingStage()
        {
            var rows = new List<ClearingRow>();
            foreach (var t in w.Transactions.Where(t => t.IsPurchaseOrRefund && t.Approved))
            {
                var key = Key(t.Terminal, t.Rrn);
                if (cancelled.Contains(key) && !forceCleared.Contains(key))
                {
                    continue;
                }

                if (t.BusinessDate.AddDays(1) < w.AsOf || forceCleared.Contains(key) || Coin())
                {
                    rows.Add(new ClearingRow(NextClearingId(), t.Kind, t.Rrn, t.Terminal, t.Merchant, t.Amount, t.BusinessDate, t.BusinessDate.AddDays(1)));
                }
            }

            ClearingRow? Target(Func<ClearingRow, bool> extra)
            {
                var live = Live().Select(t => Key(t.Terminal, t.Rrn)).ToHashSet();
                var candidates = rows.Where(c => live.Contains(Key(c.Terminal, c.Rrn)) && !used.Contains(Key(c.Terminal, c.Rrn)) && extra(c)).ToList();
                return candidates.Count == 0 ? null : Pick(candidates);
            }

            for (var i = Count(ExceptionKind.ApprovedNotCleared); i > 0; i--)
            {
                if (Target(c => c.BusinessDate.AddDays(1) < w.AsOf) is { } c)
                {
                    rows.Remove(c);
                    Expect(ExceptionKind.ApprovedNotCleared, c.Terminal, c.Rrn);
                }
            }

            for (var i = Count(ExceptionKind.DuplicateClearing); i > 0; i--)
            {
                if (Target(_ => true) is { } c)
                {
                    rows.Add(Coin() ? c : c with { ClearingId = NextClearingId() });
                    Expect(ExceptionKind.DuplicateClearing, c.Terminal, c.Rrn);
                }
            }

            for (var i = Count(ExceptionKind.ClearingAmountMismatch); i > 0; i--)
            {
                if (Target(_ => true) is { } c)
                {
                    rows[rows.IndexOf(c)] = c with { Amount = c.Amount + rng.Next(1, 500) };
                    Expect(ExceptionKind.ClearingAmountMismatch, c.Terminal, c.Rrn);
                }
            }

            var terminals = merchantOfTerminal.Keys.Order(StringComparer.Ordinal).ToList();
            for (var i = Count(ExceptionKind.ClearedWithoutApproval); i > 0; i--)
            {
                var variant = rng.Next(3);
                var declined = w.Transactions.Where(t => t.Kind == "purchase" && !t.Approved && !used.Contains(Key(t.Terminal, t.Rrn))).ToList();
                var livePurchases = Live().Where(t => t.Kind == "purchase" && !used.Contains(Key(t.Terminal, t.Rrn))
                    && !rows.Any(c => c.Terminal == t.Terminal && c.Rrn == t.Rrn && c.Kind == "refund")).ToList();
                ClearingRow row;
                if (variant == 1 && declined.Count > 0)
                {
                    var t = Pick(declined);
                    row = new ClearingRow(NextClearingId(), "purchase", t.Rrn, t.Terminal, t.Merchant, t.Amount, t.BusinessDate, t.BusinessDate.AddDays(1));
                }
                else if (variant == 2 && livePurchases.Count > 0)
                {
                    var t = Pick(livePurchases);
                    row = new ClearingRow(NextClearingId(), "refund", t.Rrn, t.Terminal, t.Merchant, rng.Next(1, 10_000), t.BusinessDate, t.BusinessDate.AddDays(1));
                }
                else
                {
                    var terminal = Pick(terminals);
                    var date = RandomDate();
                    row = new ClearingRow(NextClearingId(), "purchase", NextRrn(), terminal, merchantOfTerminal[terminal], rng.Next(1, 100_000), date, date.AddDays(1));
                }

                rows.Add(row);
                Expect(ExceptionKind.ClearedWithoutApproval, row.Terminal, row.Rrn);
            }

            w.Clearing = rows;
            return rows;
        }

        // ---- settlement ----

        private TxnRow? Matched(ClearingRow c) =>
            w.Transactions.FirstOrDefault(t => t.Terminal == c.Terminal && t.Rrn == c.Rrn && t.Kind == c.Kind);

        private void SettlementStage(List<ClearingRow> clearing)
        {
            var rows = new List<SettlementRow>();
            var due = new Dictionary<string, DateOnly>();
            var matchedIds = new HashSet<string>();
            foreach (var c in clearing.DistinctBy(c => c.ClearingId))
            {
                var t = Matched(c);
                var merchant = Merchant(t?.Merchant ?? c.Merchant);
                var dueDate = calendar.SettlementDue(c.BusinessDate, merchant.SettleDays);
                due[c.ClearingId] = dueDate;
                if (t is not null)
                {
                    matchedIds.Add(c.ClearingId);
                }

                if (!(dueDate < w.AsOf || Coin()))
                {
                    continue;
                }

                var gross = c.Kind == "purchase" ? c.Amount : -c.Amount;
                var bps = (t?.Channel ?? "card") == "qr" ? merchant.QrBps : merchant.CardBps;
                var fee = c.Kind == "refund" ? 0 : ((Math.Abs(gross) * bps) + 5000) / 10000;
                rows.Add(new SettlementRow(PayoutId(merchant.Id, dueDate), c.ClearingId, c.Rrn, c.Terminal, merchant.Id, gross, fee, gross - fee, dueDate));
            }

            SettlementRow? Target(Func<SettlementRow, bool> extra)
            {
                var counts = rows.GroupBy(s => s.ClearingId).ToDictionary(g => g.Key, g => g.Count());
                var candidates = rows.Where(s => counts[s.ClearingId] == 1 && !used.Contains(Key(s.Terminal, s.Rrn)) && extra(s)).ToList();
                return candidates.Count == 0 ? null : Pick(candidates);
            }

            for (var i = Count(ExceptionKind.ClearedNotSettled); i > 0; i--)
            {
                var ids = clearing.GroupBy(c => c.ClearingId).Where(g => g.Select(c => Key(c.Terminal, c.Rrn)).Distinct().Count() == 1).Select(g => g.Key).ToHashSet();
                if (Target(s => ids.Contains(s.ClearingId) && due[s.ClearingId] < w.AsOf) is { } s)
                {
                    rows.Remove(s);
                    Expect(ExceptionKind.ClearedNotSettled, s.Terminal, s.Rrn);
                }
            }

            for (var i = Count(ExceptionKind.FeeMismatch); i > 0; i--)
            {
                if (Target(s => matchedIds.Contains(s.ClearingId)) is { } s)
                {
                    var fee = s.Fee + rng.Next(1, 50);
                    rows[rows.IndexOf(s)] = s with { Fee = fee, Net = s.Gross - fee };
                    Expect(ExceptionKind.FeeMismatch, s.Terminal, s.Rrn);
                }
            }

            for (var i = Count(ExceptionKind.DuplicateSettlement); i > 0; i--)
            {
                if (Target(_ => true) is { } s)
                {
                    rows.Add(Coin() ? s : s with { PayoutId = s.PayoutId + "-B" });
                    Expect(ExceptionKind.DuplicateSettlement, s.Terminal, s.Rrn);
                }
            }

            for (var i = Count(ExceptionKind.SettledLate); i > 0; i--)
            {
                if (Target(_ => true) is { } s)
                {
                    var late = calendar.SettlementDue(s.ValueDate, rng.Next(1, 3));
                    rows[rows.IndexOf(s)] = s with { ValueDate = late, PayoutId = PayoutId(s.Merchant, late) };
                    Expect(ExceptionKind.SettledLate, s.Terminal, s.Rrn);
                }
            }

            w.Settlements = rows;
        }

        private static string PayoutId(string merchant, DateOnly date) => $"P-{merchant}-{date:yyyyMMdd}";

        // ---- bank statement ----

        private void StatementStage()
        {
            var payouts = w.Settlements.GroupBy(s => s.PayoutId).Select(g => (Id: g.Key, Merchant: g.Select(s => s.Merchant).Min(StringComparer.Ordinal)!,
                Net: g.Sum(s => s.Net), Due: g.Max(s => s.ValueDate))).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
            var missing = new HashSet<string>();
            for (var i = Count(ExceptionKind.PayoutMissing); i > 0; i--)
            {
                var candidates = payouts.Where(p => p.Due < w.AsOf && !missing.Contains(p.Id)).ToList();
                if (candidates.Count > 0)
                {
                    var p = Pick(candidates);
                    missing.Add(p.Id);
                    Expect(ExceptionKind.PayoutMissing, p.Id);
                }
            }

            var rows = new List<StatementRow>();
            foreach (var p in payouts)
            {
                if (missing.Contains(p.Id) || !(p.Due < w.AsOf || Coin()))
                {
                    continue;
                }

                if (rng.Next(4) == 0)
                {
                    var part = rng.Next(-1000, 1000);
                    rows.Add(new StatementRow(StatementId(), p.Id, p.Merchant, part, p.Due));
                    rows.Add(new StatementRow(StatementId(), p.Id, p.Merchant, p.Net - part, p.Due));
                }
                else
                {
                    rows.Add(new StatementRow(StatementId(), p.Id, p.Merchant, p.Net, p.Due));
                }
            }

            for (var i = Count(ExceptionKind.PayoutAmountMismatch); i > 0; i--)
            {
                var hit = w.Expected.Where(e => e.Kind == ExceptionKind.PayoutAmountMismatch).Select(e => e.Key1).ToHashSet();
                var candidates = rows.Where(r => !hit.Contains(r.PayoutId)).ToList();
                if (candidates.Count > 0)
                {
                    var r = Pick(candidates);
                    rows[rows.IndexOf(r)] = r with { Amount = r.Amount + (Coin() ? 1 : -rng.Next(1, 10_000)) };
                    Expect(ExceptionKind.PayoutAmountMismatch, r.PayoutId);
                }
            }

            for (var i = Count(ExceptionKind.PayoutUnknown); i > 0; i--)
            {
                var r = new StatementRow(StatementId(), Coin() ? "PX-" + Next().ToString(CultureInfo.InvariantCulture) : "", Pick(w.Merchants).Id, rng.Next(-5000, 100_000), start.AddDays(rng.Next(0, days)));
                rows.Add(r);
                Expect(ExceptionKind.PayoutUnknown, r.StatementId);
            }

            w.Statements = rows;
        }

        private string StatementId() => "S" + Next().ToString("D8", CultureInfo.InvariantCulture);

        // ---- terminal batches ----

        private void BatchStage()
        {
            var live = Live();
            var terminalDays = live.GroupBy(t => (t.Terminal, t.BusinessDate)).OrderBy(g => g.Key.Terminal, StringComparer.Ordinal).ThenBy(g => g.Key.BusinessDate).ToList();
            var rows = new List<BatchRow>();
            foreach (var g in terminalDays)
            {
                if (rng.Next(5) >= 2)
                {
                    continue;
                }

                var purchases = g.Where(t => t.Kind == "purchase").ToList();
                var refunds = g.Where(t => t.Kind == "refund").ToList();
                var merchant = merchantOfTerminal[g.Key.Terminal];
                if (Coin() && purchases.Count > 1)
                {
                    var half = purchases.Take(1).ToList();
                    var rest = purchases.Skip(1).ToList();
                    rows.Add(new BatchRow(g.Key.Terminal, merchant, g.Key.BusinessDate, "000001", half.Count, half.Sum(t => t.Amount), 0, 0));
                    rows.Add(new BatchRow(g.Key.Terminal, merchant, g.Key.BusinessDate, "000002", rest.Count, rest.Sum(t => t.Amount), refunds.Count, refunds.Sum(t => t.Amount)));
                }
                else
                {
                    rows.Add(new BatchRow(g.Key.Terminal, merchant, g.Key.BusinessDate, "000001", purchases.Count, purchases.Sum(t => t.Amount), refunds.Count, refunds.Sum(t => t.Amount)));
                }
            }

            var idle = merchantOfTerminal.Keys.Order(StringComparer.Ordinal).First();
            var idleDay = start.AddDays(days + 40);
            rows.Add(new BatchRow(idle, merchantOfTerminal[idle], idleDay, "000001", 0, 0, 0, 0));

            for (var i = Count(ExceptionKind.BatchOutOfBalance); i > 0; i--)
            {
                var hit = w.Expected.Where(e => e.Kind == ExceptionKind.BatchOutOfBalance).Select(e => (e.Key1, e.Key2)).ToHashSet();
                var candidates = rows.Where(r => !hit.Contains((r.Terminal, Day(r.BusinessDate)))).ToList();
                if (candidates.Count == 0)
                {
                    continue;
                }

                var r = Pick(candidates);
                rows[rows.IndexOf(r)] = rng.Next(4) switch
                {
                    0 => r with { DebitCount = r.DebitCount + 1 },
                    1 => r with { DebitAmount = r.DebitAmount + rng.Next(1, 1000) },
                    2 => r with { CreditCount = r.CreditCount + 1, CreditAmount = r.CreditAmount + rng.Next(1, 1000) },
                    _ => r.DebitCount > 0 ? r with { DebitCount = r.DebitCount - 1 } : r with { CreditAmount = r.CreditAmount + 7 },
                };
                Expect(ExceptionKind.BatchOutOfBalance, r.Terminal, Day(r.BusinessDate));
            }

            w.Batches = rows;
        }

        private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // ---- ground truth for matched and pending ----

        private void Accounting()
        {
            var touchedKeys = w.Expected.Where(e => e.Kind.Key() == ExceptionKey.Transaction).Select(e => Key(e.Key1, e.Key2)).ToHashSet();
            var touchedPayouts = w.Expected.Where(e => e.Kind.Key() == ExceptionKey.Payout).Select(e => e.Key1).ToHashSet();
            var touchedDays = w.Expected.Where(e => e.Kind == ExceptionKind.BatchOutOfBalance).Select(e => (e.Key1, e.Key2)).ToHashSet();
            var paid = w.Statements.Select(s => s.PayoutId).ToHashSet();
            foreach (var t in Live())
            {
                w.ExpectedLive++;
                var clearingIds = w.Clearing.Where(c => c.Terminal == t.Terminal && c.Rrn == t.Rrn && c.Kind == t.Kind).Select(c => c.ClearingId).ToList();
                var payouts = w.Settlements.Where(s => clearingIds.Contains(s.ClearingId)).Select(s => s.PayoutId).ToList();
                if (touchedKeys.Contains(Key(t.Terminal, t.Rrn)) || payouts.Any(touchedPayouts.Contains) || touchedDays.Contains((t.Terminal, Day(t.BusinessDate))))
                {
                    w.ExpectedTouched++;
                }
                else if (clearingIds.Count == 1 && payouts.Count == 1 && paid.Contains(payouts[0]))
                {
                    w.ExpectedMatched++;
                }
                else
                {
                    w.ExpectedPending++;
                }
            }
        }
    }
}
