using PosSim.Core.Accounts;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Simulation.Settlement;
using static PosSim.Core.Tests.Settlement.Week;

namespace PosSim.Core.Tests.Settlement;

/// <summary>
/// A long-running back office: it hands its records to a store, forgets what is final after each cut-over, keeps
/// what a rule still needs, and holds no more after many days than after a few.
/// </summary>
public class BackOfficeRetentionTests
{
    private const int PerDay = 24;

    private static readonly SettlementOptions Forgetting = new() { ForgetFinished = true, FinishedKeptDays = 0, RecentKept = 20 };

    private static DateTime At(DateOnly date, int h, int m = 0) => date.ToDateTime(new TimeOnly(h, m));

    [Fact]
    public void Over_thirty_business_days_of_steady_traffic_what_is_held_stays_flat_and_the_store_gets_everything()
    {
        var options = Forgetting with { FinishedKeptDays = 2 };
        var forgetful = new SettlementWorld(At(Mon, 8), merchantIds: ["M001", "M002"], options: options);
        var keeping = new SettlementWorld(At(Mon, 8), merchantIds: ["M001", "M002"]);
        forgetful.BackOffice.TrackNewRecords();
        keeping.BackOffice.TrackNewRecords();
        var store = new DrainedStore();
        var keepingStore = new DrainedStore();
        var held = new List<BackOfficeHeldRecords>();
        var authorizations = new List<int>();

        var days = 0;
        for (var day = Mon; BusinessDaysFrom(Mon, day) < 30; day = day.AddDays(1), days++)
        {
            PlayDay(forgetful, day);
            PlayDay(keeping, day);
            store.Absorb(forgetful.BackOffice);
            keepingStore.Absorb(keeping.BackOffice);
            forgetful.Issuer.ForgetFinishedBefore(forgetful.Clock.GetUtcNow() - forgetful.Issuer.Options.HoldTimeout);
            held.Add(forgetful.BackOffice.HeldRecords);
            authorizations.Add(forgetful.Issuer.Authorizations.Count);
        }

        // Whole weeks compared: weekends and Mondays hold more than midweek. The last weeks hold no more than the second.
        var second = held.Skip(7).Take(7).ToList();
        var lastWeeks = held.Skip(14).ToList();
        Assert.True(days >= 40);
        Assert.True(lastWeeks.Max(h => h.Total) <= second.Max(h => h.Total), $"{lastWeeks.Max(h => h.Total)} > {second.Max(h => h.Total)}");
        Assert.All(lastWeeks, h =>
        {
            Assert.InRange(h.ClearingRecords, 0, PerDay * 7);
            Assert.InRange(h.Items, 0, PerDay * 7);
            Assert.InRange(h.Details, 0, PerDay * 7);
            Assert.InRange(h.Payouts, 0, 2 * 7);
            Assert.InRange(h.StatementRows, 0, 2 * 7);
            Assert.InRange(h.Incidents, 0, 20);
            Assert.InRange(h.Keyed, 0, 2 * 7);
        });
        Assert.InRange(authorizations.Skip(14).Max(), 0, authorizations.Skip(7).Take(7).Max());
        Assert.True(keeping.BackOffice.HeldRecords.Items > PerDay * 30, "the back office that never forgets holds every day");

        // The store of the one that forgets has all that the other holds, row for row and to the minor unit.
        var all = keeping.BackOffice;
        Assert.Equal(all.Clearing.Records, store.Clearing);
        Assert.Equal(all.Engine.Details.Select(DrainedStore.Row.Of), store.Settlements.Values);
        Assert.Equal(all.Engine.Statement.Rows, store.Statement);
        Assert.Equal(all.Clearing.Records.Sum(r => r.GrossMinor), store.Clearing.Sum(r => r.GrossMinor));
        Assert.Equal(all.Engine.Details.Sum(d => d.NetMinor), store.Settlements.Values.Sum(d => d.NetMinor));
        Assert.Equal(all.Engine.Statement.Rows.Sum(r => r.AmountMinor), store.Statement.Sum(r => r.AmountMinor));
        Assert.Equal(keepingStore.Settlements.Values, store.Settlements.Values);
        Assert.Equal(all.Clearing.Records.Count, forgetful.BackOffice.Clearing.Presented);
        Assert.Equal(all.Engine.Items.Count, forgetful.BackOffice.Engine.Accepted);
        Assert.Equal(all.Engine.Payouts.Count, forgetful.BackOffice.Engine.Issued);
        Assert.Equal(all.Engine.Statement.Rows.Count, forgetful.BackOffice.Engine.Statement.Booked);
        foreach (var merchant in new[] { "M001", "M002" })
        {
            Assert.Equal(all.Engine.Statement.TotalFor(merchant), forgetful.Engine.Statement.TotalFor(merchant));
            Assert.Equal(keeping.PostedBalance(all.Engine.AccountOf(merchant)), forgetful.PostedBalance(forgetful.Engine.AccountOf(merchant)));
        }

        Assert.Equal(keeping.PostedBalance(AccountIds.Fees), forgetful.PostedBalance(AccountIds.Fees));
        Assert.Equal(keeping.PostedBalance(AccountIds.Clearing), forgetful.PostedBalance(AccountIds.Clearing));
        Assert.Empty(forgetful.Ledger.CheckInvariants(deep: true));
    }

