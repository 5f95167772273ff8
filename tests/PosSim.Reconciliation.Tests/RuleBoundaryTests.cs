namespace PosSim.Reconciliation.Tests;

/// <summary>Each rule at its edges. 2026-03-06 is a Friday, 2026-03-09 a Monday.</summary>
public class RuleBoundaryTests
{
    [Fact]
    public void A_consistent_purchase_is_matched_with_no_exception()
    {
        using var f = new InputFolder().Merchant("M1").Settled("000000000001", 35000, "2026-03-02", "2026-03-03");
        var r = f.Run();
        Assert.Empty(r.Exceptions);
        Assert.Equal((1L, 1L, 0L), (r.Live, r.Matched, r.Pending));
        Assert.Equal(new DateOnly(2026, 3, 4), r.AsOf);
    }

    [Theory]
    [InlineData("2026-03-03", 0)] // due on as-of: pending
    [InlineData("2026-03-04", 1)] // due the day before as-of: overdue
    public void Clearing_is_due_the_calendar_day_after_the_business_date(string asOf, int exceptions)
    {
        using var f = new InputFolder().Merchant("M1").Txn("purchase", "000000000001", 1000, "2026-03-02");
        var r = f.Run(asOf);
        Assert.Equal(exceptions, r.Exceptions.Count(e => e.Kind == ExceptionKind.ApprovedNotCleared));
        Assert.Equal(1 - exceptions, r.Pending);
    }

