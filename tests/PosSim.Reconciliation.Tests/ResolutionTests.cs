using System.Globalization;
using PosSim.Reconciliation.Outputs;
using PosSim.Tests.Shared;

namespace PosSim.Reconciliation.Tests;

/// <summary>
/// adjustments.csv: the rows a resolution created are set aside, so exceptions.csv is what it was before the case;
/// an adjustment resolves its exceptions only when the files prove the money moved as its way back says.
/// </summary>
public class ResolutionTests
{
    private const string Purchase = "000000000001";
    private const string AsOf = "2026-03-10";

    /// <summary>
    /// Builds the same folder without (<c>false</c>) and with (<c>true</c>) the resolution, runs both at
    /// <see cref="AsOf"/> and at the default as-of date, and checks that everything the exception pass reports is
    /// the same. Returns the run with the resolution, at <see cref="AsOf"/>.
    /// </summary>
    private static MatchResult WithAndWithout(Action<InputFolder, bool> build)
    {
        using var before = new InputFolder();
        build(before, false);
        using var after = new InputFolder();
        build(after, true);
        MatchResult? result = null;
        foreach (var asOf in new[] { AsOf, null })
        {
            var b = before.Run(asOf);
            var a = after.Run(asOf);
            Assert.Equal(ExceptionsCsvWriter.ToText(b.Exceptions), ExceptionsCsvWriter.ToText(a.Exceptions));
            Assert.Equal((b.AsOf, b.Live, b.Matched, b.Pending), (a.AsOf, a.Live, a.Matched, a.Pending));
            Assert.False(b.HasAdjustments);
            Assert.True(a.HasAdjustments);
            result ??= a;
        }

        return result!;
    }

    private static AdjustmentOutcome Unproven(MatchResult result, string words)
    {
        Assert.Empty(result.Resolved);
        var outcome = Assert.Single(result.UnprovenAdjustments);
        Assert.Contains(words, outcome.Missing, StringComparison.Ordinal);
        Assert.Equal("", outcome.Evidence);
        return outcome;
    }

    // ---- release-hold ----

    private static void HeldPurchase(InputFolder f) => f.Merchant("M1").Txn("purchase", Purchase, 35000, "2026-03-02");

    [Fact]
    public void A_proven_release_of_the_hold_resolves_approved_not_cleared_which_is_still_reported()
    {
        var result = WithAndWithout((f, resolved) =>
        {
            HeldPurchase(f);
            if (resolved)
            {
                // The reversal advice repeats the purchase's RRN, as reversals may.
                f.Txn("reversal", Purchase, 35000, "2026-03-09", time: "2026-03-09T10:00:00", original: Purchase)
                    .Adjustment(1, "release-hold", Purchase, 35000, message: Purchase);
            }
        });

        Assert.Equal(["approved-not-cleared"], result.Kinds());
        var row = Assert.Single(result.Resolved);
        Assert.Equal(new ResolvedRow(ExceptionKind.ApprovedNotCleared, "T1", Purchase, "", 1, WayBack.ReleaseHold, 35000,
            "transactions.csv rrn 000000000001 reversal approved for 350.00; clearing.csv has no presentment of the purchase"), row);
        Assert.True(Assert.Single(result.Adjustments).Proven);
        Assert.Equal(1, result.ResolvedByWayBack[WayBack.ReleaseHold]);
        Assert.Equal(0, result.ResolvedByWayBack[WayBack.PayMerchantLate]);
    }

