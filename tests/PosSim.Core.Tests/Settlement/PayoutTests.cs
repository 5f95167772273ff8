using PosSim.Core.Settlement;
using PosSim.Simulation.Settlement;
using PosSim.Ledger;
using static PosSim.Core.Tests.Settlement.Week;

namespace PosSim.Core.Tests.Settlement;

/// <summary>Payouts: what is paid, when, to whom, and how it shows in the ledger and on the bank statement.</summary>
public class PayoutTests
{
    [Fact]
    public void One_payout_per_merchant_and_day_net_of_fees_posted_from_clearing()
    {
        var h = new EngineHarness([new MerchantAgreement("M001"), new MerchantAgreement("M002") { MdrCardBps = 100 }]);
        h.Accept("M001", 10_000, Mon);
        h.Accept("M001", 8_334, Mon);
        h.Accept("M001", 3_000, Mon, ClearingKind.Refund);
        h.Accept("M002", 20_000, Mon);

        Assert.Empty(h.Engine.Settle(Mon).Paid); // T+1
        var run = h.Engine.Settle(Tue);

        Assert.Equal(["M001", "M002"], run.Paid.Select(p => p.MerchantId));
        var m1 = run.Paid[0];
        Assert.Equal("P-M001-20260303-1", m1.PayoutId);
        Assert.Equal(15_334, m1.GrossMinor);
        Assert.Equal(60 + 50, m1.FeeMinor);
        Assert.Equal(15_224, m1.NetMinor);
        Assert.Equal([(10_000L, 60L, 9_940L), (8_334L, 50L, 8_284L), (-3_000L, 0L, -3_000L)], m1.Details.Select(d => (d.GrossMinor, d.FeeMinor, d.NetMinor)));
        Assert.All(m1.Details, d => Assert.Equal(Tue, d.ValueDate));

        Assert.Equal(15_224, h.Merchant("M001"));
        Assert.Equal(19_800, h.Merchant("M002"));
        Assert.Equal(110 + 200, h.Fees);
        Assert.Equal(-(15_334 + 20_000), h.Clearing); // the scheme's money never came in: no clearing in this test
        Assert.Equal([15_224L, 19_800L], h.Engine.Statement.Rows.Select(r => r.AmountMinor));
        Assert.Equal(h.Engine.Statement.Rows.Sum(r => r.AmountMinor), h.Engine.Details.Sum(d => d.GrossMinor) - h.Engine.Details.Sum(d => d.FeeMinor));
        h.AssertBooksBalance();
    }