    [Fact]
    public void A_back_office_tracks_and_forgets_nothing_unless_asked()
    {
        var w = new SettlementWorld(At(Mon, 9), merchantIds: ["M001"]);
        w.Purchase(w.Terminals[0], 10_00);
        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();
        w.RunThrough(Wed);

        Assert.False(w.BackOffice.HasNewRecords);
        Assert.Single(w.BackOffice.Clearing.Records);
        Assert.Single(w.Engine.Items);
        Assert.Single(w.Engine.Payouts);
        Assert.Single(w.Engine.Details);
        Assert.Single(w.Engine.Statement.Rows);
    }

    [Fact]
    public void Records_made_before_tracking_starts_are_not_drained()
    {
        var w = new SettlementWorld(At(Mon, 9), merchantIds: ["M001"]);
        w.Purchase(w.Terminals[0], 10_00);
        w.AdvanceTo(At(Mon, 23, 30));
        w.BackOffice.TrackNewRecords();
        var store = new DrainedStore();

        w.RunThrough(Tue);
        store.Absorb(w.BackOffice);

        Assert.Empty(store.Clearing); // presented at Monday's cut-over, before tracking began
        Assert.Single(store.Settlements);
        Assert.Single(store.Statement);
    }

    [Fact]
    public void A_paid_payout_its_rows_items_and_presentments_are_forgotten_at_the_cut_over_that_pays_them()
    {
        var w = new SettlementWorld(At(Mon, 9), merchantIds: ["M001"], options: Forgetting);
        w.BackOffice.TrackNewRecords();
        var store = new DrainedStore();
        w.Purchase(w.Terminals[0], 10_00);
        w.Purchase(w.Terminals[0], 20_00);
        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();
        w.RunThrough(Mon);
        store.Absorb(w.BackOffice);
        Assert.Equal(new BackOfficeHeldRecords(ClearingRecords: 2, Items: 2, Waiting: 2, 0, 0, 0, 0, 0, 0, 0, Keyed: 0), w.BackOffice.HeldRecords);

        w.RunThrough(Tue);
        store.Absorb(w.BackOffice);

        Assert.Equal(default, w.BackOffice.HeldRecords);
        Assert.Equal(2, store.Clearing.Count);
        Assert.Equal(2, store.Settlements.Count);
        Assert.Equal(30_00 - 18, Assert.Single(store.Statement).AmountMinor);
        Assert.Equal(30_00 - 18, w.Engine.Statement.TotalFor("M001"));
    }

    [Fact]
    public void Finished_records_are_held_for_the_days_kept_then_forgotten()
    {
        var w = new SettlementWorld(At(Mon, 9), merchantIds: ["M001"], options: Forgetting with { FinishedKeptDays = 2 });
        w.Purchase(w.Terminals[0], 10_00);
        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();

        w.RunThrough(Wed); // paid Tuesday, kept through Thursday's cut-over minus two days
        Assert.Single(w.Engine.Payouts);
        Assert.Single(w.Engine.Items);
        w.RunThrough(Thu);

        Assert.Empty(w.Engine.Payouts);
        Assert.Empty(w.Engine.Items);
        Assert.Empty(w.BackOffice.Clearing.Records);
    }