    [Theory]
    [InlineData("none", 35000, "transactions.csv has no reversal rrn 000000000009 of the purchase on terminal T1")]
    [InlineData("05", 35000, "transactions.csv has the reversal rrn 000000000009 of the purchase as not approved")]
    [InlineData("00", 30000, "transactions.csv has the reversal rrn 000000000009 for 300.00, not the purchase's 350.00")]
    public void A_release_of_the_hold_without_its_approved_reversal_for_the_whole_purchase_resolves_nothing(string response, long amount, string missing)
    {
        var result = WithAndWithout((f, resolved) =>
        {
            HeldPurchase(f);
            if (resolved)
            {
                if (response != "none")
                {
                    f.Txn("reversal", "000000000009", amount, "2026-03-09", response: response, original: Purchase);
                }

                f.Adjustment(1, "release-hold", Purchase, 35000, message: "000000000009");
            }
        });

        Assert.Equal(["approved-not-cleared"], result.Kinds());
        Assert.Equal(missing, Unproven(result, missing).Missing);
    }

    [Fact]
    public void A_release_of_the_hold_for_less_than_the_purchase_resolves_nothing()
    {
        var result = WithAndWithout((f, resolved) =>
        {
            HeldPurchase(f);
            if (resolved)
            {
                f.Txn("reversal", "000000000009", 35000, "2026-03-09", original: Purchase)
                    .Adjustment(1, "release-hold", Purchase, 30000, message: "000000000009");
            }
        });

        Unproven(result, "amount_minor is 300.00 but a released hold is the whole purchase, 350.00");
    }

    [Fact]
    public void Releasing_the_hold_of_a_purchase_that_was_cleared_resolves_nothing()
    {
        var result = WithAndWithout((f, resolved) =>
        {
            HeldPurchase(f);
            f.Clearing("C1", "purchase", Purchase, 35000, "2026-03-02");
            if (resolved)
            {
                f.Txn("reversal", "000000000009", 35000, "2026-03-09", original: Purchase)
                    .Adjustment(1, "release-hold", Purchase, 35000, message: "000000000009");
            }
        });

        Assert.Equal(["cleared-not-settled"], result.Kinds());
        Unproven(result, "clearing.csv presents the purchase, so there was no hold left to release");
    }

    // ---- refund-from-merchant and return-from-clearing ----

    /// <summary>
    /// A purchase presented twice (the cardholder charged twice), both settled in P1; a second purchase settled in
    /// its own payout. With the resolution, the refund is presented and its debit goes out in that second payout,
    /// whose statement gets a line for it.
    /// </summary>
    private static void ChargedTwice(InputFolder f, bool resolved, long refund, long adjustment)
    {
        f.Merchant("M1")
            .Txn("purchase", Purchase, 35000, "2026-03-02")
            .Clearing("C1", "purchase", Purchase, 35000, "2026-03-02").Clearing("C1B", "purchase", Purchase, 35000, "2026-03-02")
            .Settlement("P1", "C1", Purchase, 35000, 210, "2026-03-03").Settlement("P1", "C1B", Purchase, 35000, 210, "2026-03-03")
            .Statement("S1", "P1", 69580, "2026-03-03")
            .Settled("000000000002", 20000, "2026-03-05", "2026-03-06");
        if (resolved)
        {
            f.Txn("refund", "000000000091", refund, "2026-03-05", time: "2026-03-05T09:00:00", original: Purchase)
                .Clearing("CR1", "refund", "000000000091", refund, "2026-03-05")
                .Settlement("P000000000002", "CR1", "000000000091", -refund, 0, "2026-03-06")
                .Statement("S2-REFUND", "P000000000002", -refund, "2026-03-06")
                .Adjustment(2, "refund-from-merchant", Purchase, adjustment, message: "000000000091", clearingId: "CR1", payoutId: "P000000000002");
        }
    }

    [Fact]
    public void A_proven_refund_from_the_merchant_resolves_the_duplicate_and_its_debit_leaves_the_payout_as_it_was()
    {
        var result = WithAndWithout((f, resolved) => ChargedTwice(f, resolved, 35000, 35000));
        Assert.Equal(["duplicate-clearing"], result.Kinds());
        var row = Assert.Single(result.Resolved);
        Assert.Equal((ExceptionKind.DuplicateClearing, 2L, WayBack.RefundFromMerchant, "transactions.csv rrn 000000000091 refund approved for 350.00 of the purchase"),
            (row.Kind, row.CaseId, row.WayBack, row.Evidence));
    }

