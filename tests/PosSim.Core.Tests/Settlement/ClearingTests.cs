using PosSim.Core.Accounts;
using PosSim.Core.Issuer;
using PosSim.Core.Settlement;
using PosSim.Simulation.Settlement;
using PosSim.Core.Switch;
using PosSim.Core.Tests.Switch;
using PosSim.Iso8583;

namespace PosSim.Core.Tests.Settlement;

/// <summary>Clearing at cut-over: which transactions are presented, when, once, and how the money moves.</summary>
public class ClearingTests
{
    private static readonly DateOnly Mon = SettlementWorld.Monday;
    private static readonly DateOnly Tue = Mon.AddDays(1);

    private static DateTime At(DateOnly date, int h, int m = 0, int s = 0) => date.ToDateTime(new TimeOnly(h, m, s));

    [Fact]
    public void A_sale_at_22_59_59_is_cleared_that_night_and_one_at_23_00_00_the_next()
    {
        var w = new SettlementWorld(At(Mon, 9));
        w.AdvanceTo(At(Mon, 22, 59, 59));
        var before = w.Purchase(w.Terminals[0], 1_000).Entry!;
        w.AdvanceTo(At(Mon, 23));
        var after = w.Purchase(w.Terminals[0], 2_000).Entry!;

        Assert.Equal(Mon, before.BusinessDate);
        Assert.Equal(Tue, after.BusinessDate);
        var monday = Assert.Single(w.BackOffice.Clearing.Records);
        Assert.Equal((before.Rrn, Mon, Mon), (monday.Rrn, monday.BusinessDate, monday.ClearingDate));

        w.RunThrough(Tue);
        var tuesday = w.BackOffice.Clearing.Records[1];
        Assert.Equal((after.Rrn, Tue, Tue), (tuesday.Rrn, tuesday.BusinessDate, tuesday.ClearingDate));
        Assert.Equal(2, w.BackOffice.Clearing.Records.Count);
    }

    [Fact]
    public void Only_live_purchases_and_refunds_are_cleared_and_their_holds_posted()
    {
        var w = new SettlementWorld(At(Mon, 10));
        var t = w.Terminals[0];
        var kept = w.Purchase(t, 10_000).Entry!;
        var voided = w.Purchase(t, 2_000).Entry!;
        Assert.Equal(ResponseCodes.Approved, w.Void(voided).Response!.ResponseCode);
        var reversed = w.Purchase(t, 3_000).Entry!;
        w.Reverse(reversed);
        var declined = w.Purchase(t, 4_000, pan: "4761739001010135").Entry!; // not a card the issuer knows
        var refund = w.Refund(kept, 1_500).Entry!;
        var refundVoided = w.Refund(kept, 500).Entry!;
        w.Void(refundVoided);
        Assert.False(declined.IsApproved);
        Assert.NotNull(voided.CancelledBy);
        Assert.NotNull(reversed.CancelledBy);

        w.RunThrough(Mon);
        var records = w.BackOffice.Clearing.Records;
        Assert.Equal([(kept.Rrn, ClearingKind.Purchase, 10_000L), (refund.Rrn, ClearingKind.Refund, 1_500L)],
            records.Select(r => (r.Rrn, r.Kind, r.AmountMinor)));
        Assert.Equal(kept.AuthCode, records[0].AuthCode);
        Assert.Empty(w.BackOffice.Clearing.Issues);

        var statuses = w.Issuer.Authorizations.ToDictionary(a => a.Rrn, a => a.Status);
        Assert.Equal(AuthorizationStatus.Posted, statuses[kept.Rrn]);
        Assert.Equal(AuthorizationStatus.Posted, statuses[refund.Rrn]);
        Assert.Equal(AuthorizationStatus.Released, statuses[voided.Rrn]);
        Assert.Equal(AuthorizationStatus.Released, statuses[reversed.Rrn]);
        Assert.Equal(AuthorizationStatus.Released, statuses[refundVoided.Rrn]);

        // The cardholder paid 100.00 and got 15.00 back; the scheme passed it all on to the acquirer's clearing account.
        Assert.True(w.Issuer.TryGetCard(SettlementWorld.Card, out var card));
        var balance = w.Issuer.BalanceOf(card);
        Assert.Equal(1_000_000_000_00 - 10_000 + 1_500, balance.Posted);
        Assert.Equal(0, balance.DebitsPending);
        Assert.Equal(0, w.PostedBalance(AccountIds.Scheme));
        Assert.Equal(10_000 - 1_500, w.PostedBalance(AccountIds.Clearing));
        Assert.Empty(w.Ledger.CheckInvariants(deep: true));
    }

