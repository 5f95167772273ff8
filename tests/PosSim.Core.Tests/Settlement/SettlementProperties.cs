using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Core.Accounts;
using PosSim.Core.Settlement;
using PosSim.Simulation.Settlement;
using PosSim.Reconciliation;
using static PosSim.Core.Tests.Settlement.Traffic;

namespace PosSim.Core.Tests.Settlement;

/// <summary>
/// Random traffic through the local acquirer, then clearing and settlement over several business days (weekends
/// and a holiday included). The money adds up, the books balance after every day, every live transaction is
/// cleared exactly once, and the matcher agrees: nothing to report on a clean run, exactly the injected breaks on
/// a faulted one.
/// </summary>
public class SettlementProperties
{
    private static readonly DateOnly Start = SettlementWorld.Monday;

    private static readonly Gen<(List<Step> Steps, int StartDay, int Holiday)> Scenario =
        from steps in Gen.ListOf(StepGen).Select(s => s.Take(60).ToList())
        from startDay in Gen.Choose(0, 6)
        from holiday in Gen.Choose(0, 13)
        select (steps, startDay, holiday);

    private static IEnumerable<MerchantAgreement> Agreements(bool restrictedInstant) =>
    [
        new MerchantAgreement("M001"),
        new MerchantAgreement("M002") { MdrCardBps = 125, SettleDays = 2 },
        new MerchantAgreement("M003")
        {
            // D0 all day without a limit on a clean run; a narrow window and a small quota on a faulted one.
            Instant = restrictedInstant
                ? new InstantSettlement(new TimeOnly(9, 0), new TimeOnly(18, 0), 300_00)
                : new InstantSettlement(TimeOnly.MinValue, TimeOnly.MaxValue, long.MaxValue),
        },
        new MerchantAgreement("M004") { SettleDays = 0, MdrCardBps = 0 },
    ];

    [Property(MaxTest = 60)]
    public Property A_clean_run_adds_up_and_reconciles_without_exceptions() =>
        Prop.ForAll(Scenario.ToArbitrary(), s =>
        {
            var first = Start.AddDays(s.StartDay);
            var w = new SettlementWorld(first.ToDateTime(new TimeOnly(8, 0)), Agreements(restrictedInstant: false),
                new BusinessCalendar([Start.AddDays(s.Holiday)]), merchantIds: ["M001", "M002", "M003", "M004"], terminalsPerMerchant: 1);
            PlayCheckingEveryDay(w, s.Steps);
            var asOf = SettleEverything(w);

            var engine = w.Engine;
            var records = w.BackOffice.Clearing.Records;
            var live = w.Switch.Tranlog.Where(e => e.IsLive).ToList();

            // Every live transaction cleared once, nothing else cleared, everything cleared paid out on time.
            Assert.Equal(live.Select(e => (e.TerminalId, e.Rrn)).Order(), records.Select(r => (r.TerminalId, r.Rrn)).Order());
            Assert.All(engine.Items, i => Assert.Equal(i.DueDate, i.Detail!.ValueDate));
            Assert.All(engine.Payouts, p => Assert.Equal(PayoutStatus.Paid, p.Status));

            // The sum of payouts is the cleared gross less fees, and the ledger says the same.
            var gross = records.Sum(r => r.GrossMinor);
            var fees = engine.Details.Sum(d => d.FeeMinor);
            Assert.Equal(gross - fees, engine.Statement.Rows.Sum(r => r.AmountMinor));
            Assert.Equal(fees, w.PostedBalance(AccountIds.Fees));
            Assert.Equal(0, w.PostedBalance(AccountIds.Clearing));
            Assert.Equal(0, w.PostedBalance(AccountIds.Scheme));
            foreach (var merchant in engine.Merchants)
            {
                Assert.Equal(engine.Statement.TotalFor(merchant.MerchantId), w.PostedBalance(engine.AccountOf(merchant.MerchantId)));
            }

            Assert.Empty(w.BackOffice.Clearing.Issues);
            Assert.Empty(w.Ledger.CheckInvariants(deep: true));

            var result = w.Match(asOf);
            Assert.Empty(result.Exceptions);
            Assert.Equal(live.Count, result.Live);
            Assert.Equal(result.Live, result.Matched);
            Assert.Empty(w.BackOffice.Incidents.Items);
        });

    private static readonly Gen<(List<Step> Steps, int StartDay, int Holiday, int Seed, int HoldFrom, int HoldFor, int BounceFrom, int BounceFor)> FaultyScenario =
        from s in Scenario
        from seed in Gen.Choose(0, int.MaxValue)
        from holdFrom in Gen.Choose(0, 10)
        from holdFor in Gen.Choose(0, 30) // past the run's end: never released
        from bounceFrom in Gen.Choose(0, 10)
        from bounceFor in Gen.Choose(0, 30)
        select (s.Steps, s.StartDay, s.Holiday, seed, holdFrom, holdFor, bounceFrom, bounceFor);