    [Fact]
    public void A_refund_for_another_amount_than_the_adjustment_says_resolves_nothing()
    {
        var result = WithAndWithout((f, resolved) => ChargedTwice(f, resolved, 30000, 35000));
        Assert.Equal(["duplicate-clearing"], result.Kinds());
        Unproven(result, "transactions.csv has the refund rrn 000000000091 for 300.00, not amount_minor 350.00");
    }

    [Fact]
    public void A_refund_from_the_merchant_whose_refund_is_missing_resolves_nothing_and_its_named_presentment_is_still_set_aside()
    {
        var result = WithAndWithout((f, resolved) =>
        {
            ChargedTwice(f, resolved: false, 0, 0);
            if (resolved)
            {
                f.Clearing("CR1", "refund", "000000000091", 35000, "2026-03-05")
                    .Adjustment(2, "refund-from-merchant", Purchase, 35000, message: "000000000091", clearingId: "CR1");
            }
        });

        Assert.Equal(["duplicate-clearing"], result.Kinds());
        Unproven(result, "transactions.csv has no refund rrn 000000000091 of the purchase on terminal T1");
    }

    [Theory]
    [InlineData("00", 35000, true, "")]
    [InlineData("05", 35000, false, "transactions.csv has the refund rrn 000000000092 as not approved")]
    [InlineData("00", 20000, false, "transactions.csv has the refund rrn 000000000092 for 200.00, not amount_minor 350.00")]
    public void A_return_from_clearing_is_proven_by_its_approved_refund_for_the_amount(string response, long refunded, bool proven, string missing)
    {
        var result = WithAndWithout((f, resolved) =>
        {
            f.Merchant("M1").Txn("purchase", Purchase, 35000, "2026-03-02").Clearing("C1", "purchase", Purchase, 35000, "2026-03-02");
            if (resolved)
            {
                f.Txn("refund", "000000000092", refunded, "2026-03-09", response: response, original: Purchase)
                    .Adjustment(4, "return-from-clearing", Purchase, 35000, message: "000000000092");
            }
        });

        Assert.Equal(["cleared-not-settled"], result.Kinds());
        if (proven)
        {
            var row = Assert.Single(result.Resolved);
            Assert.Equal((ExceptionKind.ClearedNotSettled, WayBack.ReturnFromClearing, 35000L), (row.Kind, row.WayBack, row.AmountMinor));
        }
        else
        {
            Unproven(result, missing);
        }
    }

    // ---- pay-merchant-late ----

    /// <summary>An approved purchase never presented; with the resolution, a late presentment CL1 paid in P-LATE.</summary>
    private static void PresentedLate(InputFolder f, bool resolved, long presented = 35000, long? statement = 34790, string payoutId = "P-LATE")
    {
        HeldPurchase(f);
        if (resolved)
        {
            f.Clearing("CL1", "purchase", Purchase, presented, "2026-03-02")
                .Settlement("P-LATE", "CL1", Purchase, presented, 210, "2026-03-10")
                .Adjustment(3, "pay-merchant-late", Purchase, 35000, clearingId: "CL1", payoutId: payoutId);
            if (statement is { } amount)
            {
                f.Statement("S-LATE", "P-LATE", amount, "2026-03-10");
            }
        }
    }

    [Fact]
    public void A_proven_late_presentment_resolves_approved_not_cleared_which_is_still_reported()
    {
        var result = WithAndWithout((f, resolved) => PresentedLate(f, resolved));
        Assert.Equal(["approved-not-cleared"], result.Kinds());
        var row = Assert.Single(result.Resolved);
        Assert.Equal(new ResolvedRow(ExceptionKind.ApprovedNotCleared, "T1", Purchase, "", 3, WayBack.PayMerchantLate, 35000,
            "clearing.csv CL1 presents the purchase for 350.00; settlements.csv settles it in payout P-LATE; payouts.csv S-LATE pays P-LATE in full"), row);
    }