    [Fact]
    public void Each_transaction_is_presented_once_however_many_cut_overs_run()
    {
        var w = new SettlementWorld(At(Mon, 10));
        var sale = w.Purchase(w.Terminals[0], 10_000).Entry!;
        w.RunThrough(Mon.AddDays(8));
        var record = Assert.Single(w.BackOffice.Clearing.Records);
        Assert.Equal(sale.Rrn, record.Rrn);
        Assert.Single(w.Engine.Details);
    }

    [Fact]
    public void A_sale_still_in_flight_at_cut_over_is_presented_at_the_next_one()
    {
        var w = new SettlementWorld(At(Mon, 22, 59, 58));
        var faults = new ScriptedFaults { DelayResponse = _ => TimeSpan.FromSeconds(3) };
        w.Acquirer.Faults = faults;
        var (response, entry) = w.Purchase(w.Terminals[0], 10_000);
        Assert.Null(response); // the issuer's answer comes after the cut-over
        Assert.Equal(TransactionStatus.InFlight, entry!.Status);

        w.AdvanceTo(At(Mon, 23, 0, 2));
        Assert.True(entry.IsApproved);
        Assert.Empty(w.BackOffice.Clearing.Records);

        w.RunThrough(Tue);
        var record = Assert.Single(w.BackOffice.Clearing.Records);
        Assert.Equal((Mon, Tue), (record.BusinessDate, record.ClearingDate));
    }

    [Fact]
    public void A_presentment_the_issuer_never_approved_is_kept_as_an_issue_and_the_books_still_balance()
    {
        var w = new SettlementWorld(At(Mon, 10));
        var sale = w.Purchase(w.Terminals[0], 10_000).Entry!;
        var clearing = new Clearing(w.Ledger, new CardIssuer(w.Ledger)); // an issuer that knows nothing of it
        var records = clearing.Run(w.Switch.Tranlog, Mon);
        Assert.Single(records);
        var issue = Assert.Single(clearing.Issues);
        Assert.Equal((sale.Rrn, Ledger.LedgerResult.PendingTransferNotFound), (issue.Rrn, issue.Result));
        Assert.Empty(w.Ledger.CheckInvariants());
    }

    [Fact]
    public void A_refund_is_paid_back_by_the_acquirer_and_debited_to_the_merchant()
    {
        var w = new SettlementWorld(At(Mon, 10));
        var sale = w.Purchase(w.Terminals[0], 10_000).Entry!;
        w.RunThrough(Tue);
        w.AdvanceTo(At(Tue.AddDays(1), 10));
        w.Refund(sale, 4_000);
        w.RunThrough(Tue.AddDays(2));

        var merchant = w.Engine.AccountOf(sale.MerchantId);
        Assert.Equal(9_940 - 4_000, w.PostedBalance(merchant));
        Assert.Equal(60, w.PostedBalance(AccountIds.Fees));
        Assert.Equal(0, w.PostedBalance(AccountIds.Clearing));
        Assert.Equal(0, w.PostedBalance(AccountIds.Scheme));
        Assert.Equal([9_940L, -4_000L], w.Engine.Statement.Rows.Select(r => r.AmountMinor));
    }

    [Fact]
    public void Catching_up_runs_every_missed_cut_over_in_order_and_a_date_closes_once()
    {
        var w = new SettlementWorld(At(Mon, 10));
        w.Purchase(w.Terminals[0], 1_000);
        w.Clock.Advance(TimeSpan.FromDays(3)); // nobody ran the cut-overs meanwhile
        var reports = w.BackOffice.CatchUp(w.Clock.GetUtcNow());
        Assert.Equal([Mon, Tue, Mon.AddDays(2)], reports.Select(r => r.BusinessDate));
        Assert.Single(reports[0].Cleared);
        Assert.Single(reports[1].Settlement.Paid);
        Assert.Empty(w.BackOffice.CatchUp(w.Clock.GetUtcNow()));
        Assert.Throws<InvalidOperationException>(() => w.BackOffice.CutOver(Tue));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero), w.BackOffice.CutOverMoment(Mon));
    }

    [Theory]
    [InlineData(-0.1, 0)]
    [InlineData(1.5, 0)]
    [InlineData(0.6, 0.6)]
    public void Fault_rates_are_shares_of_one_draw(double drop, double delay)
    {
        var ledger = new Ledger.Ledger(TimeProvider.System);
        Assert.ThrowsAny<ArgumentException>(() => new SettlementFaultInjector(new SettlementFaultPlan { DropRate = drop, DelayRate = delay }, new Random(1)));
    }

    [Fact]
    public void Fault_rates_need_a_seeded_random() =>
        Assert.Throws<ArgumentException>(() => new SettlementFaultInjector(new SettlementFaultPlan { DropRate = 0.1 }));
}