    [Property(MaxTest = 60)]
    public Property With_faults_the_matcher_finds_exactly_the_injected_breaks() =>
        Prop.ForAll(FaultyScenario.ToArbitrary(), s =>
        {
            var first = Start.AddDays(s.StartDay);
            var plan = FaultPlan(first, s.HoldFrom, s.HoldFor, s.BounceFrom, s.BounceFor, s.Seed, delayRate: 0.04);
            var w = new SettlementWorld(first.ToDateTime(new TimeOnly(8, 0)), Agreements(restrictedInstant: true),
                new BusinessCalendar([Start.AddDays(s.Holiday)]), plan, s.Seed, merchantIds: ["M001", "M002", "M003", "M004"], terminalsPerMerchant: 1);
            PlayCheckingEveryDay(w, s.Steps);
            var asOf = SettleEverything(w);

            // Each live transaction presented once, but for the dropped (never) and the duplicated (twice).
            var truth = w.BackOffice.Incidents.Items;
            var presented = w.BackOffice.Clearing.Records.CountBy(r => (r.TerminalId, r.Rrn)).ToDictionary();
            foreach (var e in w.Switch.Tranlog.Where(e => e.IsLive))
            {
                var times = truth.Any(f => f.Kind == IncidentKind.ClearingDropped && f.Rrn == e.Rrn && f.TerminalId == e.TerminalId) ? 0
                    : truth.Any(f => f.Kind == IncidentKind.ClearingDuplicated && f.Rrn == e.Rrn && f.TerminalId == e.TerminalId) ? 2
                    : 1;
                Assert.Equal(times, presented.GetValueOrDefault((e.TerminalId, e.Rrn)));
            }

            Assert.Equal(presented.Values.Sum(), w.BackOffice.Clearing.Records.Count);
            Assert.Equal(presented.Count, presented.Keys.Count(k => w.Switch.Tranlog.Any(e => e.IsLive && (e.TerminalId, e.Rrn) == k)));

            // The money still adds up: what arrived is what was paid, and clearing holds what was not paid yet.
            var engine = w.Engine;
            var paid = engine.Payouts.Where(p => p.Status == PayoutStatus.Paid).ToList();
            Assert.Equal(paid.Sum(p => p.NetMinor), engine.Statement.Rows.Sum(r => r.AmountMinor));
            Assert.Equal(paid.Sum(p => p.GrossMinor - p.FeeMinor), paid.Sum(p => p.NetMinor));
            Assert.Equal(w.BackOffice.Clearing.Records.Sum(r => r.GrossMinor) - paid.Sum(p => p.GrossMinor), w.PostedBalance(AccountIds.Clearing));
            Assert.Equal(paid.Sum(p => p.FeeMinor), w.PostedBalance(AccountIds.Fees));
            Assert.Empty(w.Ledger.CheckInvariants(deep: true));

            var found = w.Match(asOf).Exceptions
                .Select(e => e.Kind.Key() == ExceptionKey.Transaction
                    ? new ExpectedFinding(e.Kind, e.TerminalId, e.Rrn, "")
                    : new ExpectedFinding(e.Kind, e.TerminalId, e.Rrn, e.PayoutId))
                .ToHashSet();
            var expected = GroundTruth.ExpectedFindings(w.BackOffice, asOf).ToHashSet();
            Assert.True(expected.SetEquals(found),
                $"missed: {string.Join("; ", expected.Except(found))} | unexpected: {string.Join("; ", found.Except(expected))}\n" +
                string.Join("\n", w.Switch.Tranlog.Where(e => found.Except(expected).Any(f => f.Rrn.Length > 0 && (f.Rrn == e.Rrn || f.Rrn == e.OriginalRrn)))
                    .Select(e => $"{e.TxnId} {e.Kind} {e.Rrn} {e.TerminalId} {e.LocalTime:s} {e.BusinessDate} {e.ResponseCode} batch {e.BatchNumber} orig {e.OriginalRrn} cancelled {e.CancelledBy}")));
        });

    /// <summary>Plays the traffic one step at a time, checking the books each time a day has gone by.</summary>
    private static void PlayCheckingEveryDay(SettlementWorld w, List<Step> steps)
    {
        var player = new Player(w);
        var day = w.LocalNow.Date;
        foreach (var step in steps)
        {
            player.Play(step);
            if (w.LocalNow.Date != day)
            {
                day = w.LocalNow.Date;
                Assert.Empty(w.Ledger.CheckInvariants());
            }
        }

        player.Finish();
    }

    /// <summary>Runs idle days until everything due has been paid; returns the as-of date just after them.</summary>
    private static DateOnly SettleEverything(SettlementWorld w)
    {
        var last = DateOnly.FromDateTime(w.LocalNow).AddDays(12);
        for (var d = DateOnly.FromDateTime(w.LocalNow); d <= last; d = d.AddDays(1))
        {
            w.RunThrough(d);
            Assert.Empty(w.Ledger.CheckInvariants());
        }

        return last.AddDays(1);
    }

    /// <summary>
    /// Every settlement fault at once: presentments dropped, duplicated, altered and delayed, a risk hold on M002 and
    /// bounces on M001 from the generated day, for the generated length (open-ended beyond 20 days).
    /// </summary>
    internal static SettlementFaultPlan FaultPlan(DateOnly first, int holdFrom, int holdFor, int bounceFrom, int bounceFor, int seed, double delayRate) => new()
    {
        DropRate = 0.04,
        DuplicateRate = 0.04,
        AlterRate = 0.04,
        DelayRate = delayRate,
        RiskHolds = [new RiskHoldWindow("M002", first.AddDays(holdFrom), holdFor > 20 ? null : first.AddDays(holdFrom + holdFor))],
        Bounces =
        [
            new PayoutBounceWindow("M001", first.AddDays(bounceFrom), bounceFor > 20 ? null : first.AddDays(bounceFrom + bounceFor),
                seed % 2 == 0 ? BounceReason.FrozenAccount : BounceReason.WrongAccount),
        ],
    };
}
