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
}
