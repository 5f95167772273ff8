using PosSim.Core.Cases;
using static PosSim.Core.Tests.Cases.CaseWorld;

namespace PosSim.Core.Tests.Cases;

public class CaseProcedureTests
{
    public static TheoryData<MoneyState, ResolutionPath> EveryWayBack() => new()
    {
        { MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold },
        { MoneyState.HeldAtIssuer, ResolutionPath.PayMerchantLate },
        { MoneyState.ClearedNotSettled, ResolutionPath.ReturnFromClearing },
        { MoneyState.ClearedNotSettled, ResolutionPath.PayMerchantLate },
        { MoneyState.PayoutBounced, ResolutionPath.ReturnFromClearing },
        { MoneyState.PayoutBounced, ResolutionPath.PayMerchantLate },
        { MoneyState.SettledPayoutPending, ResolutionPath.PayMerchantLate },
        { MoneyState.Paid, ResolutionPath.RefundFromMerchant },
    };

    [Theory]
    [MemberData(nameof(EveryWayBack))]
    public void A_case_followed_step_by_step_ends_completed_with_the_ledger_proof_and_a_full_audit_trail(MoneyState money, ResolutionPath path)
    {
        var world = new CaseWorld(money);

        var done = world.Run(Open(), Procedure(money, path));

        Assert.Equal(CaseStage.Completed, done.Stage);
        Assert.Equal("T-42", done.Outcome!.Proof);
        Assert.Equal(["open", "confirm-records", "diagnose", "contact-customer", "apply-for-refund", "submit-for-review", "approve", "resolution"], done.Audit.Select(e => e.Action));
        Assert.Equal(CaseStage.Completed, done.Audit[^1].To);
        Assert.All(done.Audit.Zip(done.Audit.Skip(1)), p => Assert.Equal(p.First.To, p.Second.From));
        Assert.NotEmpty(done.Advice);
    }

    [Fact]
    public void Approval_hands_the_host_exactly_what_was_applied_for()
    {
        var world = new CaseWorld(MoneyState.Paid);
        var c = world.Run(Open(), Procedure(MoneyState.Paid, ResolutionPath.RefundFromMerchant, 120_00).Take(5));

        var decision = CaseEngine.Apply(c, new Review("li", Now.AddHours(1), true, "ok"), world, CasePolicy.Default);

        Assert.Equal(new ResolutionCommand(1, ResolutionPath.RefundFromMerchant, Terminal, Rrn, 120_00, Card), decision.Command);
        Assert.Equal(CaseStage.Processing, decision.Case.Stage);
    }

    [Fact]
    public void A_merchant_never_paid_is_never_debited_the_refund_must_come_from_where_the_money_is()
    {
        foreach (var money in new[] { MoneyState.HeldAtIssuer, MoneyState.ClearedNotSettled, MoneyState.PayoutBounced, MoneyState.SettledPayoutPending })
        {
            var world = new CaseWorld(money);
            var c = world.Run(Open(), Procedure(money, ResolutionPath.ReleaseHold).Take(2));

            var decision = CaseEngine.Apply(c, new ContactCustomer("ana", Now, ResolutionPath.RefundFromMerchant, DateOnly.FromDateTime(Now), ""), world, CasePolicy.Default);

            Assert.Equal(RefusalReason.PathDisagreesWithMoney, decision.Refusal?.Reason);
        }
    }

    [Fact]
    public void A_transaction_that_took_no_money_ends_without_a_refund()
    {
        var world = new CaseWorld(MoneyState.Reversed);
        var c = world.Run(Open(), Procedure(MoneyState.Reversed, ResolutionPath.ReleaseHold).Take(2));

        Assert.Equal(RefusalReason.NothingWasTaken, CaseEngine.Apply(c, Procedure(MoneyState.Reversed, ResolutionPath.ReleaseHold)[2], world, CasePolicy.Default).Refusal?.Reason);
        var closed = world.Run(c, [new CloseWithoutRefund("ana", Now, "the sale was reversed; the cardholder was never charged")]);

        Assert.Equal(CaseStage.Completed, closed.Stage);
        Assert.Null(closed.Outcome);
    }

    [Fact]
    public void Closing_without_a_refund_is_refused_when_money_was_taken()
    {
        var world = new CaseWorld(MoneyState.HeldAtIssuer);
        var c = world.Run(Open(), Procedure(MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold).Take(2));

        Assert.Equal(RefusalReason.MoneyWasTaken, CaseEngine.Apply(c, new CloseWithoutRefund("ana", Now, ""), world, CasePolicy.Default).Refusal?.Reason);
    }

    [Fact]
    public void A_rejected_application_goes_back_to_be_amended_and_can_then_be_approved()
    {
        var world = new CaseWorld(MoneyState.Paid);
        var c = world.Run(Open(), Procedure(MoneyState.Paid, ResolutionPath.RefundFromMerchant, 400_00).Take(5));
        Assert.Equal(RefusalReason.AmountOverRefundable, CaseEngine.Apply(c, new Review("li", Now, true, ""), world, CasePolicy.Default).Refusal?.Reason);

        c = world.Run(c, [new Review("li", Now, false, "more than the sale")]);
        Assert.Equal(CaseStage.RefundAppliedFor, c.Stage);
        Assert.Equal(["more than the sale"], c.Rejections);

        c = world.Run(c, [new ApplyForRefund("ana", Now, Application(ResolutionPath.RefundFromMerchant, 350_00)), new SubmitForReview("ana", Now), new Review("li", Now, true, "ok")]);
        Assert.Equal(CaseStage.Processing, c.Stage);
    }

    [Fact]
    public void A_resolution_that_moved_nothing_keeps_the_case_processing_and_one_that_differs_is_refused()
    {
        var world = new CaseWorld(MoneyState.HeldAtIssuer);
        var c = world.Run(Open(), Procedure(MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold).Take(6));

        var failed = world.Run(c, [new RecordResolution("system", Now, new ResolutionOutcome(ResolutionPath.ReleaseHold, 350_00, "", "issuer down"))]);
        Assert.Equal(CaseStage.Processing, failed.Stage);
        var other = CaseEngine.Apply(failed, new RecordResolution("system", Now, new ResolutionOutcome(ResolutionPath.ReleaseHold, 300_00, "T-1")), world, CasePolicy.Default);
        Assert.Equal(RefusalReason.OutcomeDiffers, other.Refusal?.Reason);
    }

    [Fact]
    public void A_closed_case_refuses_every_step_and_an_escalation_needs_a_reason()
    {
        var world = new CaseWorld();
        Assert.Equal(RefusalReason.ReasonMissing, CaseEngine.Apply(Open(), new Escalate("ana", Now, " "), world, CasePolicy.Default).Refusal?.Reason);
        var escalated = world.Run(Open(), [new Escalate("ana", Now, "merchant wants it in writing")]);

        Assert.Equal(CaseStage.Escalated, escalated.Stage);
        foreach (var action in Procedure(MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold))
        {
            Assert.Equal(RefusalReason.CaseClosed, CaseEngine.Apply(escalated, action, world, CasePolicy.Default).Refusal?.Reason);
        }
    }
}
