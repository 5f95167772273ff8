using System.Globalization;
using System.Text;

namespace PosSim.Benchmarks.Reconciliation;

/// <summary>
/// Writes a large, deterministic reconciliation file set for the benchmark: about <c>transactions</c> rows in
/// transactions.csv (purchases, refunds, declines, reversals, voids), clearing, settlement, bank statement and
/// terminal batches, with about 1% of live transactions broken in one of the ways the matcher detects.
/// Streams rows to disk (memory stays small), and caches the set under the temp folder by size and seed.
/// </summary>
public static class LargeWorld
{
    public static readonly DateOnly FirstDay = new(2026, 3, 2);
    public const int Days = 5;

    /// <summary>The as-of date the benchmark uses: everything in the set is due by then.</summary>
    public static DateOnly AsOf => FirstDay.AddDays(14);

    public static string Ensure(int transactions, int seed = 42)
    {
        var dir = Path.Combine(Path.GetTempPath(), "possim-recon-bench", $"recon-{transactions}-{seed}");
        if (File.Exists(Path.Combine(dir, "complete")))
        {
            return dir;
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        Generate(dir, transactions, seed);
        File.WriteAllText(Path.Combine(dir, "complete"), "");
        return dir;
    }

    private sealed class Out : IDisposable
    {
        private readonly StreamWriter _writer;

        public Out(string path, string header)
        {
            _writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
            _writer.Write(header);
            _writer.Write('\n');
        }

        public Out F(string s)
        {
            _writer.Write(s);
            _writer.Write(',');
            return this;
        }

        public Out F(long v)
        {
            Span<char> buf = stackalloc char[24];
            v.TryFormat(buf, out var n, default, CultureInfo.InvariantCulture);
            _writer.Write(buf[..n]);
            _writer.Write(',');
            return this;
        }

        public Out Digits(long v, int width)
        {
            Span<char> buf = stackalloc char[24];
            v.TryFormat(buf, out var n, width == 12 ? "D12" : width == 8 ? "D8" : "D6", CultureInfo.InvariantCulture);
            _writer.Write(buf[..n]);
            _writer.Write(',');
            return this;
        }

        public Out Pre(string prefix, long v, int width)
        {
            _writer.Write(prefix);
            return Digits(v, width);
        }

        public void End(string last)
        {
            _writer.Write(last);
            _writer.Write('\n');
        }

        public void Dispose() => _writer.Dispose();
    }

    private static string PayoutId(int merchant, DateOnly value) =>
        "P" + merchant.ToString("D8", CultureInfo.InvariantCulture) + "-" + value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Generate(string dir, int transactions, int seed)
    {
        var rng = new Random(seed);
        var merchants = Math.Max(10, transactions / 1000);
        var terminalsPerMerchant = 2;
        var terminals = merchants * terminalsPerMerchant;
        var cardBps = new int[merchants];
        var qrBps = new int[merchants];
        var settleDays = new int[merchants];
        var days = Enumerable.Range(0, Days).Select(i => FirstDay.AddDays(i)).ToArray();
        var dayText = days.Select(Day).ToArray();
        var holiday = FirstDay.AddDays(3);
        var calendar = new PosSim.Interchange.BusinessCalendar([holiday]);

        using (var m = new Out(Path.Combine(dir, "merchants.csv"), "merchant_id,settlement_account,mdr_card_bps,mdr_qr_bps,settle_days"))
        {
            for (var i = 0; i < merchants; i++)
            {
                cardBps[i] = 40 + rng.Next(0, 41);
                qrBps[i] = 20 + rng.Next(0, 21);
                settleDays[i] = rng.Next(0, 3);
                m.Pre("M", i, 8).Pre("6222", i, 12).F(cardBps[i]).F(qrBps[i]).End(settleDays[i].ToString(CultureInfo.InvariantCulture));
            }
        }

        File.WriteAllText(Path.Combine(dir, "holidays.csv"), $"date\n{Day(holiday)}\n");

        // Per terminal: the last live purchase (for refunds) and per (terminal, day) batch totals.
        var lastPurchaseRrn = new long[terminals];
        var lastPurchaseAmount = new long[terminals];
        var lastPurchaseRefunded = new long[terminals];
        Array.Fill(lastPurchaseRrn, -1);
        var batchDebitCount = new long[terminals * Days];
        var batchDebitAmount = new long[terminals * Days];
        var batchCreditCount = new long[terminals * Days];
        var batchCreditAmount = new long[terminals * Days];
        var payouts = new Dictionary<(int Merchant, DateOnly Value), long>();

        long rrnBase = 260_302_000_000;
        long txnNo = 0;
        long clearingNo = 0;
        using (var tx = new Out(Path.Combine(dir, "transactions.csv"),
                   "txn_id,kind,rrn,stan,terminal_id,merchant_id,channel,amount_minor,currency,response_code,auth_code,business_date,local_time,original_rrn"))
        using (var cl = new Out(Path.Combine(dir, "clearing.csv"),
                   "clearing_id,kind,rrn,terminal_id,merchant_id,auth_code,amount_minor,currency,business_date,clearing_date"))
        using (var st = new Out(Path.Combine(dir, "settlements.csv"),
                   "payout_id,clearing_id,rrn,terminal_id,merchant_id,gross_minor,fee_minor,net_minor,value_date"))
        {
            void Txn(string kind, long rrn, int terminal, string channel, long amount, string response, int day, int second, long originalRrn)
            {
                txnNo++;
                tx.Pre("TX", txnNo, 12).F(kind).Digits(rrn, 12).Digits(txnNo % 1_000_000, 6).Pre("T", terminal, 8)
                    .Pre("M", terminal / terminalsPerMerchant, 8).F(channel).F(amount).F("156").F(response)
                    .F(response == "00" ? "A" + (txnNo % 100_000).ToString("D5", CultureInfo.InvariantCulture) : "")
                    .F(dayText[day]);
                tx.F(dayText[day] + "T" + TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(second)).ToString("HH:mm:ss", CultureInfo.InvariantCulture));
                tx.End(originalRrn < 0 ? "" : originalRrn.ToString("D12", CultureInfo.InvariantCulture));
            }

            // Clears, settles and books into a payout; the break (if any) changes one step.
            void Process(string kind, long rrn, int terminal, string channel, long amount, int day, int breakKind)
            {
                var merchant = terminal / terminalsPerMerchant;
                if (breakKind == 1)
                {
                    return; // approved-not-cleared
                }

                var clearingId = ++clearingNo;
                var clearedAmount = breakKind == 2 ? amount + 1 : amount; // clearing-amount-mismatch
                var copies = breakKind == 3 ? 2 : 1; // duplicate-clearing
                for (var c = 0; c < copies; c++)
                {
                    cl.Pre("C", clearingId + (c * 1_000_000_000L), 12).F(kind).Digits(rrn, 12).Pre("T", terminal, 8).Pre("M", merchant, 8)
                        .F("A1").F(clearedAmount).F("156").F(dayText[day]).End(Day(days[day].AddDays(1)));
                }

                if (breakKind == 4)
                {
                    return; // cleared-not-settled
                }

                var gross = kind == "refund" ? -clearedAmount : clearedAmount;
                var bps = channel == "qr" ? qrBps[merchant] : cardBps[merchant];
                var fee = kind == "refund" ? 0 : ((Math.Abs(gross) * bps) + 5000) / 10000;
                if (breakKind == 5)
                {
                    fee += 1; // fee-mismatch
                }

                var value = calendar.SettlementDue(days[day], settleDays[merchant]);
                if (breakKind == 7)
                {
                    value = calendar.SettlementDue(value, 1); // settled-late
                }

                var settlements = breakKind == 6 ? 2 : 1; // duplicate-settlement
                for (var s = 0; s < settlements; s++)
                {
                    st.F(PayoutId(merchant, value)).Pre("C", clearingId, 12).Digits(rrn, 12).Pre("T", terminal, 8).Pre("M", merchant, 8)
                        .F(gross).F(fee).F(gross - fee).End(Day(value));
                    payouts[(merchant, value)] = payouts.GetValueOrDefault((merchant, value)) + gross - fee;
                }
            }

            for (var i = 0; i < transactions; i++)
            {
                var terminal = rng.Next(terminals);
                var day = rng.Next(Days);
                var second = rng.Next(0, 86_000);
                var rrn = rrnBase + i;
                var channel = rng.Next(3) == 0 ? "qr" : "card";
                var roll = rng.Next(1000);
                var breakKind = rng.Next(100) == 0 ? 1 + rng.Next(7) : 0;
                var batchSlot = (terminal * Days) + day;
                if (roll < 20)
                {
                    var amount = rng.Next(100, 500_000);
                    Txn("purchase", rrn, terminal, channel, amount, rng.Next(2) == 0 ? "05" : "51", day, second, -1);
                    if (breakKind != 0)
                    {
                        Process("purchase", rrn, terminal, channel, amount, day, 0); // cleared-without-approval
                    }
                }
                else if (roll < 35 && lastPurchaseRrn[terminal] >= 0 && lastPurchaseAmount[terminal] - lastPurchaseRefunded[terminal] > 1)
                {
                    var room = lastPurchaseAmount[terminal] - lastPurchaseRefunded[terminal];
                    var amount = breakKind != 0 && rng.Next(2) == 0 ? room + 1 : 1 + rng.NextInt64(room / 2);
                    var orphan = breakKind == 1 && rng.Next(2) == 0; // refund-without-original
                    Txn("refund", rrn, terminal, channel, amount, "00", day, second, orphan ? rrn + 900_000_000L : lastPurchaseRrn[terminal]);
                    lastPurchaseRefunded[terminal] += amount;
                    batchCreditCount[batchSlot]++;
                    batchCreditAmount[batchSlot] += amount;
                    Process("refund", rrn, terminal, channel, amount, day, amount > room ? 0 : breakKind);
                }
                else if (roll < 45)
                {
                    var amount = rng.Next(100, 500_000);
                    Txn("purchase", rrn, terminal, channel, amount, "00", day, second, -1);
                    Txn(roll < 40 ? "reversal" : "void", roll < 40 ? rrn : rrn + 500_000_000L, terminal, channel, amount, "00", day, Math.Min(second + 30, 86_399), rrn);
                    if (breakKind != 0)
                    {
                        Process("purchase", rrn, terminal, channel, amount, day, 0); // cleared-after-reversal
                    }
                }
                else
                {
                    var amount = rng.Next(100, 500_000);
                    Txn("purchase", rrn, terminal, channel, amount, "00", day, second, -1);
                    lastPurchaseRrn[terminal] = rrn;
                    lastPurchaseAmount[terminal] = amount;
                    lastPurchaseRefunded[terminal] = 0;
                    batchDebitCount[batchSlot]++;
                    batchDebitAmount[batchSlot] += amount;
                    Process("purchase", rrn, terminal, channel, amount, day, breakKind);
                }
            }
        }

        using (var p = new Out(Path.Combine(dir, "payouts.csv"), "statement_id,payout_id,merchant_id,amount_minor,value_date"))
        {
            long statement = 0;
            foreach (var ((merchant, value), net) in payouts.OrderBy(kv => kv.Key.Merchant).ThenBy(kv => kv.Key.Value))
            {
                var roll = rng.Next(500);
                if (roll == 0)
                {
                    continue; // payout-missing
                }

                p.Pre("S", ++statement, 12).F(PayoutId(merchant, value))
                    .Pre("M", merchant, 8).F(roll == 1 ? net - 100 : net).End(Day(value));
            }

            for (var i = 0; i < Math.Max(1, payouts.Count / 1000); i++)
            {
                p.Pre("S", ++statement, 12).F("PX" + i.ToString(CultureInfo.InvariantCulture)).Pre("M", i % merchants, 8).F(1234).End(Day(FirstDay));
            }
        }

        using (var b = new Out(Path.Combine(dir, "batches.csv"),
                   "terminal_id,merchant_id,business_date,batch_no,debit_count,debit_amount_minor,credit_count,credit_amount_minor"))
        {
            for (var t = 0; t < terminals; t++)
            {
                for (var d = 0; d < Days; d++)
                {
                    var slot = (t * Days) + d;
                    if (batchDebitCount[slot] + batchCreditCount[slot] == 0 || rng.Next(2) == 0)
                    {
                        continue;
                    }

                    var off = rng.Next(200) == 0 ? 1 : 0; // batch-out-of-balance
                    b.Pre("T", t, 8).Pre("M", t / terminalsPerMerchant, 8).F(dayText[d]).F("000001").F(batchDebitCount[slot] + off)
                        .F(batchDebitAmount[slot]).F(batchCreditCount[slot]).End(batchCreditAmount[slot].ToString(CultureInfo.InvariantCulture));
                }
            }
        }
    }
}