    [Theory]
    [InlineData(35000, null, "P-LATE", "payouts.csv has no line for payout P-LATE")]
    [InlineData(35000, 30000L, "P-LATE", "payouts.csv shows 300.00 for payout P-LATE, not its net 347.90")]
    [InlineData(35000, 34790L, "", "payout_id is empty: no payout has paid the merchant yet")]
    [InlineData(30000, 34790L, "P-LATE", "clearing.csv presents CL1 for 300.00, not amount_minor 350.00")]
    public void A_late_presentment_that_was_not_paid_in_full_resolves_nothing(long presented, long? statement, string payoutId, string missing)
    {
        var result = WithAndWithout((f, resolved) => PresentedLate(f, resolved, presented, statement, payoutId));
        Assert.Equal(["approved-not-cleared"], result.Kinds());
        Assert.Equal(missing, Unproven(result, missing).Missing);
    }

    [Fact]
    public void A_released_settlement_leaves_cleared_not_settled_reported_and_resolves_it()
    {
        var result = WithAndWithout((f, resolved) =>
        {
            f.Merchant("M1").Txn("purchase", Purchase, 35000, "2026-03-02").Clearing("C1", "purchase", Purchase, 35000, "2026-03-02");
            if (resolved)
            {
                f.Settlement("P-REL", "C1", Purchase, 35000, 210, "2026-03-09").Statement("S-REL", "P-REL", 34790, "2026-03-09")
                    .Adjustment(5, "pay-merchant-late", Purchase, 35000, payoutId: "P-REL");
            }
        });

        // Not settled-late: the release is set aside, so settlement looks as it did before the case.
        Assert.Equal(["cleared-not-settled"], result.Kinds());
        Assert.Equal("settlements.csv settles the purchase's presentment C1 in payout P-REL for 350.00; payouts.csv S-REL pays P-REL in full",
            Assert.Single(result.Resolved).Evidence);
    }

    [Fact]
    public void A_re_issued_payout_resolves_the_missing_payout_its_purchase_was_settled_in()
    {
        var result = WithAndWithout((f, resolved) =>
        {
            f.Merchant("M1").Txn("purchase", Purchase, 35000, "2026-03-02").Clearing("C1", "purchase", Purchase, 35000, "2026-03-02")
                .Settlement("P1", "C1", Purchase, 35000, 210, "2026-03-03");
            if (resolved)
            {
                f.Settlement("P1-R", "C1", Purchase, 35000, 210, "2026-03-09").Statement("S1-R", "P1-R", 34790, "2026-03-09")
                    .Adjustment(6, "pay-merchant-late", Purchase, 35000, payoutId: "P1-R");
            }
        });

        Assert.Equal(["payout-missing"], result.Kinds());
        var row = Assert.Single(result.Resolved);
        Assert.Equal((ExceptionKind.PayoutMissing, "", "", "P1", 6L), (row.Kind, row.TerminalId, row.Rrn, row.PayoutId, row.CaseId));
        Assert.StartsWith("settlements.csv pays the purchase rrn 000000000001 on terminal T1 in payout P1; settlements.csv settles", row.Evidence, StringComparison.Ordinal);
    }

    // ---- several cases, and the files ----

    [Fact]
    public void Where_two_cases_resolve_one_exception_the_lower_case_is_named()
    {
        using var f = new InputFolder();
        HeldPurchase(f);
        f.Txn("reversal", "000000000009", 35000, "2026-03-09", original: Purchase)
            .Adjustment(8, "release-hold", Purchase, 35000, message: "000000000009")
            .Clearing("CL1", "purchase", Purchase, 35000, "2026-03-02").Settlement("P-LATE", "CL1", Purchase, 35000, 210, "2026-03-10")
            .Statement("S-LATE", "P-LATE", 34790, "2026-03-10")
            .Adjustment(3, "pay-merchant-late", Purchase, 35000, clearingId: "CL1", payoutId: "P-LATE");
        var result = f.Run(AsOf);
        Assert.Equal(3, Assert.Single(result.Resolved).CaseId);
        Assert.Equal([3L, 8L], result.Adjustments.Select(a => a.CaseId));
    }