    [Theory]
    [InlineData(1, "", "2026-03-09")] // Friday + 1 business day = Monday
    [InlineData(1, "2026-03-09", "2026-03-10")] // ... and Tuesday when Monday is a holiday
    [InlineData(0, "", "2026-03-06")] // settle_days 0 on a business day: that day
    [InlineData(2, "", "2026-03-10")]
    public void Settlement_is_due_n_business_days_after_the_business_date(int settleDays, string holiday, string due)
    {
        using var f = new InputFolder().Merchant("M1", settleDays: settleDays)
            .Txn("purchase", "000000000001", 1000, "2026-03-06").Clearing("C1", "purchase", "000000000001", 1000, "2026-03-06");
        if (holiday.Length > 0)
        {
            f.Holiday(holiday);
        }

        Assert.Empty(f.Run(due).Exceptions);
        var dueDate = DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture);
        var r = Matcher.Run(f.Path, dueDate.AddDays(1));
        Assert.Equal("cleared-not-settled", Assert.Single(r.Kinds()));
        Assert.Contains(due, r.Exceptions[0].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-09", false)] // Saturday with settle_days 0 is due Monday
    [InlineData("2026-03-10", true)]
    public void A_value_date_after_the_due_date_is_settled_late_whatever_the_as_of(string valueDate, bool late)
    {
        using var f = new InputFolder().Merchant("M1", settleDays: 0)
            .Txn("purchase", "000000000001", 10000, "2026-03-07").Clearing("C1", "purchase", "000000000001", 10000, "2026-03-07")
            .Settlement("P1", "C1", "000000000001", 10000, 60, valueDate).Statement("S1", "P1", 9940, valueDate);
        var r = f.Run("2026-03-08");
        Assert.Equal(late ? ["settled-late"] : [], r.Kinds());
    }

    [Theory]
    [InlineData(2500, 2, 1)] // 0.5 rounds up
    [InlineData(7500, 2, 2)] // 1.5 rounds up
    [InlineData(2499, 2, 0)] // 0.4998 rounds down
    [InlineData(35000, 60, 210)]
    [InlineData(12345, 38, 47)] // 46.911
    public void Purchase_fees_round_half_up_per_transaction(long gross, int bps, long fee)
    {
        using var ok = new InputFolder().Merchant("M1", cardBps: bps)
            .Txn("purchase", "000000000001", gross, "2026-03-02").Clearing("C1", "purchase", "000000000001", gross, "2026-03-02")
            .Settlement("P1", "C1", "000000000001", gross, fee, "2026-03-03").Statement("S1", "P1", gross - fee, "2026-03-03");
        Assert.Empty(ok.Run().Exceptions);

        using var off = new InputFolder().Merchant("M1", cardBps: bps)
            .Txn("purchase", "000000000001", gross, "2026-03-02").Clearing("C1", "purchase", "000000000001", gross, "2026-03-02")
            .Settlement("P1", "C1", "000000000001", gross, fee + 1, "2026-03-03").Statement("S1", "P1", gross - fee - 1, "2026-03-03");
        var row = off.Run().Single(ExceptionKind.FeeMismatch);
        Assert.Equal((fee, fee + 1), (row.ExpectedMinor, row.ActualMinor));
    }

    [Fact]
    public void Qr_payments_use_the_qr_rate_and_refunds_expect_no_fee()
    {
        using var f = new InputFolder().Merchant("M1", cardBps: 60, qrBps: 38)
            .Txn("purchase", "000000000001", 10000, "2026-03-02", channel: "qr").Clearing("C1", "purchase", "000000000001", 10000, "2026-03-02")
            .Settlement("P1", "C1", "000000000001", 10000, 38, "2026-03-03")
            .Txn("refund", "000000000002", 4000, "2026-03-02", original: "000000000001").Clearing("C2", "refund", "000000000002", 4000, "2026-03-02")
            .Settlement("P1", "C2", "000000000002", -4000, 24, "2026-03-03")
            .Statement("S1", "P1", 10000 - 38 - 4000 - 24, "2026-03-03");
        var row = f.Run().Single(ExceptionKind.FeeMismatch);
        Assert.Equal(("000000000002", 0L, 24L), (row.Rrn, row.ExpectedMinor!.Value, row.ActualMinor!.Value));
    }

    [Fact]
    public void Partial_refunds_are_fine_up_to_the_purchase_amount_and_each_one_beyond_it_is_reported()
    {
        using var f = new InputFolder().Merchant("M1")
            .Txn("purchase", "000000000001", 10000, "2026-03-02", time: "2026-03-02T10:00:00")
            .Txn("refund", "000000000004", 1, "2026-03-03", time: "2026-03-03T09:00:00", original: "000000000001") // third by time
            .Txn("refund", "000000000003", 6000, "2026-03-02", time: "2026-03-02T15:00:00", original: "000000000001")
            .Txn("refund", "000000000002", 4000, "2026-03-02", time: "2026-03-02T15:00:00", original: "000000000001") // same time: rrn decides
            .Txn("refund", "000000000005", 500, "2026-03-04", time: "2026-03-04T09:00:00", original: "000000000001");
        var r = f.Run("2026-03-03");
        var rows = r.Exceptions.Where(e => e.Kind == ExceptionKind.RefundExceedsOriginal).ToList();
        Assert.Equal(["000000000004", "000000000005"], rows.Select(e => e.Rrn));
        Assert.Equal([10001L, 10501L], rows.Select(e => e.ActualMinor!.Value));
        Assert.All(rows, e => Assert.Equal(10000, e.ExpectedMinor));
    }

    [Fact]
    public void A_refund_of_a_reversed_declined_missing_or_refund_original_has_no_original()
    {
        using var f = new InputFolder().Merchant("M1")
            .Txn("purchase", "000000000001", 5000, "2026-03-02").Txn("reversal", "000000000001", 5000, "2026-03-02", original: "000000000001")
            .Txn("purchase", "000000000002", 5000, "2026-03-02", response: "05")
            .Txn("purchase", "000000000003", 5000, "2026-03-02").Txn("reversal", "000000000009", 5000, "2026-03-02", response: "05", original: "000000000003")
            .Txn("refund", "000000000011", 100, "2026-03-02", original: "000000000001")
            .Txn("refund", "000000000012", 100, "2026-03-02", original: "000000000002")
            .Txn("refund", "000000000013", 100, "2026-03-02", original: "000000000099")
            .Txn("refund", "000000000014", 100, "2026-03-02", original: "000000000013")
            .Txn("refund", "000000000015", 100, "2026-03-02", original: "")
            .Txn("refund", "000000000016", 100, "2026-03-02", original: "000000000003"); // a declined reversal cancels nothing
        var r = f.Run("2026-03-02");
        Assert.Equal(["000000000011", "000000000012", "000000000013", "000000000014", "000000000015"],
            r.Exceptions.Where(e => e.Kind == ExceptionKind.RefundWithoutOriginal).Select(e => e.Rrn));
    }

    [Fact]
    public void Several_rows_behind_one_kind_and_key_give_one_exception_row()
    {
        using var f = new InputFolder().Merchant("M1")
            .Txn("purchase", "000000000001", 1000, "2026-03-02")
            .Clearing("C1", "purchase", "000000000001", 1000, "2026-03-02")
            .Clearing("C2", "purchase", "000000000001", 1000, "2026-03-02")
            .Clearing("C3", "purchase", "000000000001", 1000, "2026-03-02");
        var r = f.Run("2026-03-02");
        var row = r.Single(ExceptionKind.DuplicateClearing);
        Assert.Contains("3 times", row.Detail, StringComparison.Ordinal);
        Assert.Equal((1000L, 3000L), (row.ExpectedMinor!.Value, row.ActualMinor!.Value));
    }

    [Fact]
    public void Rules_are_independent_a_clearing_after_reversal_never_settled_raises_both()
    {
        using var f = new InputFolder().Merchant("M1")
            .Txn("purchase", "000000000001", 1000, "2026-03-02").Txn("void", "000000000002", 1000, "2026-03-02", original: "000000000001")
            .Clearing("C1", "purchase", "000000000001", 1000, "2026-03-02");
        Assert.Equal(["cleared-after-reversal", "cleared-not-settled"], f.Run("2026-03-10").Kinds());
    }

    [Fact]
    public void A_payout_is_due_on_its_latest_value_date_and_only_its_absence_waits_for_it()
    {
        using var f = new InputFolder().Merchant("M1", cardBps: 0)
            .Txn("purchase", "000000000001", 1000, "2026-03-02").Clearing("C1", "purchase", "000000000001", 1000, "2026-03-02")
            .Txn("purchase", "000000000002", 2000, "2026-03-03").Clearing("C2", "purchase", "000000000002", 2000, "2026-03-03")
            .Settlement("P1", "C1", "000000000001", 1000, 0, "2026-03-03")
            .Settlement("P1", "C2", "000000000002", 2000, 0, "2026-03-04");
        f.Write();
        var pending = Matcher.Run(f.Path, new DateOnly(2026, 3, 4));
        Assert.Empty(pending.Exceptions);
        Assert.Equal(2, pending.Pending);
        var overdue = Matcher.Run(f.Path, new DateOnly(2026, 3, 5));
        var row = overdue.Single(ExceptionKind.PayoutMissing);
        Assert.Equal(("P1", 3000L, 0L), (row.PayoutId, row.ExpectedMinor!.Value, row.ActualMinor!.Value));
        Assert.Equal(0, overdue.Matched + overdue.Pending);
    }

    [Fact]
    public void Wrong_data_that_is_present_is_reported_even_before_it_is_due()
    {
        using var f = new InputFolder().Merchant("M1", cardBps: 0)
            .Txn("purchase", "000000000001", 1000, "2026-03-06").Clearing("C1", "purchase", "000000000001", 999, "2026-03-06")
            .Settlement("P1", "C1", "000000000001", 999, 0, "2026-03-09").Statement("S1", "P1", 998, "2026-03-09");
        Assert.Equal(["clearing-amount-mismatch", "payout-amount-mismatch"], f.Run("2026-03-01").Kinds());
    }

    [Fact]
    public void Statement_rows_of_one_payout_are_added_up_and_unknown_or_empty_payouts_are_reported()
    {
        using var f = new InputFolder().Merchant("M1", cardBps: 0)
            .Settled("000000000001", 1000, "2026-03-02", "2026-03-03", bps: 0)
            .Statement("S1b", "P000000000001", 0, "2026-03-03")
            .Statement("S9", "PX", 5, "2026-03-03").Statement("S8", "", 7, "2026-03-03");
        var r = f.Run();
        Assert.Equal(["payout-unknown", "payout-unknown"], r.Kinds());
        Assert.Equal(["S8", "S9"], r.Exceptions.Select(e => e.StatementId));
        Assert.Equal(1, r.Matched);
    }

    [Fact]
    public void Batches_are_checked_only_where_they_exist_and_rows_of_a_terminal_day_are_added()
    {
        using var f = new InputFolder().Merchant("M1")
            .Txn("purchase", "000000000001", 1000, "2026-03-02").Txn("purchase", "000000000002", 2000, "2026-03-02")
            .Txn("refund", "000000000003", 500, "2026-03-02", original: "000000000001")
            .Txn("purchase", "000000000004", 9999, "2026-03-03")
            .Txn("purchase", "000000000005", 7, "2026-03-02", response: "51")
            .Batch("T1", "2026-03-02", 1, 1000).Batch("T1", "2026-03-02", 1, 2000, 1, 500)
            .Batch("T2", "2026-03-02", 0, 0).Batch("T3", "2026-03-02", 1, 1);
        var r = f.Run("2026-03-02");
        var row = r.Single(ExceptionKind.BatchOutOfBalance);
        Assert.Equal(("T3", "2026-03-02", 0L, 1L), (row.TerminalId, row.BusinessDate, row.ExpectedMinor!.Value, row.ActualMinor!.Value));
    }

    [Fact]
    public void As_of_defaults_to_the_day_after_the_latest_date_in_the_inputs_but_not_holidays()
    {
        using var f = new InputFolder().Merchant("M1").Settled("000000000001", 35000, "2026-03-02", "2026-03-05").Holiday("2026-12-25");
        Assert.Equal(new DateOnly(2026, 3, 6), f.Run().AsOf);
    }

    [Fact]
    public void Clearing_rows_match_by_terminal_rrn_and_kind()
    {
        using var f = new InputFolder().Merchant("M1")
            .Txn("purchase", "000000000001", 1000, "2026-03-02", terminal: "T1")
            .Clearing("C1", "purchase", "000000000001", 1000, "2026-03-02", terminal: "T2")
            .Clearing("C2", "refund", "000000000001", 1000, "2026-03-02", terminal: "T1");
        var r = f.Run("2026-03-02");
        Assert.Equal(["T1", "T2"], r.Exceptions.Where(e => e.Kind == ExceptionKind.ClearedWithoutApproval).Select(e => e.TerminalId));
    }

    [Fact]
    public void Non_numeric_rrns_and_long_ids_take_the_general_path_and_match_the_same()
    {
        using var f = new InputFolder().Merchant("MERCHANT-WITH-A-LONG-ID-0001", cardBps: 0)
            .Txn("purchase", "RRN-A", 1000, "2026-03-02", terminal: "TERMINAL-LONG-0001", merchant: "MERCHANT-WITH-A-LONG-ID-0001")
            .Clearing("CLEARING/REFERENCE/0000000001/X", "purchase", "RRN-A", 1000, "2026-03-02", "TERMINAL-LONG-0001", "MERCHANT-WITH-A-LONG-ID-0001")
            .Settlement("PAYOUT-1", "CLEARING/REFERENCE/0000000001/X", "RRN-A", 1000, 0, "2026-03-03", "TERMINAL-LONG-0001", "MERCHANT-WITH-A-LONG-ID-0001")
            .Statement("S1", "PAYOUT-1", 1000, "2026-03-03", "MERCHANT-WITH-A-LONG-ID-0001");
        var r = f.Run();
        Assert.Empty(r.Exceptions);
        Assert.Equal(1, r.Matched);
    }

    [Fact]
    public void Exceptions_are_sorted_by_kind_then_key_with_ordinal_comparison()
    {
        using var f = new InputFolder().Merchant("M1")
            .Txn("purchase", "b", 1, "2026-03-02", terminal: "t").Txn("purchase", "B", 1, "2026-03-02", terminal: "t")
            .Txn("purchase", "a", 1, "2026-03-02", terminal: "T");
        var r = f.Run("2026-03-10");
        Assert.Equal(["T|a", "t|B", "t|b"], r.Exceptions.Select(e => e.TerminalId + "|" + e.Rrn));
    }
}
