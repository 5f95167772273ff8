using System.Globalization;
using System.Text;

namespace PosSim.Reconciliation.Tests.World;

/// <summary>A generated set of input files and what the engine must find in them.</summary>
public sealed class GeneratedWorld
{
    public List<MerchantRow> Merchants { get; } = [];

    public List<DateOnly> Holidays { get; set; } = [];

    public List<TxnRow> Transactions { get; } = [];

    public List<ClearingRow> Clearing { get; set; } = [];

    public List<SettlementRow> Settlements { get; set; } = [];

    public List<StatementRow> Statements { get; set; } = [];

    public List<BatchRow> Batches { get; set; } = [];

    /// <summary>adjustments.csv; null: the file is not written.</summary>
    public List<AdjustmentRow>? Adjustments { get; set; }

    public DateOnly AsOf { get; set; }

    /// <summary>Exactly the exceptions the injected breaks must produce.</summary>
    public HashSet<InjectedBreak> Expected { get; } = [];

    /// <summary>The breaks that found a target and were injected.</summary>
    public List<ExceptionKind> Injected { get; } = [];

    public long ExpectedLive { get; set; }

    public long ExpectedMatched { get; set; }

    public long ExpectedPending { get; set; }

    public long ExpectedTouched { get; set; }

    /// <summary>
    /// Writes the files. With a <paramref name="shuffle"/> generator, rows of every file are shuffled, columns
    /// are put in a random order and an unknown column with quoted text is added: none of it may change the result.
    /// </summary>
    public void Write(string dir, Random? shuffle = null)
    {
        Directory.CreateDirectory(dir);
        var inv = CultureInfo.InvariantCulture;
        static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        WriteCsv(dir, "merchants.csv", ["merchant_id", "settlement_account", "mdr_card_bps", "mdr_qr_bps", "settle_days"],
            Merchants.Select(m => new[] { m.Id, m.Account, m.CardBps.ToString(inv), m.QrBps.ToString(inv), m.SettleDays.ToString(inv) }), shuffle);
        WriteCsv(dir, "holidays.csv", ["date"], Holidays.Select(h => new[] { D(h) }), shuffle);
        WriteCsv(dir, "transactions.csv",
            ["txn_id", "kind", "rrn", "stan", "terminal_id", "merchant_id", "channel", "amount_minor", "currency", "response_code", "auth_code", "business_date", "local_time", "original_rrn"],
            Transactions.Select(t => new[]
            {
                t.TxnId, t.Kind, t.Rrn, t.Stan, t.Terminal, t.Merchant, t.Channel, t.Amount.ToString(inv), "156", t.Response,
                t.Approved ? "A" + t.Stan : "", D(t.BusinessDate), t.LocalTime.ToString("yyyy-MM-ddTHH:mm:ss", inv), t.OriginalRrn,
            }), shuffle);
        WriteCsv(dir, "clearing.csv",
            ["clearing_id", "kind", "rrn", "terminal_id", "merchant_id", "auth_code", "amount_minor", "currency", "business_date", "clearing_date"],
            Clearing.Select(c => new[] { c.ClearingId, c.Kind, c.Rrn, c.Terminal, c.Merchant, "", c.Amount.ToString(inv), "156", D(c.BusinessDate), D(c.ClearingDate) }), shuffle);
        WriteCsv(dir, "settlements.csv",
            ["payout_id", "clearing_id", "rrn", "terminal_id", "merchant_id", "gross_minor", "fee_minor", "net_minor", "value_date"],
            Settlements.Select(s => new[] { s.PayoutId, s.ClearingId, s.Rrn, s.Terminal, s.Merchant, s.Gross.ToString(inv), s.Fee.ToString(inv), s.Net.ToString(inv), D(s.ValueDate) }), shuffle);
        WriteCsv(dir, "payouts.csv", ["statement_id", "payout_id", "merchant_id", "amount_minor", "value_date"],
            Statements.Select(s => new[] { s.StatementId, s.PayoutId, s.Merchant, s.Amount.ToString(inv), D(s.ValueDate) }), shuffle);
        WriteCsv(dir, "batches.csv",
            ["terminal_id", "merchant_id", "business_date", "batch_no", "debit_count", "debit_amount_minor", "credit_count", "credit_amount_minor"],
            Batches.Select(b => new[]
            {
                b.Terminal, b.Merchant, D(b.BusinessDate), b.BatchNo, b.DebitCount.ToString(inv), b.DebitAmount.ToString(inv), b.CreditCount.ToString(inv), b.CreditAmount.ToString(inv),
            }), shuffle);
        if (Adjustments is not null)
        {
            WriteCsv(dir, "adjustments.csv",
                ["case_id", "way_back", "terminal_id", "rrn", "amount_minor", "currency", "executed_at", "message_rrn", "clearing_id", "payout_id"],
                Adjustments.Select(a => new[]
                {
                    a.CaseId.ToString(inv), a.WayBack, a.Terminal, a.Rrn, a.Amount.ToString(inv), "156", a.ExecutedAt.ToString("yyyy-MM-ddTHH:mm:ss", inv),
                    a.MessageRrn, a.ClearingId, a.PayoutId,
                }), shuffle);
        }
    }

    /// <summary>The same files (rows are records, so sharing them is safe); the expectations are not copied.</summary>
    public GeneratedWorld Copy()
    {
        var copy = new GeneratedWorld
        {
            Holidays = [.. Holidays],
            Clearing = [.. Clearing],
            Settlements = [.. Settlements],
            Statements = [.. Statements],
            Batches = [.. Batches],
            AsOf = AsOf,
            Adjustments = Adjustments is null ? null : [.. Adjustments],
        };
        copy.Merchants.AddRange(Merchants);
        copy.Transactions.AddRange(Transactions);
        return copy;
    }

    public static void WriteCsv(string dir, string name, string[] header, IEnumerable<string[]> rows, Random? shuffle)
    {
        var list = rows.ToList();
        var order = Enumerable.Range(0, header.Length).ToArray();
        var extra = false;
        if (shuffle is not null)
        {
            var array = list.ToArray();
            shuffle.Shuffle(array);
            list = [.. array];
            shuffle.Shuffle(order);
            extra = true;
        }

        var sb = new StringBuilder();
        var cells = order.Select(i => header[i]).ToList();
        if (extra)
        {
            cells.Insert(shuffle!.Next(cells.Count + 1), "remark");
        }

        sb.Append(string.Join(',', cells.Select(Quote))).Append(shuffle is not null && shuffle.Next(2) == 0 ? "\r\n" : "\n");
        var remarkAt = extra ? cells.IndexOf("remark") : -1;
        var n = 0;
        foreach (var row in list)
        {
            var values = order.Select(i => row[i]).ToList();
            if (extra)
            {
                values.Insert(remarkAt, (n++ % 3) switch { 0 => "", 1 => "said \"hello\", then left", _ => "two\nlines" });
            }

            sb.Append(string.Join(',', values.Select(Quote))).Append('\n');
        }

        File.WriteAllText(Path.Combine(dir, name), sb.ToString(), new UTF8Encoding(false));
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
