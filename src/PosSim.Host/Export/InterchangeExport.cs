using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using Files = PosSim.Interchange.InterchangeFiles;

namespace PosSim.Host.Export;

/// <summary>
/// Writes a run as the interchange files of docs/interchange-files.md: every file with its header row, the
/// columns of <see cref="InterchangeFiles"/> in their order, and rows in a fixed order, so the same run gives the
/// same bytes. No card number appears: the switch log keeps none in clear, and none is exported.
/// </summary>
public static class InterchangeExport
{
    /// <summary>Writes the seven input files of what <paramref name="office"/> has done so far (all of it in memory) into <paramref name="folder"/>.</summary>
    public static void Write(string folder, BackOffice office)
    {
        ArgumentNullException.ThrowIfNull(office);
        Write(folder, office.Engine.Merchants, office.Switch.Tranlog, new ExportedClearing(office.Clearing.Records, office.Clearing.Records.Any(c => c.StandIn)),
            office.Engine.Details.Select(SettlementRow.Of), office.Engine.Statement.Rows, office.Switch.BatchReports, office.Calendar.Holidays);
    }

    /// <summary>Writes all seven files into <paramref name="folder"/> (created if missing), replacing earlier ones. Each list is read once, in order.</summary>
    public static void Write(
        string folder,
        IEnumerable<MerchantAgreement> merchants,
        IEnumerable<TranlogEntry> tranlog,
        ExportedClearing clearing,
        IEnumerable<SettlementRow> settlements,
        IEnumerable<StatementRow> statement,
        IReadOnlyList<BatchReport> batches,
        IReadOnlyList<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(clearing);
        Directory.CreateDirectory(folder);
        WriteFile(folder, Files.Merchants.Name, w => WriteMerchants(w, merchants));
        WriteFile(folder, Files.Transactions.Name, w => WriteTransactions(w, tranlog));
        WriteFile(folder, Files.Clearing.Name, w => WriteClearing(w, clearing.Records, clearing.AnyStandIn));
        WriteFile(folder, Files.Settlements.Name, w => WriteSettlements(w, settlements));
        WriteFile(folder, Files.Payouts.Name, w => WritePayouts(w, statement));
        WriteFile(folder, Files.Batches.Name, w => WriteBatches(w, batches));
        WriteFile(folder, Files.Holidays.Name, w => WriteHolidays(w, holidays));
    }

    /// <summary>merchants.csv, by merchant_id (ordinal).</summary>
    public static void WriteMerchants(TextWriter writer, IEnumerable<MerchantAgreement> merchants)
    {
        var csv = new CsvWriter(writer).Header(Files.Merchants.Columns);
        foreach (var m in merchants.OrderBy(m => m.MerchantId, StringComparer.Ordinal))
        {
            csv.Cell(m.MerchantId).Cell(m.SettlementAccount).Cell(m.MdrCardBps).Cell(m.MdrQrBps).Cell(m.ContractSettleDays).EndRow();
        }
    }

    /// <summary>transactions.csv: the switch log, one row per financial request, in arrival order (txn_id).</summary>
    public static void WriteTransactions(TextWriter writer, IEnumerable<TranlogEntry> tranlog)
    {
        var csv = new CsvWriter(writer).Header(Files.Transactions.Columns);
        foreach (var e in tranlog)
        {
            csv.Cell(e.TxnId).Cell(KindName(e.Kind)).Cell(e.Rrn).Cell(e.Stan).Cell(e.TerminalId).Cell(e.MerchantId).Cell(e.Channel)
                .Cell(e.AmountMinor).Cell(e.Currency.ToString()).Cell(e.ResponseCode).Cell(e.AuthCode).Cell(e.BusinessDate).Cell(e.LocalTime)
                .Cell(e.OriginalRrn).EndRow();
        }
    }

    /// <summary>clearing.csv, in the order the presentments were sent.</summary>
    public static void WriteClearing(TextWriter writer, IReadOnlyList<ClearingRecord> clearing)
    {
        ArgumentNullException.ThrowIfNull(clearing);
        WriteClearing(writer, clearing, clearing.Any(c => c.StandIn));
    }