    [Fact]
    public void A_bounced_payout_is_held_until_reissued_and_its_rows_are_drained_again_with_the_new_value_date()
    {
        var plan = new SettlementFaultPlan { Bounces = [new PayoutBounceWindow("M001", Mon, CorrectedOn: Thu)] };
        var w = new SettlementWorld(At(Mon, 9), merchantIds: ["M001"], faults: plan, options: Forgetting);
        w.BackOffice.TrackNewRecords();
        var store = new DrainedStore();
        w.Purchase(w.Terminals[0], 10_00);
        w.Purchase(w.Terminals[0], 20_00);
        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();
        w.RunThrough(Tue);
        store.Absorb(w.BackOffice);

        var held = w.BackOffice.HeldRecords;
        Assert.Equal((1, 1, 2, 2), (held.Payouts, held.Bounced, held.Items, held.Details));
        Assert.All(store.Settlements.Values, r => Assert.Equal(Tue, r.ValueDate));
        Assert.Empty(store.Statement);

        w.RunThrough(Fri);
        store.Absorb(w.BackOffice);

        var line = Assert.Single(store.Statement);
        Assert.Equal(2, store.Settlements.Count);
        Assert.All(store.Settlements.Values, r => Assert.Equal((line.PayoutId, line.ValueDate), (r.PayoutId, r.ValueDate)));
        Assert.True(line.ValueDate > Tue);
        Assert.Equal(0, w.BackOffice.HeldRecords.Payouts);
        Assert.Equal(0, w.BackOffice.HeldRecords.Items);
    }

    [Fact]
    public void A_row_taken_out_of_a_bounced_payout_for_the_cardholder_is_drained_as_removed()
    {
        var plan = new SettlementFaultPlan { Bounces = [new PayoutBounceWindow("M001", Mon, CorrectedOn: Thu)] };
        var w = new SettlementWorld(At(Mon, 9), merchantIds: ["M001"], faults: plan, options: Forgetting);
        w.BackOffice.TrackNewRecords();
        var store = new DrainedStore();
        var kept = w.Purchase(w.Terminals[0], 10_00).Entry!;
        var returned = w.Purchase(w.Terminals[0], 20_00).Entry!;
        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();
        w.RunThrough(Tue);
        store.Absorb(w.BackOffice);

        Assert.Null(w.Engine.ReturnToCardholder(returned.TerminalId, returned.Rrn));
        store.Absorb(w.BackOffice);
        w.RunThrough(Fri);
        store.Absorb(w.BackOffice);

        Assert.Equal(store.Clearing.Single(c => c.Rrn == kept.Rrn).ClearingId, Assert.Single(store.Settlements.Values).ClearingId);
        Assert.Equal(10_00 - 6, Assert.Single(store.Statement).AmountMinor);
    }

    [Fact]
    public void A_merchant_under_risk_review_keeps_its_items_until_they_are_paid()
    {
        var plan = new SettlementFaultPlan { RiskHolds = [new RiskHoldWindow("M001", Mon, ReleaseOn: Thu)] };
        var w = new SettlementWorld(At(Mon, 9), merchantIds: ["M001"], faults: plan, options: Forgetting);
        w.Purchase(w.Terminals[0], 10_00);
        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();

        w.RunThrough(Wed);
        Assert.Equal((1, 1, 1), (w.BackOffice.HeldRecords.Items, w.BackOffice.HeldRecords.Waiting, w.BackOffice.HeldRecords.ClearingRecords));
        w.RunThrough(Fri);

        Assert.Equal(0, w.BackOffice.HeldRecords.Items);
        Assert.Equal(10_00 - 6, w.Engine.Statement.TotalFor("M001"));
    }