    [Fact]
    public void A_day_of_refunds_debits_the_merchant()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")]);
        h.Accept("M001", 1_000, Mon);
        h.Accept("M001", 5_000, Mon, ClearingKind.Refund);
        var payout = Assert.Single(h.Engine.Settle(Tue).Paid);
        Assert.Equal(1_000 - 6 - 5_000, payout.NetMinor);
        Assert.Equal(-4_006, h.Merchant("M001"));
        Assert.Equal(6, h.Fees);
        Assert.Equal(-4_006, Assert.Single(h.Engine.Statement.Rows).AmountMinor);
        h.AssertBooksBalance();
    }

    [Fact]
    public void A_payout_of_zero_still_has_its_statement_line()
    {
        var h = new EngineHarness([new MerchantAgreement("M001") { MdrCardBps = 0 }]);
        h.Accept("M001", 5_000, Mon);
        h.Accept("M001", 5_000, Mon, ClearingKind.Refund);
        var payout = Assert.Single(h.Engine.Settle(Tue).Paid);
        Assert.Equal(0, payout.NetMinor);
        Assert.Equal(0, Assert.Single(h.Engine.Statement.Rows).AmountMinor);
        Assert.Equal(0, h.Merchant("M001"));
    }

    [Fact]
    public void Qr_purchases_pay_the_qr_rate()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")]);
        h.Engine.Accept(h.Record("M001", 10_000, Mon, channel: "qr"));
        Assert.Equal(38, Assert.Single(h.Engine.Settle(Tue).Paid).FeeMinor);
    }

    [Fact]
    public void Unknown_merchants_get_the_default_agreement()
    {
        var h = new EngineHarness();
        var item = h.Accept("M777", 10_000, Mon);
        Assert.Equal(Tue, item.DueDate);
        Assert.Equal(60, h.Engine.AgreementOf("M777").MdrCardBps);
        Assert.Equal(9_940, Assert.Single(h.Engine.Settle(Tue).Paid).NetMinor);
    }

    [Fact]
    public void Weekend_business_dates_wait_for_monday()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")]);
        h.Accept("M001", 1_000, Fri);
        h.Accept("M001", 2_000, Sat);
        var run = h.Engine.Settle(NextMon);
        var payout = Assert.Single(run.Paid);
        Assert.Equal(2, payout.Details.Count); // Friday's T+1 and Saturday's T+1 are both Monday
    }

    // Instant settlement, window 09:00-17:00, quota 10_000 a business date.
    private static MerchantAgreement Instant(long quota = 10_000) =>
        new("M001") { Instant = new InstantSettlement(new TimeOnly(9, 0), new TimeOnly(17, 0), quota) };

    [Theory]
    [InlineData(8, 59, 59, false)]
    [InlineData(9, 0, 0, true)]
    [InlineData(16, 59, 59, true)]
    [InlineData(17, 0, 0, false)]
    public void Instant_settlement_is_D0_inside_the_window_only(int h, int m, int s, bool d0)
    {
        var harness = new EngineHarness([Instant()]);
        var item = harness.Accept("M001", 1_000, Tue, at: new TimeOnly(h, m, s));
        Assert.Equal(Tue, item.DueDate); // promised D0: merchants.csv says settle_days 0
        Assert.Equal(d0 ? Tue : Wed, item.ScheduledDate);
        Assert.Equal(d0 ? 1 : 0, harness.Engine.Settle(Tue).Paid.Count);
        Assert.Equal(d0 ? LateCause.None : LateCause.InstantFallback, item.Causes);
        Assert.Equal(d0 ? 0 : 1, harness.Engine.Incidents.Items.Count(f => f.Kind == IncidentKind.InstantFallback));
    }

    [Fact]
    public void Instant_quota_reached_exactly_is_still_D0_and_beyond_it_falls_back_to_T_plus_1()
    {
        var h = new EngineHarness([Instant(quota: 10_000)]);
        var first = h.Accept("M001", 6_000, Tue, at: new TimeOnly(10, 0));
        var atQuota = h.Accept("M001", 4_000, Tue, at: new TimeOnly(10, 1));
        var over = h.Accept("M001", 1, Tue, at: new TimeOnly(10, 2));
        var refund = h.Accept("M001", 500, Tue, ClearingKind.Refund, at: new TimeOnly(10, 3)); // refunds use no quota
        var nextDay = h.Accept("M001", 10_000, Wed, at: new TimeOnly(10, 0)); // a new business date, a new quota

        Assert.Equal([Tue, Tue, Wed, Tue, Wed], new[] { first, atQuota, over, refund, nextDay }.Select(i => i.ScheduledDate));
        Assert.Equal(LateCause.InstantFallback, over.Causes);
        var tuesday = Assert.Single(h.Engine.Settle(Tue).Paid);
        Assert.Equal(3, tuesday.Details.Count);
        var wednesday = Assert.Single(h.Engine.Settle(Wed).Paid);
        Assert.Equal([over.Record.Rrn, nextDay.Record.Rrn], wednesday.Details.Select(d => d.Rrn));
    }

    [Fact]
    public void Over_the_quota_a_smaller_sale_can_still_fit()
    {
        var h = new EngineHarness([Instant(quota: 10_000)]);
        var a = h.Accept("M001", 6_000, Tue, at: new TimeOnly(10, 0));
        var b = h.Accept("M001", 5_000, Tue, at: new TimeOnly(10, 1));
        var c = h.Accept("M001", 4_000, Tue, at: new TimeOnly(10, 2));
        Assert.Equal([Tue, Wed, Tue], new[] { a, b, c }.Select(i => i.ScheduledDate));
    }

    [Fact]
    public void Instant_fallback_from_a_friday_lands_on_monday_and_a_saturday_fallback_is_not_late()
    {
        var h = new EngineHarness([Instant()]);
        var friday = h.Accept("M001", 1_000, Fri, at: new TimeOnly(20, 0));
        var saturday = h.Accept("M001", 1_000, Sat, at: new TimeOnly(20, 0));
        Assert.Equal(NextMon, friday.ScheduledDate);
        Assert.Equal(LateCause.InstantFallback, friday.Causes);
        Assert.Equal(NextMon, saturday.ScheduledDate);
        Assert.Equal(NextMon, saturday.DueDate); // D0 of a Saturday is Monday too: nothing broken
        Assert.Equal(LateCause.None, saturday.Causes);
    }

    [Fact]
    public void A_risk_hold_delays_the_payout_until_released_and_then_pays_everything_due()
    {
        var h = new EngineHarness([new MerchantAgreement("M001") { RiskHold = true }, new MerchantAgreement("M002")]);
        var held = h.Accept("M001", 10_000, Mon);
        var other = h.Accept("M002", 10_000, Mon);
        Assert.True(h.Engine.IsHeld("M001"));

        var tuesday = h.Engine.Settle(Tue);
        Assert.Equal("M002", Assert.Single(tuesday.Paid).MerchantId); // others are not held up
        Assert.Null(held.Detail);
        Assert.Equal(LateCause.RiskHold, held.Causes);
        Assert.Equal(LateCause.None, other.Causes);
        var wednesdaySale = h.Accept("M001", 2_000, Tue);
        Assert.Empty(h.Engine.Settle(Wed).Paid);
        Assert.Equal(0, h.Merchant("M001"));

        h.Engine.Release("M001");
        var thursday = Assert.Single(h.Engine.Settle(Thu).Paid);
        Assert.Equal([held.Record.Rrn, wednesdaySale.Record.Rrn], thursday.Details.Select(d => d.Rrn));
        Assert.Equal(Thu, held.Detail!.ValueDate);
        Assert.True(held.Detail.ValueDate > held.DueDate); // settled late
        Assert.Equal(9_940 + 1_988, h.Merchant("M001"));
        Assert.Equal(2, h.Engine.Incidents.Items.Count(f => f.Kind == IncidentKind.RiskHeld));
        h.AssertBooksBalance();
    }

    [Fact]
    public void Released_before_the_run_of_the_due_date_is_on_time()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")]);
        h.Engine.Hold("M001");
        var item = h.Accept("M001", 10_000, Mon);
        h.Engine.Release("M001");
        h.Engine.Settle(Tue);
        Assert.Equal(Tue, item.Detail!.ValueDate);
        Assert.Equal(LateCause.None, item.Causes);
    }

    [Fact]
    public void A_payout_to_a_frozen_account_bounces_and_is_reissued_the_next_business_day_once_unfrozen()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")]);
        var item = h.Accept("M001", 10_000, Mon);
        Assert.Equal(LedgerResult.Ok, h.Ledger.FreezeAccount(h.Engine.AccountOf("M001")));

        var tuesday = h.Engine.Settle(Tue);
        var bounced = Assert.Single(tuesday.Bounced);
        Assert.Empty(tuesday.Paid);
        Assert.Equal(PayoutStatus.Bounced, bounced.Status);
        Assert.Empty(h.Engine.Statement.Rows);
        Assert.Equal(0, h.Fees); // all or nothing: the fee waits with the payout
        Assert.Equal(0, h.Clearing);
        Assert.Equal(LateCause.Bounced, item.Causes);

        Assert.Empty(h.Engine.Settle(Wed).Reissued); // still frozen
        Assert.Equal(Tue, bounced.ValueDate);
        Assert.Equal(LedgerResult.Ok, h.Ledger.UnfreezeAccount(h.Engine.AccountOf("M001")));

        var thursday = h.Engine.Settle(Thu);
        Assert.Same(bounced, Assert.Single(thursday.Reissued));
        Assert.Equal(PayoutStatus.Paid, bounced.Status);
        Assert.Equal(Thu, bounced.ValueDate);
        Assert.Equal(Tue, bounced.FirstValueDate);
        Assert.Equal(Thu, item.Detail!.ValueDate); // its rows move with it: settled late
        var line = Assert.Single(h.Engine.Statement.Rows);
        Assert.Equal((bounced.PayoutId, 9_940L, Thu), (line.PayoutId, line.AmountMinor, line.ValueDate));
        Assert.Equal(9_940, h.Merchant("M001"));
        Assert.Equal(60, h.Fees);
        Assert.Equal([false, true], bounced.Attempts.Select(a => a.Accepted));
        Assert.Equal([IncidentKind.PayoutBounced, IncidentKind.PayoutReissued], h.Engine.Incidents.Items.Select(f => f.Kind));
        h.AssertBooksBalance();
    }

    [Fact]
    public void Corrected_the_same_day_as_the_bounce_the_payout_goes_again_the_next_business_day()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")]);
        h.Accept("M001", 10_000, Thu);
        h.Ledger.FreezeAccount(h.Engine.AccountOf("M001"));
        var bounced = Assert.Single(h.Engine.Settle(Fri).Bounced);
        h.Ledger.UnfreezeAccount(h.Engine.AccountOf("M001"));
        Assert.Empty(h.Engine.Settle(Sat).Reissued); // not a business day
        Assert.Same(bounced, Assert.Single(h.Engine.Settle(NextMon).Reissued));
        Assert.Equal(NextMon, bounced.ValueDate);
    }

    [Fact]
    public void A_merchant_debit_from_a_frozen_account_bounces_too()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")]);
        h.Accept("M001", 10_000, Mon, ClearingKind.Refund);
        h.Ledger.FreezeAccount(h.Engine.AccountOf("M001"));
        Assert.Single(h.Engine.Settle(Tue).Bounced);
        Assert.Equal(0, h.Merchant("M001"));
    }

    [Fact]
    public void A_payout_to_a_wrong_account_bounces_without_touching_the_ledger_and_goes_again_once_corrected()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")]);
        h.Accept("M001", 10_000, Mon);
        h.Engine.SetWrongAccount("M001", wrong: true);
        var transfers = h.Ledger.GetTransfers().Count;
        var bounced = Assert.Single(h.Engine.Settle(Tue).Bounced);
        Assert.Equal(transfers, h.Ledger.GetTransfers().Count);
        Assert.Contains("unknown", bounced.Attempts[0].Outcome, StringComparison.Ordinal);
        h.Engine.SetWrongAccount("M001", wrong: false);
        Assert.Same(bounced, Assert.Single(h.Engine.Settle(Wed).Reissued));
        Assert.Equal(9_940, h.Merchant("M001"));
    }

    [Fact]
    public void A_delay_pushes_the_value_date_back_by_business_days()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")]);
        var item = h.Engine.Accept(h.Record("M001", 10_000, Thu), delayBusinessDays: 2);
        Assert.Equal(Fri, item.DueDate);
        Assert.Equal(NextMon.AddDays(1), item.ScheduledDate);
        Assert.Equal(LateCause.Delayed, item.Causes);
        Assert.Empty(h.Engine.Settle(Fri).Paid);
        Assert.Empty(h.Engine.Settle(NextMon).Paid);
        Assert.Single(h.Engine.Settle(NextMon.AddDays(1)).Paid);
    }

    [Fact]
    public void A_bounced_payout_is_not_reissued_while_its_merchant_is_under_review()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")]);
        h.Accept("M001", 10_000, Mon);
        h.Engine.SetWrongAccount("M001", wrong: true);
        var bounced = Assert.Single(h.Engine.Settle(Tue).Bounced);
        h.Engine.SetWrongAccount("M001", wrong: false);
        h.Engine.Hold("M001");
        Assert.Empty(h.Engine.Settle(Wed).Reissued);
        h.Engine.Release("M001");
        Assert.Same(bounced, Assert.Single(h.Engine.Settle(Thu).Reissued));
    }
}