    /// <summary>clearing.csv from presentments read once, in the order sent; <paramref name="standIn"/>: whether any was paid under a stand-in policy.</summary>
    public static void WriteClearing(TextWriter writer, IEnumerable<ClearingRecord> clearing, bool standIn)
    {
        // The authorisation column is added only when something was paid under a stand-in policy: files of runs
        // without one stay exactly as version 1 wrote them.
        var csv = new CsvWriter(writer).Header(standIn ? Files.Clearing.ColumnsWithAuthorisation : Files.Clearing.Columns);
        foreach (var c in clearing)
        {
            csv.Cell(c.ClearingId).Cell(c.Kind == ClearingKind.Purchase ? Files.TransactionKinds.Purchase : Files.TransactionKinds.Refund).Cell(c.Rrn).Cell(c.TerminalId).Cell(c.MerchantId)
                .Cell(c.AuthCode).Cell(c.AmountMinor).Cell(c.Currency.ToString()).Cell(c.BusinessDate).Cell(c.ClearingDate);
            if (standIn)
            {
                csv.Cell(c.StandIn ? Files.Clearing.AuthorisedByStandIn : Files.Clearing.AuthorisedByIssuer);
            }

            csv.EndRow();
        }
    }

    /// <summary>settlements.csv, in the order the rows were paid out; value_date is their payout's.</summary>
    public static void WriteSettlements(TextWriter writer, IEnumerable<SettlementRow> settlements)
    {
        var csv = new CsvWriter(writer).Header(Files.Settlements.Columns);
        foreach (var s in settlements)
        {
            csv.Cell(s.PayoutId).Cell(s.ClearingId).Cell(s.Rrn).Cell(s.TerminalId).Cell(s.MerchantId)
                .Cell(s.GrossMinor).Cell(s.FeeMinor).Cell(s.NetMinor).Cell(s.ValueDate).EndRow();
        }
    }

    /// <summary>payouts.csv: the bank statement, in booking order.</summary>
    public static void WritePayouts(TextWriter writer, IEnumerable<StatementRow> statement)
    {
        var csv = new CsvWriter(writer).Header(Files.Payouts.Columns);
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
        var csv = new CsvWriter(writer).Header(Files.Batches.Columns);
        foreach (var b in LatestBatches(batches))
        {
            csv.Cell(b.TerminalId).Cell(b.MerchantId).Cell(b.BusinessDate).Cell(b.BatchNumber).Cell(b.DebitCount).Cell(b.DebitAmountMinor)
                .Cell(b.CreditCount).Cell(b.CreditAmountMinor).EndRow();
        }
    }

    /// <summary>The batch reports batches.csv carries: of several closes of one batch, the last, in the order received.</summary>
    public static IEnumerable<BatchReport> LatestBatches(IReadOnlyList<BatchReport> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var latest = new Dictionary<(string Terminal, int Batch), int>();
        for (var i = 0; i < batches.Count; i++)
        {
            latest[(batches[i].TerminalId, batches[i].BatchNumber)] = i;
        }

        for (var i = 0; i < batches.Count; i++)
        {
            if (latest[(batches[i].TerminalId, batches[i].BatchNumber)] == i)
            {
                yield return batches[i];
            }
        }
    }

    /// <summary>holidays.csv, in date order.</summary>
    public static void WriteHolidays(TextWriter writer, IReadOnlyList<DateOnly> holidays)
    {
        var csv = new CsvWriter(writer).Header(Files.Holidays.Columns);
        foreach (var d in holidays.Order())
        {
            csv.Cell(d).EndRow();
        }
    }

    public static string KindName(TransactionKind kind) => kind switch
    {
        TransactionKind.Purchase => Files.TransactionKinds.Purchase,
        TransactionKind.Refund => Files.TransactionKinds.Refund,
        TransactionKind.Reversal => Files.TransactionKinds.Reversal,
        TransactionKind.Void => Files.TransactionKinds.Void,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void WriteFile(string folder, string name, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(Path.Combine(folder, name), append: false, CsvWriter.Utf8, 1 << 16);
        write(writer);
    }
}

/// <summary>Presentments to export, and whether any was paid under a stand-in policy (known before the first is read).</summary>
public sealed record ExportedClearing(IEnumerable<ClearingRecord> Records, bool AnyStandIn);

/// <summary>One row of settlements.csv, as the back office made it or as its store kept it.</summary>
public sealed record SettlementRow(string PayoutId, string ClearingId, string Rrn, string TerminalId, string MerchantId, long GrossMinor, long FeeMinor,
    long NetMinor, DateOnly ValueDate)
{
    public static SettlementRow Of(SettlementDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return new(detail.PayoutId, detail.ClearingId, detail.Rrn, detail.TerminalId, detail.MerchantId, detail.GrossMinor, detail.FeeMinor, detail.NetMinor, detail.ValueDate);
    }
}
