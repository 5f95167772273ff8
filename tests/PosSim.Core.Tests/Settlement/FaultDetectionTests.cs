using PosSim.Core.Settlement;
using PosSim.Simulation.Settlement;
using PosSim.Core.Switch;
using PosSim.Reconciliation;

namespace PosSim.Core.Tests.Settlement;

/// <summary>
/// Each fault knob, aimed at a known transaction or merchant, is found by the matcher as exactly the exceptions
/// docs/interchange-files.md gives it, and the ground truth predicts exactly those.
/// </summary>
public class FaultDetectionTests
{
    private static readonly DateOnly Mon = SettlementWorld.Monday;
    private static readonly DateOnly Tue = Mon.AddDays(1);
    private static readonly DateOnly Wed = Mon.AddDays(2);
    private static readonly DateOnly Thu = Mon.AddDays(3);
    private static readonly DateOnly AsOf = Mon.AddDays(8);

    private static DateTime At(DateOnly date, int h, int m = 0) => date.ToDateTime(new TimeOnly(h, m));

    /// <summary>The sales of the script, by letter: A (M001, T1), B (M002, T3), C (M001, T2), refund R of A, D (M002, T3).</summary>
    private sealed record Script(SettlementWorld World, TranlogEntry A, TranlogEntry B, TranlogEntry C, TranlogEntry R, TranlogEntry D);

    private static Script Run(SettlementFaultPlan? plan = null, IEnumerable<MerchantAgreement>? merchants = null)
    {
        var w = new SettlementWorld(At(Mon, 9), merchants, faults: plan, merchantIds: ["M001", "M002"]);
        w.AdvanceTo(At(Mon, 10));
        var a = w.Purchase(w.Terminals[0], 10_000).Entry!;
        var b = w.Purchase(w.Terminals[2], 20_000).Entry!;
        var c = w.Purchase(w.Terminals[1], 3_000).Entry!;
        w.AdvanceTo(At(Mon, 22));
        w.CloseBatches();
        w.AdvanceTo(At(Tue, 11));
        var r = w.Refund(a, 2_000).Entry!;
        var d = w.Purchase(w.Terminals[2], 7_000).Entry!;
        w.AdvanceTo(At(Tue, 22));
        w.CloseBatches();
        w.RunThrough(AsOf.AddDays(-1));
        return new Script(w, a, b, c, r, d);
    }

    /// <summary>The script's transactions are the same in every run: learn them once, aim faults at them.</summary>
    private static readonly Script Clean = Run();

    private static ExpectedFinding Txn(ExceptionKind kind, TranlogEntry e) => new(kind, e.TerminalId, e.Rrn, "");

    private static ExpectedFinding Payout(string payoutId) => new(ExceptionKind.PayoutMissing, "", "", payoutId);

    private static void AssertFinds(Script s, params ExpectedFinding[] expected)
    {
        var found = s.World.Match(AsOf).Exceptions
            .Select(e => e.Kind.Key() == ExceptionKey.Transaction
                ? new ExpectedFinding(e.Kind, e.TerminalId, e.Rrn, "")
                : new ExpectedFinding(e.Kind, e.TerminalId, e.Rrn, e.PayoutId))
            .Order(FindingOrder.Instance)
            .ToList();
        Assert.Equal(expected.Order(FindingOrder.Instance), found);
        Assert.Equal(expected.Order(FindingOrder.Instance), GroundTruth.ExpectedFindings(s.World.BackOffice, AsOf));
        Assert.Empty(s.World.Ledger.CheckInvariants(deep: true));
    }

    [Fact]
    public void The_clean_script_has_no_exception() => AssertFinds(Clean);

    [Fact]
    public void A_dropped_presentment_is_approved_not_cleared()
    {
        var s = Run(new SettlementFaultPlan { Targeted = [new TargetedFault(Clean.A.TerminalId, Clean.A.Rrn, TransactionFault.DropClearing)] });
        Assert.DoesNotContain(s.World.BackOffice.Clearing.Records, r => r.Rrn == s.A.Rrn && r.Kind == ClearingKind.Purchase);
        AssertFinds(s, Txn(ExceptionKind.ApprovedNotCleared, s.A));
    }

    [Fact]
    public void A_duplicated_presentment_is_duplicate_clearing()
    {
        var s = Run(new SettlementFaultPlan { Targeted = [new TargetedFault(Clean.B.TerminalId, Clean.B.Rrn, TransactionFault.DuplicateClearing)] });
        Assert.Equal(2, s.World.BackOffice.Clearing.Records.Count(r => r.Rrn == s.B.Rrn));
        AssertFinds(s, Txn(ExceptionKind.DuplicateClearing, s.B));
    }

    [Fact]
    public void An_altered_amount_is_clearing_amount_mismatch()
    {
        var s = Run(new SettlementFaultPlan { Targeted = [new TargetedFault(Clean.C.TerminalId, Clean.C.Rrn, TransactionFault.AlterAmount)], AlterByMinor = 1 });
        Assert.Equal(3_001, s.World.BackOffice.Clearing.Records.Single(r => r.Rrn == s.C.Rrn).AmountMinor);
        AssertFinds(s, Txn(ExceptionKind.ClearingAmountMismatch, s.C));
    }

    [Fact]
    public void A_delayed_settlement_is_settled_late()
    {
        var s = Run(new SettlementFaultPlan { Targeted = [new TargetedFault(Clean.D.TerminalId, Clean.D.Rrn, TransactionFault.DelaySettlement)] });
        AssertFinds(s, Txn(ExceptionKind.SettledLate, s.D));
    }

