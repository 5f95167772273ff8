using PosSim.Core.Settlement;
using PosSim.Simulation.Settlement;
using PosSim.Host.Export;
using PosSim.Core.Switch;
using PosSim.Reconciliation;
using PosSim.Tests.Shared;

namespace PosSim.Core.Tests.Settlement;

/// <summary>The exported files are those of docs/interchange-files.md, byte for byte where it says so, and say nothing about cards.</summary>
public class ContractFilesTests
{
    private static readonly DateOnly Mon = SettlementWorld.Monday;

    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal)
    {
        ["merchants.csv"] = "merchant_id,settlement_account,mdr_card_bps,mdr_qr_bps,settle_days",
        ["transactions.csv"] = "txn_id,kind,rrn,stan,terminal_id,merchant_id,channel,amount_minor,currency,response_code,auth_code,business_date,local_time,original_rrn",
        ["clearing.csv"] = "clearing_id,kind,rrn,terminal_id,merchant_id,auth_code,amount_minor,currency,business_date,clearing_date",
        ["settlements.csv"] = "payout_id,clearing_id,rrn,terminal_id,merchant_id,gross_minor,fee_minor,net_minor,value_date",
        ["payouts.csv"] = "statement_id,payout_id,merchant_id,amount_minor,value_date",
        ["batches.csv"] = "terminal_id,merchant_id,business_date,batch_no,debit_count,debit_amount_minor,credit_count,credit_amount_minor",
        ["holidays.csv"] = "date",
    };

    private static DateTime At(DateOnly date, int h, int m = 0, int s = 0) => date.ToDateTime(new TimeOnly(h, m, s));

    /// <summary>A small week: sales, a refund, a void, a reversal, a decline, batches closed each evening.</summary>
    private static SettlementWorld Week(IEnumerable<MerchantAgreement>? merchants = null)
    {
        var w = new SettlementWorld(At(Mon, 9), merchants, new BusinessCalendar([Mon.AddDays(2)]));
        var t1 = w.Terminals[0];
        var t3 = w.Terminals[2];
        w.AdvanceTo(At(Mon, 10, 15, 30));
        var sale = w.Purchase(t1, 35_000).Entry!;
        w.Purchase(t3, 12_345);
        var voided = w.Purchase(t1, 500).Entry!;
        w.Void(voided);
        var reversed = w.Purchase(t3, 700).Entry!;
        w.Reverse(reversed);
        w.Purchase(t1, 800, pan: "4761739001010135");
        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();
        w.AdvanceTo(At(Mon.AddDays(1), 11));
        w.Refund(sale, 5_000);
        w.AdvanceTo(At(Mon.AddDays(1), 22));
        w.CloseBatches();
        w.RunThrough(Mon.AddDays(4));
        return w;
    }

    [Fact]
    public void Every_file_has_the_contract_header_and_lf_line_ends_without_bom()
    {
        var w = Week();
        using var folder = w.Export();
        foreach (var (file, header) in Headers)
        {
            var bytes = File.ReadAllBytes(folder.Sub(file));
            Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), file);
            var text = CsvWriter.Utf8.GetString(bytes);
            Assert.DoesNotContain('\r', text);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            Assert.Equal(header, text.Split('\n')[0]);
        }
    }

    [Fact]
    public void Rows_say_what_happened()
    {
        var w = Week();
        using var folder = w.Export();
        string[] Lines(string file) => File.ReadAllText(folder.Sub(file)).TrimEnd('\n').Split('\n')[1..];

        var log = w.Switch.Tranlog;
        var transactions = Lines("transactions.csv");
        Assert.Equal(log.Count, transactions.Length);
        var sale = log[0];
        Assert.Equal($"1,purchase,{sale.Rrn},1,T0000001,M001,card,35000,156,00,{sale.AuthCode},2026-03-02,2026-03-02T10:15:30,", transactions[0]);
        Assert.Contains(transactions, l => l.StartsWith($"{log.First(e => e.Kind == TransactionKind.Void).TxnId},void,", StringComparison.Ordinal) && l.EndsWith("," + log[2].Rrn, StringComparison.Ordinal));
        Assert.Contains(transactions, l => l.Contains(",reversal,", StringComparison.Ordinal) && l.EndsWith("," + log.First(e => e.AmountMinor == 700).Rrn, StringComparison.Ordinal));
        Assert.Contains(transactions, l => l.Contains(",purchase,", StringComparison.Ordinal) && l.Contains(",800,156,14,,", StringComparison.Ordinal));
        var refund = log.First(e => e.Kind == TransactionKind.Refund);
        Assert.Contains($"{refund.TxnId},refund,{refund.Rrn},", transactions.Single(l => l.Contains(",refund,", StringComparison.Ordinal)), StringComparison.Ordinal);

        Assert.Equal(["M001,SA-M001,60,38,1", "M002,SA-M002,60,38,1"], Lines("merchants.csv"));
        Assert.Equal(["2026-03-04"], Lines("holidays.csv"));

        var clearing = Lines("clearing.csv");
        Assert.Equal(3, clearing.Length); // two sales and the refund
        Assert.Equal($"C20260302-000001,purchase,{sale.Rrn},T0000001,M001,{sale.AuthCode},35000,156,2026-03-02,2026-03-02", clearing[0]);
        Assert.StartsWith("C20260303-000003,refund,", clearing[2], StringComparison.Ordinal);

        // Monday's sales are paid Tuesday; Tuesday's refund on Thursday (Wednesday is a holiday).
        Assert.Equal(
        [
            $"P-M001-20260303-1,C20260302-000001,{sale.Rrn},T0000001,M001,35000,210,34790,2026-03-03",
            $"P-M002-20260303-1,C20260302-000002,{log[1].Rrn},T0000003,M002,12345,74,12271,2026-03-03",
            $"P-M001-20260305-1,C20260303-000003,{refund.Rrn},T0000001,M001,-5000,0,-5000,2026-03-05",
        ], Lines("settlements.csv"));
        Assert.Equal(
        [
            "S20260303-000001,P-M001-20260303-1,M001,34790,2026-03-03",
            "S20260303-000002,P-M002-20260303-1,M002,12271,2026-03-03",
            "S20260305-000003,P-M001-20260305-1,M001,-5000,2026-03-05",
        ], Lines("payouts.csv"));

        var batches = Lines("batches.csv");
        Assert.Contains("T0000001,M001,2026-03-02,1,1,35000,0,0", batches);
        Assert.Contains("T0000003,M002,2026-03-02,1,1,12345,0,0", batches);
        Assert.Contains("T0000001,M001,2026-03-03,2,0,0,1,5000", batches);
    }

    [Fact]
    public void No_card_number_appears_in_any_file()
    {
        var w = Week();
        using var folder = w.Export();
        foreach (var file in Directory.GetFiles(folder.Path))
        {
            var text = File.ReadAllText(file);
            foreach (var pan in new[] { SettlementWorld.Card, SettlementWorld.OtherCard, "4761739001010135" })
            {
                Assert.DoesNotContain(pan, text, StringComparison.Ordinal);
                Assert.DoesNotContain(pan[6..^4], text, StringComparison.Ordinal); // not even the hidden middle digits
            }
        }
    }

    [Fact]
    public void The_same_run_gives_the_same_bytes()
    {
        using var a = Week().Export();
        using var b = Week().Export();
        foreach (var file in Headers.Keys)
        {
            Assert.Equal(File.ReadAllBytes(a.Sub(file)), File.ReadAllBytes(b.Sub(file)));
        }
    }

    [Fact]
    public void Cells_are_quoted_as_rfc_4180_says_and_only_when_needed()
    {
        var writer = new StringWriter();
        InterchangeExport.WriteMerchants(writer,
        [
            new MerchantAgreement("M002") { SettlementAccount = "plain" },
            new MerchantAgreement("M001") { SettlementAccount = "ACME, \"Shanghai\"\nbranch" },
        ]);
        Assert.Equal(
            "merchant_id,settlement_account,mdr_card_bps,mdr_qr_bps,settle_days\n" +
            "M001,\"ACME, \"\"Shanghai\"\"\nbranch\",60,38,1\n" +
            "M002,plain,60,38,1\n",
            writer.ToString());
    }

    [Fact]
    public void An_instant_merchant_is_exported_with_settle_days_zero()
    {
        var writer = new StringWriter();
        InterchangeExport.WriteMerchants(writer, [new MerchantAgreement("M001") { SettleDays = 2, Instant = new InstantSettlement(new TimeOnly(0, 0), new TimeOnly(23, 59), 1) }]);
        Assert.EndsWith("M001,SA-M001,60,38,0\n", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_last_report_of_a_batch_is_exported()
    {
        var w = new SettlementWorld(At(Mon, 10));
        w.Purchase(w.Terminals[0], 1_000);
        var wrong = w.TerminalOf(w.Terminals[0]).BatchTotals(debitCount: 5, debitAmountMinor: 0, creditCount: 0, creditAmountMinor: 0, w.LocalTime);
        w.Acquirer.Submit(1_000, wrong); // out of balance: the batch stays open
        w.CloseBatches();
        Assert.Equal(5, w.Switch.BatchReports.Count); // the wrong one, then all four terminals

        var writer = new StringWriter();
        InterchangeExport.WriteBatches(writer, w.Switch.BatchReports);
        var lines = writer.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(1 + 4, lines.Length);
        Assert.Equal("T0000001,M001,2026-03-02,1,1,1000,0,0", lines[1]);
    }

    [Fact]
    public void A_clean_week_reconciles_without_a_single_exception()
    {
        var w = Week();
        var result = w.Match(Mon.AddDays(5));
        Assert.Empty(result.Exceptions);
        Assert.Equal(3, result.Live);
        Assert.Equal(result.Live, result.Matched);
        Assert.Equal(0, result.Pending);
        Assert.Empty(GroundTruth.ExpectedFindings(w.BackOffice, Mon.AddDays(5)));
        Assert.Empty(w.BackOffice.Incidents.Items);
    }
}