    [Fact]
    public void Incidents_beyond_the_latest_kept_are_counted_not_held()
    {
        var plan = new SettlementFaultPlan { DelayRate = 1 };
        var w = new SettlementWorld(At(Mon, 9), merchantIds: ["M001"], faults: plan, options: Forgetting with { RecentKept = 2 });
        for (var i = 0; i < 5; i++)
        {
            w.Purchase(w.Terminals[0], 10_00 + i);
        }

        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();
        w.RunThrough(Mon);

        Assert.Equal(5, w.BackOffice.Incidents.Total);
        Assert.Equal(2, w.BackOffice.Incidents.Items.Count);
        Assert.All(w.BackOffice.Incidents.Items, i => Assert.Equal(IncidentKind.SettlementDelayed, i.Kind));
        Assert.Equal(0, w.BackOffice.HeldRecords.Keyed); // the delays were taken in by settlement
        Assert.Equal(5, w.BackOffice.HeldRecords.Waiting);
    }

    [Fact]
    public void Support_asked_about_a_forgotten_purchase_says_it_may_have_been_paid_and_does_not_present_it_again()
    {
        var w = new SettlementWorld(At(Mon, 9), merchantIds: ["M001"], options: Forgetting);
        var sale = w.Purchase(w.Terminals[0], 10_00).Entry!;
        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();
        w.RunThrough(Tue);

        Assert.Contains("forgotten", w.Engine.ReturnToCardholder(sale.TerminalId, sale.Rrn), StringComparison.Ordinal);
        Assert.Contains("forgotten", w.Engine.PayLate(sale.TerminalId, sale.Rrn, Wed).Refusal, StringComparison.Ordinal);
        Assert.Null(w.BackOffice.Clearing.PresentLate(sale, Wed));
        Assert.Equal(1, w.BackOffice.Clearing.Presented);
    }

    [Fact]
    public void A_refund_of_a_purchase_given_back_from_clearing_is_still_not_charged_to_the_merchant_after_forgetting()
    {
        var w = new SettlementWorld(At(Mon, 9), [new MerchantAgreement("M001") { SettleDays = 3 }], options: Forgetting);
        var sale = w.Purchase(w.Terminals[0], 10_00).Entry!;
        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();
        w.RunThrough(Mon);
        Assert.Null(w.Engine.ReturnToCardholder(sale.TerminalId, sale.Rrn));
        w.RunThrough(Wed);

        w.AdvanceTo(At(Thu, 10));
        Assert.True(w.Refund(sale, 10_00).Entry!.IsLive);
        w.AdvanceTo(At(Thu, 22));
        w.CloseBatches();
        w.RunThrough(NextTue.AddDays(2));

        Assert.Equal(0, w.Engine.Statement.TotalFor("M001"));
        Assert.Empty(w.Engine.Statement.Rows);
        Assert.Equal(0, w.PostedBalance(w.Engine.AccountOf("M001")));
    }

    private static int BusinessDaysFrom(DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from; d < to; d = d.AddDays(1))
        {
            n += BusinessCalendar.Weekdays.IsBusinessDay(d) ? 1 : 0;
        }

        return n;
    }

    /// <summary>A day of sales from 09:00, with some refunds and voids, batches closed at 22:55, the cut-over at 23:00.</summary>
    private static void PlayDay(SettlementWorld w, DateOnly day)
    {
        var sales = new List<TranlogEntry>();
        for (var i = 0; i < PerDay; i++)
        {
            w.AdvanceTo(At(day, 9).AddMinutes(i * 25));
            var terminal = w.Terminals[i % w.Terminals.Count];
            if (i % 8 == 7 && sales.Count > 0 && sales[^1] is { IsLive: true } last)
            {
                w.Refund(last, 1 + (last.AmountMinor / 3));
                sales.RemoveAt(sales.Count - 1);
            }
            else if (i % 11 == 10 && sales.Count > 0 && sales[^1] is { IsLive: true } voided)
            {
                w.Void(voided);
                sales.RemoveAt(sales.Count - 1);
            }
            else if (w.Purchase(terminal, 1_00 + ((i * 733L) + day.DayNumber) % 50_00).Entry is { IsApproved: true } sale)
            {
                sales.Add(sale);
            }
        }

        w.AdvanceTo(At(day, 22, 55));
        w.CloseBatches();
        w.AdvanceTo(At(day.AddDays(1), 8));
    }
}