    [Fact]
    public void A_risk_hold_released_later_is_settled_late()
    {
        var s = Run(new SettlementFaultPlan { RiskHolds = [new RiskHoldWindow("M002", Mon, ReleaseOn: Thu)] });
        Assert.All(s.World.Engine.Details.Where(d => d.MerchantId == "M002"), d => Assert.Equal(Thu, d.ValueDate));
        AssertFinds(s, Txn(ExceptionKind.SettledLate, s.B), Txn(ExceptionKind.SettledLate, s.D));
    }

    [Fact]
    public void A_risk_hold_never_released_is_cleared_not_settled()
    {
        var s = Run(new SettlementFaultPlan { RiskHolds = [new RiskHoldWindow("M002", Mon)] });
        AssertFinds(s, Txn(ExceptionKind.ClearedNotSettled, s.B), Txn(ExceptionKind.ClearedNotSettled, s.D));
    }

    [Fact]
    public void A_risk_hold_from_the_agreement_is_the_same()
    {
        var s = Run(merchants: [new MerchantAgreement("M001"), new MerchantAgreement("M002") { RiskHold = true }]);
        AssertFinds(s, Txn(ExceptionKind.ClearedNotSettled, s.B), Txn(ExceptionKind.ClearedNotSettled, s.D));
    }

    [Fact]
    public void A_bounce_reissued_once_unfrozen_is_settled_late()
    {
        var s = Run(new SettlementFaultPlan { Bounces = [new PayoutBounceWindow("M001", Mon, CorrectedOn: Wed)] });
        var payout = s.World.Engine.Payouts.Single(p => p.PayoutId == "P-M001-20260303-1");
        Assert.Equal((PayoutStatus.Paid, Wed), (payout.Status, payout.ValueDate));
        AssertFinds(s, Txn(ExceptionKind.SettledLate, s.A), Txn(ExceptionKind.SettledLate, s.C));
    }

    [Fact]
    public void A_bounce_never_corrected_is_payout_missing()
    {
        var s = Run(new SettlementFaultPlan { Bounces = [new PayoutBounceWindow("M001", Mon)] });
        AssertFinds(s, Payout("P-M001-20260303-1"), Payout("P-M001-20260304-1"));
    }

    [Fact]
    public void A_wrong_account_corrected_later_is_settled_late()
    {
        var s = Run(new SettlementFaultPlan { Bounces = [new PayoutBounceWindow("M001", Mon, CorrectedOn: Thu, BounceReason.WrongAccount)] });
        AssertFinds(s, Txn(ExceptionKind.SettledLate, s.A), Txn(ExceptionKind.SettledLate, s.C), Txn(ExceptionKind.SettledLate, s.R));
    }

    [Fact]
    public void Instant_settlement_over_quota_or_outside_its_window_is_settled_late()
    {
        var instant = new MerchantAgreement("M001") { Instant = new InstantSettlement(new TimeOnly(9, 0), new TimeOnly(10, 30), 12_000) };
        var s = Run(merchants: [instant, new MerchantAgreement("M002")]);
        Assert.Equal(Mon, s.World.Engine.Items.Single(i => i.Record.Rrn == s.A.Rrn).Detail!.ValueDate); // D0
        AssertFinds(s, Txn(ExceptionKind.SettledLate, s.C), Txn(ExceptionKind.SettledLate, s.R));
    }

    [Fact]
    public void Every_fault_at_once_is_every_finding_at_once()
    {
        var s = Run(new SettlementFaultPlan
        {
            Targeted =
            [
                new TargetedFault(Clean.A.TerminalId, Clean.A.Rrn, TransactionFault.DropClearing),
                new TargetedFault(Clean.B.TerminalId, Clean.B.Rrn, TransactionFault.DuplicateClearing),
                new TargetedFault(Clean.D.TerminalId, Clean.D.Rrn, TransactionFault.AlterAmount),
            ],
            Bounces = [new PayoutBounceWindow("M001", Mon)],
        });
        AssertFinds(s,
            Txn(ExceptionKind.ApprovedNotCleared, s.A),
            Txn(ExceptionKind.DuplicateClearing, s.B),
            Txn(ExceptionKind.ClearingAmountMismatch, s.D),
            Payout("P-M001-20260303-1"),
            Payout("P-M001-20260304-1"));
    }

    [Fact]
    public void The_ground_truth_lists_what_was_injected()
    {
        var s = Run(new SettlementFaultPlan
        {
            Targeted = [new TargetedFault(Clean.A.TerminalId, Clean.A.Rrn, TransactionFault.DropClearing)],
            Bounces = [new PayoutBounceWindow("M002", Tue, CorrectedOn: Thu)],
        });
        Assert.Equal(
            [
                (IncidentKind.ClearingDropped, Mon, s.A.Rrn, ""),
                (IncidentKind.PayoutBounced, Tue, "", "P-M002-20260303-1"),
                (IncidentKind.PayoutBounced, Wed, "", "P-M002-20260304-1"),
                (IncidentKind.PayoutReissued, Thu, "", "P-M002-20260303-1"),
                (IncidentKind.PayoutReissued, Thu, "", "P-M002-20260304-1"),
            ],
            s.World.BackOffice.Incidents.Items.Select(f => (f.Kind, f.Date, f.Rrn, f.PayoutId)));
    }

    private sealed class FindingOrder : IComparer<ExpectedFinding>
    {
        public static FindingOrder Instance { get; } = new();

        public int Compare(ExpectedFinding a, ExpectedFinding b)
        {
            var c = string.CompareOrdinal(a.Kind.Name(), b.Kind.Name());
            c = c != 0 ? c : string.CompareOrdinal(a.TerminalId, b.TerminalId);
            c = c != 0 ? c : string.CompareOrdinal(a.Rrn, b.Rrn);
            return c != 0 ? c : string.CompareOrdinal(a.PayoutId, b.PayoutId);
        }
    }
}
