namespace PosSim.Reconciliation.Tests;

/// <summary>Bad input is an error naming file, physical line and column, and nothing is written.</summary>
public class InputErrorTests
{
    private static ReconciliationInputException Fails(InputFolder f, string? file = null, string? content = null)
    {
        f.Write();
        if (file is not null)
        {
            File.WriteAllText(f.File(file), content);
        }

        return Assert.Throws<ReconciliationInputException>(() => Matcher.Run(f.Path, f.Out));
    }

    private static void At(ReconciliationInputException e, string file, long line, int column, string words)
    {
        Assert.EndsWith(file, e.File, StringComparison.Ordinal);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(words, e.Problem, StringComparison.Ordinal);
        Assert.StartsWith(e.File + " line " + line + ", column " + column + ": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_amount_names_its_line_and_column_and_nothing_is_written()
    {
        using var f = new InputFolder().Merchant("M1").Txn("purchase", "000000000001", 1, "2026-03-02");
        var e = Fails(f, "transactions.csv", InputFolder.TransactionsHeader + "\nX1,purchase,000000000001,1,T1,M1,card,12.50,156,00,,2026-03-02,2026-03-02T10:00:00,\n");
        At(e, "transactions.csv", 2, 8, "amount_minor '12.50' is not a whole number");
        Assert.False(Directory.Exists(f.Out));
    }

    [Fact]
    public void Lines_are_physical_so_a_quoted_newline_counts()
    {
        using var f = new InputFolder();
        var e = Fails(f, "merchants.csv", InputFolder.MerchantsHeader + "\n\"M\n1\",acc,60,38,1\nM2,acc,60,38,x\n");
        At(e, "merchants.csv", 4, 5, "settle_days 'x'");
    }

    [Theory]
    [InlineData("M1,acc,60,38,1,extra\n", 2, 6, "more fields than the header")]
    [InlineData("M1,acc,60\n", 2, 4, "the row has 3 fields but the header has 5")]
    [InlineData("M1,\"acc,60,38,1\n", 2, 2, "quoted field is not closed")]
    [InlineData("M1,a\"cc,60,38,1\n", 2, 2, "a quote inside an unquoted field")]
    [InlineData("M1,\"acc\"x,60,38,1\n", 2, 2, "after the closing quote")]
    [InlineData("M1,acc,60,38,1\nM1,acc,60,38,1\n", 3, 1, "listed twice")]
    [InlineData("M1,acc,10001,38,1\n", 2, 3, "outside 0..10000")]
    [InlineData(",acc,60,38,1\n", 2, 1, "merchant_id is empty")]
    public void Malformed_rows_are_reported_precisely(string rows, long line, int column, string words)
    {
        using var f = new InputFolder();
        At(Fails(f, "merchants.csv", InputFolder.MerchantsHeader + "\n" + rows), "merchants.csv", line, column, words);
    }

    [Fact]
    public void A_missing_column_is_reported_on_the_header()
    {
        using var f = new InputFolder();
        At(Fails(f, "merchants.csv", "merchant_id,mdr_card_bps,settle_days\n"), "merchants.csv", 1, 1, "no 'mdr_qr_bps' column");
    }

    [Fact]
    public void A_missing_required_file_is_reported_by_name()
    {
        using var f = new InputFolder();
        f.Write();
        File.Delete(f.File("clearing.csv"));
        var e = Assert.Throws<ReconciliationInputException>(() => Matcher.Run(f.Path));
        Assert.Equal("clearing.csv", Path.GetFileName(e.File));
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Purchases_and_refunds_must_be_unique_by_terminal_and_rrn_and_the_second_is_named()
    {
        using var f = new InputFolder().Merchant("M1")
            .Txn("purchase", "000000000001", 1, "2026-03-02").Txn("purchase", "000000000001", 1, "2026-03-02", terminal: "T2")
            .Txn("reversal", "000000000001", 1, "2026-03-02", original: "000000000001")
            .Txn("refund", "000000000001", 1, "2026-03-02");
        At(Fails(f), "transactions.csv", 5, 3, "already has a purchase or refund with rrn 000000000001 (line 2)");
    }

    [Fact]
    public void An_approved_transaction_needs_a_known_merchant_but_a_declined_one_does_not()
    {
        using var declined = new InputFolder().Merchant("M1").Txn("purchase", "000000000001", 1, "2026-03-02", merchant: "M9", response: "58");
        Assert.Empty(declined.Run().Exceptions);
        using var approved = new InputFolder().Merchant("M1").Txn("purchase", "000000000001", 1, "2026-03-02", merchant: "M9");
        At(Fails(approved), "transactions.csv", 2, 6, "merchant_id 'M9' is not in merchants.csv");
    }

    [Theory]
    [InlineData("sale", 2, "kind 'sale' is not one of")]
    [InlineData("purchase,000000000001,1,T1,M1,cash", 7, "channel 'cash' is not card or qr")]
    public void Unknown_words_in_closed_columns_are_errors(string prefix, int column, string words)
    {
        using var f = new InputFolder().Merchant("M1");
        var row = prefix.Contains(',', StringComparison.Ordinal)
            ? $"X1,{prefix},100,156,00,,2026-03-02,2026-03-02T10:00:00,"
            : $"X1,{prefix},000000000001,1,T1,M1,card,100,156,00,,2026-03-02,2026-03-02T10:00:00,";
        At(Fails(f, "transactions.csv", InputFolder.TransactionsHeader + "\n" + row + "\n"), "transactions.csv", 2, column, words);
    }

    [Theory]
    [InlineData("2026-02-30", "business_date '2026-02-30' is not a date")]
    [InlineData("2026-3-02", "is not a date of the form yyyy-MM-dd")]
    public void Impossible_or_badly_formed_dates_are_errors(string date, string words)
    {
        using var f = new InputFolder().Merchant("M1").Txn("purchase", "000000000001", 1, date, time: "2026-03-02T10:00:00");
        At(Fails(f), "transactions.csv", 2, 12, words);
    }

    [Fact]
    public void Batch_counts_are_never_negative()
    {
        using var f = new InputFolder().Merchant("M1").Batch("T1", "2026-03-02", -1, 0);
        At(Fails(f), "batches.csv", 2, 5, "debit_count -1 is negative");
    }

    [Fact]
    public void Sums_beyond_64_bits_are_input_errors_not_crashes()
    {
        using var f = new InputFolder().Merchant("M1", cardBps: 0)
            .Txn("purchase", "000000000001", long.MaxValue, "2026-03-02").Clearing("C1", "purchase", "000000000001", long.MaxValue, "2026-03-02")
            .Txn("purchase", "000000000002", long.MaxValue, "2026-03-02").Clearing("C2", "purchase", "000000000002", long.MaxValue, "2026-03-02")
            .Settlement("P1", "C1", "000000000001", long.MaxValue, 0, "2026-03-03")
            .Settlement("P1", "C2", "000000000002", long.MaxValue, 0, "2026-03-03");
        var e = Fails(f);
        Assert.Contains("64-bit", e.Problem, StringComparison.Ordinal);
    }

    private const string Release = "release-hold,T1,000000000001,35000,156,2026-03-09T10:00:00,000000000001,,";

    [Theory]
    [InlineData("0," + Release, 2, 1, "case_id 0 is not positive")]
    [InlineData("-3," + Release, 2, 1, "case_id -3 is not positive")]
    [InlineData("7x," + Release, 2, 1, "case_id '7x' is not a whole number")]
    [InlineData("1," + Release + "\n1,release-hold,T1,000000000002,35000,156,2026-03-09T10:00:00,000000000002,,", 3, 1, "case_id 1 is listed twice (first on line 2)")]
    [InlineData("1,refund,T1,000000000001,35000,156,2026-03-09T10:00:00,000000000001,,", 2, 2, "way_back 'refund' is not one of release-hold, return-from-clearing, refund-from-merchant, pay-merchant-late")]
    [InlineData("1,,T1,000000000001,35000,156,2026-03-09T10:00:00,000000000001,,", 2, 2, "way_back is empty")]
    [InlineData("1,release-hold,,000000000001,35000,156,2026-03-09T10:00:00,000000000001,,", 2, 3, "terminal_id is empty")]
    [InlineData("1,release-hold,T1,,35000,156,2026-03-09T10:00:00,000000000001,,", 2, 4, "rrn is empty")]
    [InlineData("1,release-hold,T1,000000000001,0,156,2026-03-09T10:00:00,000000000001,,", 2, 5, "amount_minor 0 is not positive")]
    [InlineData("1,release-hold,T1,000000000001,-100,156,2026-03-09T10:00:00,000000000001,,", 2, 5, "amount_minor -100 is not positive")]
    [InlineData("1,release-hold,T1,000000000001,350.00,156,2026-03-09T10:00:00,000000000001,,", 2, 5, "amount_minor '350.00' is not a whole number")]
    [InlineData("1,release-hold,T1,000000000001,35000,CNY,2026-03-09T10:00:00,000000000001,,", 2, 6, "currency 'CNY' is not an ISO 4217 numeric code")]
    [InlineData("1,release-hold,T1,000000000001,35000,156,2026-03-09 10:00:00,000000000001,,", 2, 7, "executed_at '2026-03-09 10:00:00' is not a time of the form yyyy-MM-ddTHH:mm:ss")]
    [InlineData("1,release-hold,T1,000000000001,35000,156,2026-02-30T10:00:00,000000000001,,", 2, 7, "executed_at '2026-02-30T10:00:00' is not a time")]
    [InlineData("1,release-hold,T1,000000000001,35000,156,2026-03-09T10:00:00,,,", 2, 8, "message_rrn is empty but a release-hold needs it")]
    [InlineData("1,refund-from-merchant,T1,000000000001,35000,156,2026-03-09T10:00:00,,,", 2, 8, "message_rrn is empty but a refund-from-merchant needs it")]
    [InlineData("1,pay-merchant-late,T1,000000000001,35000,156,2026-03-09T10:00:00,000000000009,C9,P9", 2, 8, "message_rrn '000000000009' must be empty for pay-merchant-late")]
    [InlineData("1,release-hold,T1,000000000001,35000,156,2026-03-09T10:00:00,000000000001,C9,", 2, 9, "clearing_id 'C9' must be empty for release-hold")]
    [InlineData("1,release-hold,T1,000000000001,35000,156,2026-03-09T10:00:00,000000000001,,P9", 2, 10, "payout_id 'P9' must be empty for release-hold")]
    [InlineData("1,pay-merchant-late,T1,000000000001,35000,156,2026-03-09T10:00:00,,C9,P9\n2,pay-merchant-late,T1,000000000002,35000,156,2026-03-09T10:00:00,,C9,P9", 3, 9, "clearing_id 'C9' is already the presentment of case 1 (line 2)")]
    [InlineData("1,refund-from-merchant,T1,000000000001,100,156,2026-03-09T10:00:00,000000000091,,\n2,return-from-clearing,T1,000000000001,100,156,2026-03-09T10:00:00,000000000091,,", 3, 8, "message_rrn '000000000091' on terminal T1 is already the message of case 1 (line 2)")]
    public void Bad_adjustments_are_reported_with_line_column_and_what_is_wrong(string rows, long line, int column, string words)
    {
        using var f = new InputFolder().Merchant("M1").Txn("purchase", "000000000001", 35000, "2026-03-02").NoAdjustmentRows();
        At(Fails(f, "adjustments.csv", InputFolder.AdjustmentsHeader + "\n" + rows + "\n"), "adjustments.csv", line, column, words);
        Assert.False(Directory.Exists(f.Out));
    }

    [Fact]
    public void An_adjustments_file_without_a_column_it_needs_is_reported_on_its_header()
    {
        using var f = new InputFolder().Merchant("M1").NoAdjustmentRows();
        var header = InputFolder.AdjustmentsHeader.Replace(",executed_at", "", StringComparison.Ordinal);
        At(Fails(f, "adjustments.csv", header + "\n"), "adjustments.csv", 1, 1, "the header has no 'executed_at' column");
    }

    [Fact]
    public void A_row_a_resolution_created_is_validated_like_any_other()
    {
        // The reversal is set aside from the rules, not from the format: its bad time is still an error.
        using var f = new InputFolder().Merchant("M1").Txn("purchase", "000000000001", 35000, "2026-03-02")
            .Txn("reversal", "000000000001", 35000, "2026-03-09", time: "2026-03-09T25:00:00", original: "000000000001")
            .Adjustment(1, "release-hold", "000000000001", 35000, message: "000000000001");
        At(Fails(f), "transactions.csv", 3, 13, "local_time '2026-03-09T25:00:00' is not a time");
    }
}
