using FsCheck.Xunit;
using PosSim.Core.Cases;

namespace PosSim.Core.Tests.Cases;

/// <summary>The automatic agent follows the procedure: every step it proposes is one the engine accepts, in order, to approval.</summary>
public sealed class CaseAgentTests
{
    /// <summary>Lets the agent work a case over <paramref name="world"/> until it has nothing to do.</summary>
    private static SupportCase Work(CaseWorld world, AgentAgreement agreement)
    {
        var c = CaseWorld.Open();
        var at = CaseWorld.Now;
        for (var i = 0; i < 20; i++)
        {
            at = at.AddMinutes(1);
            var candidates = world.Search(new TransactionQuery(c.Complaint.MerchantId, c.Complaint.TerminalId, c.Complaint.ApproximateTime.AddHours(-2), c.Complaint.ApproximateTime.AddHours(2), c.Complaint.AmountMinor));
            if (CaseAgent.Next(c, candidates, world, agreement, at) is not { } action)
            {
                return c;
            }

            var decision = CaseEngine.Apply(c, action, world, CasePolicy.Default);
            Assert.True(decision.Accepted, $"the agent's {action.GetType().Name} was refused: {decision.Refusal}");
            c = decision.Case;
        }

        throw new InvalidOperationException("the agent never stopped");
    }

    [Theory]
    [InlineData(MoneyState.HeldAtIssuer, AgentAgreement.Refund, ResolutionPath.ReleaseHold)]
    [InlineData(MoneyState.HeldAtIssuer, AgentAgreement.PayLate, ResolutionPath.PayMerchantLate)]
    [InlineData(MoneyState.ClearedNotSettled, AgentAgreement.Refund, ResolutionPath.ReturnFromClearing)]
    [InlineData(MoneyState.PayoutBounced, AgentAgreement.PayLate, ResolutionPath.PayMerchantLate)]
    [InlineData(MoneyState.SettledPayoutPending, AgentAgreement.Refund, ResolutionPath.PayMerchantLate)]
    [InlineData(MoneyState.Paid, AgentAgreement.Refund, ResolutionPath.RefundFromMerchant)]
    public void The_agent_takes_a_case_to_approval_by_the_way_back_that_fits_the_money(MoneyState money, AgentAgreement agreement, ResolutionPath expected)
    {
        var c = Work(new CaseWorld(money), agreement);

        Assert.Equal(CaseStage.Processing, c.Stage);
        Assert.Equal(expected, c.Command!.Path);
        Assert.Equal(350_00, c.Command.AmountMinor);
        Assert.Equal(["open", "confirm-records", "diagnose", "contact-customer", "apply-for-refund", "submit-for-review", "approve"], c.Audit.Select(e => e.Action));
    }

    [Theory]
    [InlineData(MoneyState.Declined)]
    [InlineData(MoneyState.Reversed)]
    public void When_no_money_was_taken_the_agent_closes_the_case_without_a_refund(MoneyState money)
    {
        var c = Work(new CaseWorld(money), AgentAgreement.Refund);
        Assert.Equal(CaseStage.Completed, c.Stage);
        Assert.Null(c.Command);
    }

    [Fact]
    public void With_nothing_in_the_records_the_agent_escalates_and_says_why()
    {
        var world = new CaseWorld();
        world.Put(CaseWorld.Sale(MoneyState.HeldAtIssuer) with { MerchantId = "M0009" });
        var c = Work(world, AgentAgreement.Refund);
        Assert.Equal(CaseStage.Escalated, c.Stage);
        Assert.Contains("no transaction in the records fits", c.EscalationReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_way_back_that_moved_nothing_is_escalated_with_the_back_office_s_reason()
    {
        var world = new CaseWorld();
        var c = Work(world, AgentAgreement.Refund);
        c = CaseEngine.Apply(c, new RecordResolution("back-office", CaseWorld.Now.AddDays(1), new ResolutionOutcome(c.Command!.Path, 350_00, "", "the issuer still holds it")), world, CasePolicy.Default).Case;
        var next = CaseAgent.Next(c, [], world, AgentAgreement.Refund, CaseWorld.Now.AddDays(1).AddMinutes(1));
        var escalate = Assert.IsType<Escalate>(next);
        Assert.Contains("the issuer still holds it", escalate.Reason, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public void Every_way_back_the_agent_picks_fits_where_the_money_is(MoneyState money, bool payLate)
    {
        var path = CaseAgent.PathFor(money, payLate ? AgentAgreement.PayLate : AgentAgreement.Refund);
        Assert.True(money is MoneyState.Declined or MoneyState.Reversed || CaseEngine.Fits(path, money), $"{path} does not fit {money}");
    }
}
