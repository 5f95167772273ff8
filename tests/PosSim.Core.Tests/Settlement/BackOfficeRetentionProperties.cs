using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Core.Accounts;
using PosSim.Core.Settlement;
using PosSim.Simulation.Settlement;
using static PosSim.Core.Tests.Settlement.Traffic;

namespace PosSim.Core.Tests.Settlement;

/// <summary>
/// Forgetting changes what the back office holds, never what it does: the same random traffic and settlement faults
/// through a back office that forgets and one that never does give the same presentments, settlement rows, payouts,
/// statement and books, and the store of the one that forgets ends up with every record the other holds.
/// </summary>
public class BackOfficeRetentionProperties
{
    private static readonly DateOnly Start = SettlementWorld.Monday;

    private static readonly Gen<(List<Step> Steps, int StartDay, int Holiday, int Seed, int HoldFrom, int HoldFor, int BounceFrom, int BounceFor, int KeptDays)> Scenario =
        from steps in Gen.ListOf(StepGen).Select(s => s.Take(60).ToList())
        from startDay in Gen.Choose(0, 6)
        from holiday in Gen.Choose(0, 13)
        from seed in Gen.Choose(0, int.MaxValue)
        from holdFrom in Gen.Choose(0, 10)
        from holdFor in Gen.Choose(0, 30) // past the run's end: never released
        from bounceFrom in Gen.Choose(0, 10)
        from bounceFor in Gen.Choose(0, 30)
        from keptDays in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 3)))
        select (steps, startDay, holiday, seed, holdFrom, holdFor, bounceFrom, bounceFor, keptDays);

    private static IEnumerable<MerchantAgreement> Agreements() =>
    [
        new MerchantAgreement("M001"),
        new MerchantAgreement("M002") { MdrCardBps = 125, SettleDays = 2 },
        new MerchantAgreement("M003") { Instant = new InstantSettlement(new TimeOnly(9, 0), new TimeOnly(18, 0), 300_00) },
        new MerchantAgreement("M004") { SettleDays = 0, MdrCardBps = 0 },
    ];

    [Property(MaxTest = 50)]
    public Property With_settlement_faults_forgetting_gives_the_same_payouts_statement_and_stored_records_as_keeping_everything() =>
        Prop.ForAll(Scenario.ToArbitrary(), s =>
        {
            var first = Start.AddDays(s.StartDay);
            var plan = SettlementProperties.FaultPlan(first, s.HoldFrom, s.HoldFor, s.BounceFrom, s.BounceFor, s.Seed, delayRate: 0.08);
            SettlementWorld World(SettlementOptions? options) =>
                new(first.ToDateTime(new TimeOnly(8, 0)), Agreements(), new BusinessCalendar([Start.AddDays(s.Holiday)]), plan, s.Seed,
                    merchantIds: ["M001", "M002", "M003", "M004"], terminalsPerMerchant: 1, options: options);
            var forgetful = World(new SettlementOptions { ForgetFinished = true, FinishedKeptDays = s.KeptDays, RecentKept = 3 });
            var keeping = World(null);
            var store = new DrainedStore();
            var keepingStore = new DrainedStore();
            forgetful.BackOffice.TrackNewRecords();
            keeping.BackOffice.TrackNewRecords();

            var players = (new Player(forgetful), new Player(keeping));
            foreach (var step in s.Steps)
            {
                players.Item1.Play(step);
                players.Item2.Play(step);
                store.Absorb(forgetful.BackOffice);
                keepingStore.Absorb(keeping.BackOffice);
            }

            players.Item1.Finish();
            players.Item2.Finish();
            var last = DateOnly.FromDateTime(keeping.LocalNow).AddDays(12);
            for (var d = DateOnly.FromDateTime(keeping.LocalNow); d <= last; d = d.AddDays(1))
            {
                forgetful.RunThrough(d);
                keeping.RunThrough(d);
                store.Absorb(forgetful.BackOffice);
                keepingStore.Absorb(keeping.BackOffice);
            }

            // The stores agree with each other and with everything the keeping back office holds.
            var all = keeping.BackOffice;
            Assert.Equal(all.Clearing.Records, keepingStore.Clearing);
            Assert.Equal(keepingStore.Clearing, store.Clearing);
            Assert.Equal(all.Engine.Details.Select(DrainedStore.Row.Of), keepingStore.Settlements.Values);
            Assert.Equal(keepingStore.Settlements.Values, store.Settlements.Values);
            Assert.Equal(all.Engine.Statement.Rows, keepingStore.Statement);
            Assert.Equal(keepingStore.Statement, store.Statement);

            // The same payouts: those paid are on both statements; those still bounced are held by both.
            Assert.Equal(all.Engine.Payouts.Where(p => p.Status == PayoutStatus.Paid).Select(p => (p.PayoutId, p.NetMinor)).Order(),
                store.Statement.Select(r => (r.PayoutId, r.AmountMinor)).Order());
            Assert.Equal(all.Engine.Payouts.Where(p => p.Status == PayoutStatus.Bounced).Select(p => (p.PayoutId, p.NetMinor, p.ValueDate)),
                forgetful.Engine.Payouts.Where(p => p.Status == PayoutStatus.Bounced).Select(p => (p.PayoutId, p.NetMinor, p.ValueDate)));
            Assert.Equal(all.Engine.Items.Where(i => i.Detail is null && !i.Returned).Select(i => (i.Record, i.ScheduledDate, i.Causes)),
                forgetful.Engine.Items.Where(i => i.Detail is null && !i.Returned).Select(i => (i.Record, i.ScheduledDate, i.Causes)));

            // The same books, the same incidents (the latest held, all counted), the same counts.
            foreach (var merchant in all.Engine.Merchants.Select(m => m.MerchantId))
            {
                Assert.Equal(keeping.PostedBalance(all.Engine.AccountOf(merchant)), forgetful.PostedBalance(forgetful.Engine.AccountOf(merchant)));
                Assert.Equal(all.Engine.Statement.TotalFor(merchant), forgetful.Engine.Statement.TotalFor(merchant));
            }

            foreach (var account in new[] { AccountIds.Fees, AccountIds.Clearing, AccountIds.Scheme })
            {
                Assert.Equal(keeping.PostedBalance(account), forgetful.PostedBalance(account));
            }

            Assert.Equal(all.Incidents.Items.Count, forgetful.BackOffice.Incidents.Total);
            Assert.Equal(all.Incidents.Items.TakeLast(3), forgetful.BackOffice.Incidents.Items);
            Assert.Equal(all.Clearing.Issues.Count, forgetful.BackOffice.Clearing.IssuesTotal);
            Assert.Equal(all.Clearing.Withheld.Count, forgetful.BackOffice.Clearing.WithheldTotal);
            Assert.InRange(forgetful.BackOffice.HeldRecords.Total, 0, all.HeldRecords.Total);
            Assert.Empty(forgetful.Ledger.CheckInvariants(deep: true));
        });
}
