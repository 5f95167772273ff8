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
        private readonly Random _rng = new(seed);
        private readonly GeneratedWorld _w = new();
        private readonly Dictionary<string, string> _merchantOfTerminal = [];
        private readonly HashSet<string> _used = [];
        private readonly HashSet<string> _cancelled = [];
        private readonly HashSet<string> _forceCleared = [];
        private BusinessCalendar _calendar = BusinessCalendar.Weekdays;
        private DateOnly _start;
        private int _days;
        private long _counter = 1000 + (seed & 0xFFFF) * 1000L;

        private int Count(ExceptionKind kind) => breaks.Count(b => b == kind);

        private static string Key(string terminal, string rrn) => terminal + "|" + rrn;

        private long Next() => ++_counter;

        private string NextRrn() => _rng.Next(10) == 0 ? "R-" + Next().ToString(CultureInfo.InvariantCulture) : Next().ToString("D12", CultureInfo.InvariantCulture);

        private string NextClearingId() => _rng.Next(8) switch
        {
            0 => "C" + (Next() % 1_000_000).ToString(CultureInfo.InvariantCulture),
            1 => "CLR/" + Next().ToString(CultureInfo.InvariantCulture) + "/EXTRA-LONG-REFERENCE",
            _ => "CL" + Next().ToString("D10", CultureInfo.InvariantCulture),
        };

        private bool Coin() => _rng.Next(2) == 0;

        private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

        private MerchantRow Merchant(string id) => _w.Merchants.First(m => m.Id == id);

        public GeneratedWorld Build()
        {
            _start = new DateOnly(2026, 1, 5).AddDays(7 * _rng.Next(0, 40));
            _days = 10;
            for (var i = _rng.Next(0, 3); i > 0; i--)
            {
                _w.Holidays.Add(_start.AddDays(_rng.Next(0, _days + 6)));
            }

            _w.Holidays.Sort();
            _w.Holidays = _w.Holidays.Distinct().ToList();
            _calendar = new BusinessCalendar(_w.Holidays);
            _w.AsOf = _start.AddDays(_days - 1 + _rng.Next(1, 9));

            var merchantCount = _rng.Next(1, 5);
            for (var m = 0; m < merchantCount; m++)
            {
                var id = m == 3 ? "MERCHANT-0000000000004" : "M" + (m + 1).ToString("D3", CultureInfo.InvariantCulture);
                _w.Merchants.Add(new MerchantRow(id, "6222" + _rng.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture), _rng.Next(20, 100), _rng.Next(10, 60), _rng.Next(0, 4)));
                for (var t = _rng.Next(1, 4); t > 0; t--)
                {
                    var terminal = _rng.Next(6) == 0 ? "TERMINAL-" + Next().ToString(CultureInfo.InvariantCulture) : "T" + (Next() % 10_000_000).ToString("D7", CultureInfo.InvariantCulture);
                    _merchantOfTerminal[terminal] = id;
                }
            }

            Transactions();
            var clearing = ClearingStage();
            SettlementStage(clearing);
            StatementStage();
            BatchStage();
            Accounting();
            return _w;
        }

        // ---- transactions ----

        private TxnRow AddTxn(string kind, string terminal, string channel, long amount, string response, DateOnly date, DateTime time, string original, string? rrn = null)
        {
            var row = new TxnRow("TX" + Next().ToString(CultureInfo.InvariantCulture), kind, rrn ?? NextRrn(), (Next() % 1_000_000).ToString("D6", CultureInfo.InvariantCulture),
                terminal, _merchantOfTerminal[terminal], channel, amount, response, date, time, original);
            _w.Transactions.Add(row);
            return row;
        }

        private DateOnly RandomDate() => _start.AddDays(_rng.Next(0, _days));

        private DateTime TimeOn(DateOnly d) => d.ToDateTime(TimeOnly.MinValue).AddSeconds(_rng.Next(0, 86_000));

        private List<TxnRow> Live() => _w.Transactions.Where(t => t.IsPurchaseOrRefund && t.Approved && !_cancelled.Contains(Key(t.Terminal, t.Rrn))).ToList();

        private void Transactions()
        {
            var terminals = _merchantOfTerminal.Keys.Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < purchaseCount; i++)
            {
                var date = RandomDate();
                var response = _rng.Next(100) switch { < 85 => "00", < 92 => "05", < 97 => "51", _ => "" };
                var p = AddTxn("purchase", Pick(terminals), Coin() ? "card" : "qr", _rng.Next(1, 200_000), response, date, TimeOn(date), "");
                if (!p.Approved)
                {
                    continue;
                }

                switch (_rng.Next(20))
                {
                    case 0:
                        AddTxn("reversal", p.Terminal, p.Channel, p.Amount, "00", p.BusinessDate, p.LocalTime.AddSeconds(40), p.Rrn, rrn: p.Rrn);
                        _cancelled.Add(Key(p.Terminal, p.Rrn));
                        break;
                    case 1:
                        AddTxn("void", p.Terminal, p.Channel, p.Amount, "00", p.BusinessDate, p.LocalTime.AddMinutes(5), p.Rrn);
                        _cancelled.Add(Key(p.Terminal, p.Rrn));
                        break;
                    case 2:
                        AddTxn("reversal", p.Terminal, p.Channel, p.Amount, "05", p.BusinessDate, p.LocalTime.AddSeconds(40), p.Rrn, rrn: p.Rrn);
                        break;
                    case 3:
                    case 4:
                    case 5:
                        var first = _rng.Next(1, (int)Math.Max(2, p.Amount / 2));
                        var d1 = Later(p.BusinessDate);
                        var t1 = TimeOn(d1);
                        var r1 = AddTxn("refund", p.Terminal, p.Channel, first, "00", d1, t1 > p.LocalTime ? t1 : p.LocalTime.AddHours(1), p.Rrn);
                        if (Coin() && p.Amount - first >= 1)
                        {
                            var d2 = Later(r1.BusinessDate);
                            AddTxn("refund", p.Terminal, p.Channel, _rng.Next(1, (int)(p.Amount - first) + 1), "00", d2, r1.LocalTime.AddHours(2), p.Rrn);
                        }

                        if (_rng.Next(4) == 0)
                        {
                            AddTxn("void", r1.Terminal, r1.Channel, r1.Amount, "00", r1.BusinessDate, r1.LocalTime.AddMinutes(1), r1.Rrn);
                            _cancelled.Add(Key(r1.Terminal, r1.Rrn));
                        }

                        break;
                }
            }

            for (var i = Count(ExceptionKind.ClearedAfterReversal); i > 0; i--)
            {
                var refunded = _w.Transactions.Where(t => t.Kind == "refund").Select(t => Key(t.Terminal, t.OriginalRrn)).ToHashSet();
                var candidates = Live().Where(t => t.Kind == "purchase" && !refunded.Contains(Key(t.Terminal, t.Rrn)) && !_used.Contains(Key(t.Terminal, t.Rrn))).ToList();
                if (candidates.Count == 0)
                {
                    continue;
                }

                var p = Pick(candidates);
                AddTxn(Coin() ? "reversal" : "void", p.Terminal, p.Channel, p.Amount, "00", p.BusinessDate, p.LocalTime.AddMinutes(1), p.Rrn);
                _cancelled.Add(Key(p.Terminal, p.Rrn));
                _forceCleared.Add(Key(p.Terminal, p.Rrn));
                Expect(ExceptionKind.ClearedAfterReversal, p.Terminal, p.Rrn);
            }

            for (var i = Count(ExceptionKind.RefundWithoutOriginal); i > 0; i--)
            {
                var date = RandomDate();
                var terminal = Pick(terminals);
                var options = new List<string> { NextRrn(), "" };
                options.AddRange(_w.Transactions.Where(t => t.Terminal == terminal && t.IsPurchaseOrRefund && (!t.Approved || _cancelled.Contains(Key(t.Terminal, t.Rrn)) || t.Kind == "refund")).Select(t => t.Rrn));
                var r = AddTxn("refund", terminal, "card", _rng.Next(1, 50_000), "00", date, TimeOn(date), Pick(options));
                Expect(ExceptionKind.RefundWithoutOriginal, r.Terminal, r.Rrn);
            }

            for (var i = Count(ExceptionKind.RefundExceedsOriginal); i > 0; i--)
            {
                var candidates = Live().Where(t => t.Kind == "purchase" && !_used.Contains(Key(t.Terminal, t.Rrn))).ToList();
                if (candidates.Count == 0)
                {
                    continue;
                }

                var p = Pick(candidates);
                _used.Add(Key(p.Terminal, p.Rrn));
                var refunds = Live().Where(t => t.Kind == "refund" && t.Terminal == p.Terminal && t.OriginalRrn == p.Rrn).ToList();
                var time = refunds.Select(t => t.LocalTime).Append(p.LocalTime).Max().AddHours(1);
                var date = refunds.Select(t => t.BusinessDate).Append(p.BusinessDate).Max();
                var r = AddTxn("refund", p.Terminal, p.Channel, p.Amount - refunds.Sum(t => t.Amount) + 1 + _rng.Next(0, 1000), "00", date, time, p.Rrn);
                Expect(ExceptionKind.RefundExceedsOriginal, r.Terminal, r.Rrn);
            }
        }

        private DateOnly Later(DateOnly d)
        {
            var last = _start.AddDays(_days - 1);
            var next = d.AddDays(_rng.Next(0, 3));
            return next > last ? last : next;
        }

        private void Expect(ExceptionKind kind, string key1, string key2 = "")
        {
            _w.Expected.Add(new InjectedBreak(kind, key1, key2));
            _w.Injected.Add(kind);
            if (kind.Key() == ExceptionKey.Transaction)
            {
                _used.Add(Key(key1, key2));
            }
        }

        // ---- clearing ----

        private List<ClearingRow> ClearingStage()
        {
            var rows = new List<ClearingRow>();
            foreach (var t in _w.Transactions.Where(t => t.IsPurchaseOrRefund && t.Approved))
            {
                var key = Key(t.Terminal, t.Rrn);
                if (_cancelled.Contains(key) && !_forceCleared.Contains(key))
                {
                    continue;
                }

                if (t.BusinessDate.AddDays(1) < _w.AsOf || _forceCleared.Contains(key) || Coin())
                {
                    rows.Add(new ClearingRow(NextClearingId(), t.Kind, t.Rrn, t.Terminal, t.Merchant, t.Amount, t.BusinessDate, t.BusinessDate.AddDays(1)));
                }
            }

            ClearingRow? Target(Func<ClearingRow, bool> extra)
            {
                var live = Live().Select(t => Key(t.Terminal, t.Rrn)).ToHashSet();
                var candidates = rows.Where(c => live.Contains(Key(c.Terminal, c.Rrn)) && !_used.Contains(Key(c.Terminal, c.Rrn)) && extra(c)).ToList();
                return candidates.Count == 0 ? null : Pick(candidates);
            }

            for (var i = Count(ExceptionKind.ApprovedNotCleared); i > 0; i--)
            {
                if (Target(c => c.BusinessDate.AddDays(1) < _w.AsOf) is { } c)
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
                    rows[rows.IndexOf(c)] = c with { Amount = c.Amount + _rng.Next(1, 500) };
                    Expect(ExceptionKind.ClearingAmountMismatch, c.Terminal, c.Rrn);
                }
            }

            var terminals = _merchantOfTerminal.Keys.Order(StringComparer.Ordinal).ToList();
            for (var i = Count(ExceptionKind.ClearedWithoutApproval); i > 0; i--)
            {
                var variant = _rng.Next(3);
                var declined = _w.Transactions.Where(t => t.Kind == "purchase" && !t.Approved && !_used.Contains(Key(t.Terminal, t.Rrn))).ToList();
                var livePurchases = Live().Where(t => t.Kind == "purchase" && !_used.Contains(Key(t.Terminal, t.Rrn))
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
                    row = new ClearingRow(NextClearingId(), "refund", t.Rrn, t.Terminal, t.Merchant, _rng.Next(1, 10_000), t.BusinessDate, t.BusinessDate.AddDays(1));
                }
                else
                {
                    var terminal = Pick(terminals);
                    var date = RandomDate();
                    row = new ClearingRow(NextClearingId(), "purchase", NextRrn(), terminal, _merchantOfTerminal[terminal], _rng.Next(1, 100_000), date, date.AddDays(1));
                }

                rows.Add(row);
                Expect(ExceptionKind.ClearedWithoutApproval, row.Terminal, row.Rrn);
            }

            _w.Clearing = rows;
            return rows;
        }

        // ---- settlement ----

        private TxnRow? Matched(ClearingRow c) =>
            _w.Transactions.FirstOrDefault(t => t.Terminal == c.Terminal && t.Rrn == c.Rrn && t.Kind == c.Kind);

        private void SettlementStage(List<ClearingRow> clearing)
        {
            var rows = new List<SettlementRow>();
            var due = new Dictionary<string, DateOnly>();
            var matchedIds = new HashSet<string>();
            foreach (var c in clearing.DistinctBy(c => c.ClearingId))
            {
                var t = Matched(c);
                var merchant = Merchant(t?.Merchant ?? c.Merchant);
                var dueDate = _calendar.SettlementDue(c.BusinessDate, merchant.SettleDays);
                due[c.ClearingId] = dueDate;
                if (t is not null)
                {
                    matchedIds.Add(c.ClearingId);
                }

                if (!(dueDate < _w.AsOf || Coin()))
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
                var candidates = rows.Where(s => counts[s.ClearingId] == 1 && !_used.Contains(Key(s.Terminal, s.Rrn)) && extra(s)).ToList();
                return candidates.Count == 0 ? null : Pick(candidates);
            }

            for (var i = Count(ExceptionKind.ClearedNotSettled); i > 0; i--)
            {
                var ids = clearing.GroupBy(c => c.ClearingId).Where(g => g.Select(c => Key(c.Terminal, c.Rrn)).Distinct().Count() == 1).Select(g => g.Key).ToHashSet();
                if (Target(s => ids.Contains(s.ClearingId) && due[s.ClearingId] < _w.AsOf) is { } s)
                {
                    rows.Remove(s);
                    Expect(ExceptionKind.ClearedNotSettled, s.Terminal, s.Rrn);
                }
            }

            for (var i = Count(ExceptionKind.FeeMismatch); i > 0; i--)
            {
                if (Target(s => matchedIds.Contains(s.ClearingId)) is { } s)
                {
                    var fee = s.Fee + _rng.Next(1, 50);
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
                    var late = _calendar.SettlementDue(s.ValueDate, _rng.Next(1, 3));
                    rows[rows.IndexOf(s)] = s with { ValueDate = late, PayoutId = PayoutId(s.Merchant, late) };
                    Expect(ExceptionKind.SettledLate, s.Terminal, s.Rrn);
                }
            }

            _w.Settlements = rows;
        }

        private static string PayoutId(string merchant, DateOnly date) => $"P-{merchant}-{date:yyyyMMdd}";

        // ---- bank statement ----

        private void StatementStage()
        {
            var payouts = _w.Settlements.GroupBy(s => s.PayoutId).Select(g => (Id: g.Key, Merchant: g.Select(s => s.Merchant).Min(StringComparer.Ordinal)!,
                Net: g.Sum(s => s.Net), Due: g.Max(s => s.ValueDate))).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
            var missing = new HashSet<string>();
            for (var i = Count(ExceptionKind.PayoutMissing); i > 0; i--)
            {
                var candidates = payouts.Where(p => p.Due < _w.AsOf && !missing.Contains(p.Id)).ToList();
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
                if (missing.Contains(p.Id) || !(p.Due < _w.AsOf || Coin()))
                {
                    continue;
                }

                if (_rng.Next(4) == 0)
                {
                    var part = _rng.Next(-1000, 1000);
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
                var hit = _w.Expected.Where(e => e.Kind == ExceptionKind.PayoutAmountMismatch).Select(e => e.Key1).ToHashSet();
                var candidates = rows.Where(r => !hit.Contains(r.PayoutId)).ToList();
                if (candidates.Count > 0)
                {
                    var r = Pick(candidates);
                    rows[rows.IndexOf(r)] = r with { Amount = r.Amount + (Coin() ? 1 : -_rng.Next(1, 10_000)) };
                    Expect(ExceptionKind.PayoutAmountMismatch, r.PayoutId);
                }
            }

            for (var i = Count(ExceptionKind.PayoutUnknown); i > 0; i--)
            {
                var r = new StatementRow(StatementId(), Coin() ? "PX-" + Next().ToString(CultureInfo.InvariantCulture) : "", Pick(_w.Merchants).Id, _rng.Next(-5000, 100_000), _start.AddDays(_rng.Next(0, _days)));
                rows.Add(r);
                Expect(ExceptionKind.PayoutUnknown, r.StatementId);
            }

            _w.Statements = rows;
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
                if (_rng.Next(5) >= 2)
                {
                    continue;
                }

                var purchases = g.Where(t => t.Kind == "purchase").ToList();
                var refunds = g.Where(t => t.Kind == "refund").ToList();
                var merchant = _merchantOfTerminal[g.Key.Terminal];
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

            var idle = _merchantOfTerminal.Keys.Order(StringComparer.Ordinal).First();
            var idleDay = _start.AddDays(_days + 40);
            rows.Add(new BatchRow(idle, _merchantOfTerminal[idle], idleDay, "000001", 0, 0, 0, 0));

            for (var i = Count(ExceptionKind.BatchOutOfBalance); i > 0; i--)
            {
                var hit = _w.Expected.Where(e => e.Kind == ExceptionKind.BatchOutOfBalance).Select(e => (e.Key1, e.Key2)).ToHashSet();
                var candidates = rows.Where(r => !hit.Contains((r.Terminal, Day(r.BusinessDate)))).ToList();
                if (candidates.Count == 0)
                {
                    continue;
                }

                var r = Pick(candidates);
                rows[rows.IndexOf(r)] = _rng.Next(4) switch
                {
                    0 => r with { DebitCount = r.DebitCount + 1 },
                    1 => r with { DebitAmount = r.DebitAmount + _rng.Next(1, 1000) },
                    2 => r with { CreditCount = r.CreditCount + 1, CreditAmount = r.CreditAmount + _rng.Next(1, 1000) },
                    _ => r.DebitCount > 0 ? r with { DebitCount = r.DebitCount - 1 } : r with { CreditAmount = r.CreditAmount + 7 },
                };
                Expect(ExceptionKind.BatchOutOfBalance, r.Terminal, Day(r.BusinessDate));
            }

            _w.Batches = rows;
        }

        private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // ---- ground truth for matched and pending ----

        private void Accounting()
        {
            var touchedKeys = _w.Expected.Where(e => e.Kind.Key() == ExceptionKey.Transaction).Select(e => Key(e.Key1, e.Key2)).ToHashSet();
            var touchedPayouts = _w.Expected.Where(e => e.Kind.Key() == ExceptionKey.Payout).Select(e => e.Key1).ToHashSet();
            var touchedDays = _w.Expected.Where(e => e.Kind == ExceptionKind.BatchOutOfBalance).Select(e => (e.Key1, e.Key2)).ToHashSet();
            var paid = _w.Statements.Select(s => s.PayoutId).ToHashSet();
            foreach (var t in Live())
            {
                _w.ExpectedLive++;
                var clearingIds = _w.Clearing.Where(c => c.Terminal == t.Terminal && c.Rrn == t.Rrn && c.Kind == t.Kind).Select(c => c.ClearingId).ToList();
                var payouts = _w.Settlements.Where(s => clearingIds.Contains(s.ClearingId)).Select(s => s.PayoutId).ToList();
                if (touchedKeys.Contains(Key(t.Terminal, t.Rrn)) || payouts.Any(touchedPayouts.Contains) || touchedDays.Contains((t.Terminal, Day(t.BusinessDate))))
                {
                    _w.ExpectedTouched++;
                }
                else if (clearingIds.Count == 1 && payouts.Count == 1 && paid.Contains(payouts[0]))
                {
                    _w.ExpectedMatched++;
                }
                else
                {
                    _w.ExpectedPending++;
                }
            }
        }
    }
}