    [Fact]
    public void Without_adjustments_csv_resolved_csv_is_its_header_and_summary_json_has_no_new_keys()
    {
        using var f = new InputFolder();
        HeldPurchase(f);
        f.Write();
        var result = Matcher.Run(f.Path, f.Out, DateOnly.Parse(AsOf, CultureInfo.InvariantCulture));
        Assert.Equal("kind,terminal_id,rrn,payout_id,case_id,way_back,amount_minor,evidence\n", File.ReadAllText(Path.Combine(f.Out, "resolved.csv")));
        Assert.EndsWith("\"matched\": 0,\n  \"pending\": 0\n}\n", File.ReadAllText(Path.Combine(f.Out, "summary.json")), StringComparison.Ordinal);
        Assert.False(result.HasAdjustments);
    }

    [Fact]
    public void With_adjustments_csv_summary_json_counts_adjustments_and_resolutions_by_way_back()
    {
        using var f = new InputFolder();
        HeldPurchase(f);
        f.Txn("reversal", "000000000009", 35000, "2026-03-09", original: Purchase)
            .Adjustment(1, "release-hold", Purchase, 35000, message: "000000000009")
            .Adjustment(2, "refund-from-merchant", "000000000404", 100, message: "000000000405");
        f.Write();
        Matcher.Run(f.Path, f.Out, DateOnly.Parse(AsOf, CultureInfo.InvariantCulture));
        Assert.EndsWith("""
              "pending": 0,
              "adjustments": 2,
              "adjustments_unproven": 1,
              "resolved": 1,
              "resolved_by_way_back": {
                "pay-merchant-late": 0,
                "refund-from-merchant": 0,
                "release-hold": 1,
                "return-from-clearing": 0
              }
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal), File.ReadAllText(Path.Combine(f.Out, "summary.json")), StringComparison.Ordinal);
        Assert.Equal("""
            kind,terminal_id,rrn,payout_id,case_id,way_back,amount_minor,evidence
            approved-not-cleared,T1,000000000001,,1,release-hold,35000,transactions.csv rrn 000000000009 reversal approved for 350.00; clearing.csv has no presentment of the purchase

            """.Replace("\r\n", "\n", StringComparison.Ordinal), File.ReadAllText(Path.Combine(f.Out, "resolved.csv")));
    }

    [Fact]
    public void An_adjustments_file_with_no_rows_adds_the_keys_with_zeros()
    {
        using var f = new InputFolder();
        HeldPurchase(f);
        f.NoAdjustmentRows();
        var result = f.Run(AsOf);
        Assert.True(result.HasAdjustments);
        Assert.Contains("\"adjustments\": 0,\n  \"adjustments_unproven\": 0,\n  \"resolved\": 0,", SummaryJsonWriter.ToText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Possim_match_prints_what_was_resolved_and_which_cases_are_unproven()
    {
        using var f = new InputFolder();
        HeldPurchase(f);
        f.Txn("reversal", "000000000009", 35000, "2026-03-09", original: Purchase)
            .Adjustment(1, "release-hold", Purchase, 35000, message: "000000000009")
            .Adjustment(2, "return-from-clearing", Purchase, 35000, message: "000000000092");
        f.Write();
        var (code, output, error) = CliRunner.Run("match", "--in", f.Path, "--out", f.Out, "--as-of", AsOf);
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("2 adjustments: 1 exceptions resolved, 1 adjustments unproven", output, StringComparison.Ordinal);
        Assert.Contains("case 2 (return-from-clearing) unproven: transactions.csv has no refund rrn 000000000092 of the purchase on terminal T1", output, StringComparison.Ordinal);
        Assert.Contains("resolved.csv", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(f.Out, "resolved.csv")));
    }
}
