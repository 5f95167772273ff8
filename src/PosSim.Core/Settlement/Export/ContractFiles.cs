using PosSim.Core.Switch;
using PosSim.Reconciliation;

namespace PosSim.Core.Settlement.Export;

/// <summary>
/// Writes a run as the input files of contracts/reconciliation-files.md (version 1): every file with its header
/// row, the contract's columns in the contract's order, and rows in a fixed order, so the same run gives the
/// same bytes. No card number appears: the switch log keeps none in clear, and none is exported.
/// </summary>
public static class ContractFiles
{
    /// <summary>Writes all seven files into <paramref name="folder"/> (created if missing), replacing earlier ones.</summary>
    public static void Write(
        string folder,
        IEnumerable<MerchantAgreement> merchants,
        IReadOnlyList<TranlogEntry> tranlog,
        IReadOnlyList<ClearingRecord> clearing,
        IReadOnlyList<SettlementDetail> settlements,
        IReadOnlyList<StatementRow> statement,
        IReadOnlyList<BatchReport> batches,
        IReadOnlyList<DateOnly> holidays)
    {
        Directory.CreateDirectory(folder);
        WriteFile(folder, Matcher.MerchantsFile, w => WriteMerchants(w, merchants));
        WriteFile(folder, Matcher.TransactionsFile, w => WriteTransactions(w, tranlog));
        WriteFile(folder, Matcher.ClearingFile, w => WriteClearing(w, clearing));
        WriteFile(folder, Matcher.SettlementsFile, w => WriteSettlements(w, settlements));
        WriteFile(folder, Matcher.PayoutsFile, w => WritePayouts(w, statement));
        WriteFile(folder, Matcher.BatchesFile, w => WriteBatches(w, batches));
        WriteFile(folder, Matcher.HolidaysFile, w => WriteHolidays(w, holidays));
    }

    /// <summary>merchants.csv, by merchant_id (ordinal).</summary>
    public static void WriteMerchants(TextWriter writer, IEnumerable<MerchantAgreement> merchants)
    {
        var csv = new CsvWriter(writer).Header("merchant_id", "settlement_account", "mdr_card_bps", "mdr_qr_bps", "settle_days");
        foreach (var m in merchants.OrderBy(m => m.MerchantId, StringComparer.Ordinal))
        {
            csv.Cell(m.MerchantId).Cell(m.SettlementAccount).Cell(m.MdrCardBps).Cell(m.MdrQrBps).Cell(m.ContractSettleDays).EndRow();
        }
    }

    /// <summary>transactions.csv: the switch log, one row per financial request, in arrival order (txn_id).</summary>
    public static void WriteTransactions(TextWriter writer, IReadOnlyList<TranlogEntry> tranlog)
    {
        var csv = new CsvWriter(writer).Header(
            "txn_id", "kind", "rrn", "stan", "terminal_id", "merchant_id", "channel", "amount_minor", "currency",
            "response_code", "auth_code", "business_date", "local_time", "original_rrn");
        foreach (var e in tranlog)
        {
            csv.Cell(e.TxnId).Cell(KindName(e.Kind)).Cell(e.Rrn).Cell(e.Stan).Cell(e.TerminalId).Cell(e.MerchantId).Cell(e.Channel)
                .Cell(e.AmountMinor).Cell(e.Currency).Cell(e.ResponseCode).Cell(e.AuthCode).Cell(e.BusinessDate).Cell(e.LocalTime)
                .Cell(e.OriginalRrn).EndRow();
        }
    }

    /// <summary>clearing.csv, in the order the presentments were sent.</summary>
    public static void WriteClearing(TextWriter writer, IReadOnlyList<ClearingRecord> clearing)
    {
        var csv = new CsvWriter(writer).Header(
            "clearing_id", "kind", "rrn", "terminal_id", "merchant_id", "auth_code", "amount_minor", "currency", "business_date", "clearing_date");
        foreach (var c in clearing)
        {
            csv.Cell(c.ClearingId).Cell(c.Kind == ClearingKind.Purchase ? "purchase" : "refund").Cell(c.Rrn).Cell(c.TerminalId).Cell(c.MerchantId)
                .Cell(c.AuthCode).Cell(c.AmountMinor).Cell(c.Currency).Cell(c.BusinessDate).Cell(c.ClearingDate).EndRow();
        }
    }

    /// <summary>settlements.csv, in the order the rows were paid out; value_date is their payout's.</summary>
    public static void WriteSettlements(TextWriter writer, IReadOnlyList<SettlementDetail> settlements)
    {
        var csv = new CsvWriter(writer).Header(
            "payout_id", "clearing_id", "rrn", "terminal_id", "merchant_id", "gross_minor", "fee_minor", "net_minor", "value_date");
        foreach (var s in settlements)
        {
            csv.Cell(s.PayoutId).Cell(s.ClearingId).Cell(s.Rrn).Cell(s.TerminalId).Cell(s.MerchantId)
                .Cell(s.GrossMinor).Cell(s.FeeMinor).Cell(s.NetMinor).Cell(s.ValueDate).EndRow();
        }
    }

    /// <summary>payouts.csv: the bank statement, in booking order.</summary>
    public static void WritePayouts(TextWriter writer, IReadOnlyList<StatementRow> statement)
    {
        var csv = new CsvWriter(writer).Header("statement_id", "payout_id", "merchant_id", "amount_minor", "value_date");
        foreach (var r in statement)
        {
            csv.Cell(r.StatementId).Cell(r.PayoutId).Cell(r.MerchantId).Cell(r.AmountMinor).Cell(r.ValueDate).EndRow();
        }
    }

    /// <summary>
    /// batches.csv: each batch's totals as the terminal last reported them. An out-of-balance 0500 leaves the batch
    /// open and the terminal reports it again, so only the latest report of a (terminal, batch) counts; the matcher
    /// adds up the rows of a terminal-day, and an earlier report would count its sales twice.
    /// </summary>
    public static void WriteBatches(TextWriter writer, IReadOnlyList<BatchReport> batches)
    {
        var latest = new Dictionary<(string Terminal, int Batch), int>();
        for (var i = 0; i < batches.Count; i++)
        {
            latest[(batches[i].TerminalId, batches[i].BatchNumber)] = i;
        }

        var csv = new CsvWriter(writer).Header(
            "terminal_id", "merchant_id", "business_date", "batch_no", "debit_count", "debit_amount_minor", "credit_count", "credit_amount_minor");
        for (var i = 0; i < batches.Count; i++)
        {
            var b = batches[i];
            if (latest[(b.TerminalId, b.BatchNumber)] != i)
            {
                continue;
            }

            csv.Cell(b.TerminalId).Cell(b.MerchantId).Cell(b.BusinessDate).Cell(b.BatchNumber).Cell(b.DebitCount).Cell(b.DebitAmountMinor)
                .Cell(b.CreditCount).Cell(b.CreditAmountMinor).EndRow();
        }
    }

    /// <summary>holidays.csv, in date order.</summary>
    public static void WriteHolidays(TextWriter writer, IReadOnlyList<DateOnly> holidays)
    {
        var csv = new CsvWriter(writer).Header("date");
        foreach (var d in holidays.Order())
        {
            csv.Cell(d).EndRow();
        }
    }

    public static string KindName(TransactionKind kind) => kind switch
    {
        TransactionKind.Purchase => "purchase",
        TransactionKind.Refund => "refund",
        TransactionKind.Reversal => "reversal",
        TransactionKind.Void => "void",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void WriteFile(string folder, string name, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(Path.Combine(folder, name), append: false, CsvWriter.Utf8, 1 << 16);
        write(writer);
    }
}
