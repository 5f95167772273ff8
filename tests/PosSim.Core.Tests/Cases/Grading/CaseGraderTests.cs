using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using static PosSim.Core.Tests.Cases.CaseWorld;

namespace PosSim.Core.Tests.Cases.Grading;

public class CaseGraderTests
{
    private static readonly DateOnly By = DateOnly.FromDateTime(Now).AddDays(3);

    private static Trainee Held() => new(new CaseWorld(MoneyState.HeldAtIssuer));

    private static ConfirmRecords Confirm(string rrn = Rrn) => new("ana", Now, Terminal, rrn);

    private static Diagnose Diagnosis(MoneyState money) => new("ana", Now, money);

    private static ContactCustomer Contact(ResolutionPath path) => new("ana", Now, path, By, "called");

    private static ApplyForRefund Apply(RefundApplication application) => new("ana", Now, application);

    private static SubmitForReview Submit() => new("ana", Now);

    private static Review Approve() => new("li", Now, true, "ok");

    [Fact]
    public void A_case_worked_by_the_procedure_to_approval_gets_full_marks_awaiting_processing()
    {
        var grade = Held().Search().Try(Trainee.RightSteps(MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold)).Grade();

        Assert.Equal(CaseStage.Processing, grade.Stage);
        Assert.Equal(GradeVerdict.AwaitingProcessing, grade.Verdict);
        Assert.Equal(100, grade.OutOf);
        Assert.True(grade.FullMarks, $"{grade.Score}/{grade.OutOf}");
        Assert.Empty(grade.Mistakes);
    }

    [Fact]
    public void A_completed_case_gets_full_marks_too()
    {
        var grade = Held().Search().Try([.. Procedure(MoneyState.HeldAtIssuer, ResolutionPath.PayMerchantLate)]).Grade();

        Assert.Equal(GradeVerdict.Completed, grade.Verdict);
        Assert.True(grade.FullMarks);
    }

    public static TheoryData<MoneyState, AgentAgreement> EveryPlaceAndAgreement()
    {
        var data = new TheoryData<MoneyState, AgentAgreement>();
        foreach (var money in Enum.GetValues<MoneyState>())
        {
            data.Add(money, AgentAgreement.Refund);
            data.Add(money, AgentAgreement.PayLate);
        }

        return data;
    }

    /// <summary>The automatic agent follows the procedure as the core writes it down: the grader must agree it does.</summary>
    [Theory]
    [MemberData(nameof(EveryPlaceAndAgreement))]
    public void The_automatic_agent_searching_first_gets_full_marks_wherever_the_money_is(MoneyState money, AgentAgreement agreement)
    {
        var world = new CaseWorld(money);
        var trainee = new Trainee(world).Search();
        for (var i = 0; i < 12 && CaseAgent.Next(trainee.Case, trainee.Candidates, world, agreement, Now) is { } step; i++)
        {
            trainee.Try(step);
        }

        var grade = trainee.Grade();

        Assert.True(grade.FullMarks, $"{money}/{agreement}: {grade.Score}/{grade.OutOf} {string.Join("; ", grade.Mistakes)}");
        Assert.Equal(money is MoneyState.Declined or MoneyState.Reversed ? GradeVerdict.Completed : GradeVerdict.AwaitingProcessing, grade.Verdict);
    }

    [Fact]
    public void Confirming_without_searching_the_records_is_named()
    {
        var grade = Held().Try(Trainee.RightSteps(MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold)).Grade();

        Assert.Equal(MistakeKind.NotSearched, Assert.Single(grade.Mistakes).Kind);
        Assert.Equal(100 - CaseGrader.SearchPoints, grade.Score);
    }

    [Fact]
    public void Another_transaction_confirmed_is_named_with_its_rrn()
    {
        var world = new CaseWorld(MoneyState.HeldAtIssuer);
        world.Put(Sale(MoneyState.HeldAtIssuer) with { Rrn = "606114000999", LocalTime = SaleTime.AddMinutes(30) });
        var trainee = new Trainee(world).Search().Try(Confirm("606114000999"));

        var grade = trainee.Grade();

        var mistake = Assert.IsType<WrongTransaction>(Assert.Single(grade.Steps, s => s.Step == GradedStep.Confirm).Mistakes.Single());
        Assert.Equal("606114000999", mistake.Rrn);
        Assert.False(mistake.Corrected);
        Assert.Equal(0, grade.Steps.Single(s => s.Step == GradedStep.Confirm).Points);
    }

    [Fact]
    public void A_wrong_transaction_the_records_refused_and_that_was_put_right_costs_half()
    {
        var grade = Held().Search().Try(Confirm("000000000000")).Try(Trainee.RightSteps(MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold)).Grade();

        var confirm = grade.Steps.Single(s => s.Step == GradedStep.Confirm);
        Assert.Equal(CaseGrader.ConfirmPoints / 2, confirm.Points);
        Assert.True(Assert.IsType<WrongTransaction>(Assert.Single(confirm.Mistakes)).Corrected);
    }

    [Fact]
    public void A_diagnosis_against_the_records_is_named_with_what_was_said()
    {
        var grade = Held().Search().Try(Confirm(), Diagnosis(MoneyState.Paid), Diagnosis(MoneyState.HeldAtIssuer)).Grade();

        var mistake = Assert.IsType<WrongMoneyState>(Assert.Single(grade.Steps.Single(s => s.Step == GradedStep.Diagnose).Mistakes));
        Assert.Equal(MoneyState.Paid, mistake.Said);
    }

    [Fact]
    public void A_way_back_that_does_not_fit_where_the_money_is_is_named()
    {
        var grade = Held().Search().Try(Confirm(), Diagnosis(MoneyState.HeldAtIssuer), Contact(ResolutionPath.RefundFromMerchant), Contact(ResolutionPath.ReleaseHold)).Grade();

        var mistake = Assert.IsType<WrongWayBack>(Assert.Single(grade.Steps.Single(s => s.Step == GradedStep.Contact).Mistakes));
        Assert.Equal(ResolutionPath.RefundFromMerchant, mistake.Path);
    }

    [Fact]
    public void Closing_without_a_refund_when_money_was_taken_is_a_wrong_way_back()
    {
        var grade = Held().Search().Try(Confirm(), Diagnosis(MoneyState.HeldAtIssuer), new CloseWithoutRefund("ana", Now, "nothing to do")).Grade();

        Assert.Contains(grade.Mistakes, m => m is WrongWayBack { Path: null });
    }

    [Fact]
    public void A_partial_amount_approved_is_named_and_keeps_the_case_from_full_marks()
    {
        var grade = Held().Search().Try(Confirm(), Diagnosis(MoneyState.HeldAtIssuer), Contact(ResolutionPath.ReleaseHold),
            Apply(Application(ResolutionPath.ReleaseHold, 100_00)), Submit(), Approve()).Grade();

        Assert.Equal(CaseStage.Processing, grade.Stage);
        Assert.Equal(100_00, Assert.IsType<WrongAmount>(Assert.Single(grade.Mistakes)).GivenMinor);
        Assert.False(grade.FullMarks);
    }

    [Fact]
    public void An_amount_review_refused_is_named_as_a_corrected_wrong_amount()
    {
        var grade = Held().Search().Try(Confirm(), Diagnosis(MoneyState.HeldAtIssuer), Contact(ResolutionPath.ReleaseHold),
            Apply(Application(ResolutionPath.ReleaseHold, 400_00)), Submit(), Approve(),
            new Review("li", Now, false, "more than the sale"), Apply(Application(ResolutionPath.ReleaseHold)), Submit(), Approve()).Grade();

        var mistake = Assert.IsType<WrongAmount>(Assert.Single(grade.Mistakes));
        Assert.Equal(400_00, mistake.GivenMinor);
        Assert.True(mistake.Corrected);
        Assert.Equal(100 - (CaseGrader.AmountPoints / 2), grade.Score);
    }

    [Fact]
    public void Money_sent_to_another_card_is_a_wrong_counterparty()
    {
        var grade = Held().Search().Try(Confirm(), Diagnosis(MoneyState.HeldAtIssuer), Contact(ResolutionPath.ReleaseHold),
            Apply(Application(ResolutionPath.ReleaseHold, counterparty: "476173******9999")), Submit(), Approve()).Grade();

        Assert.Equal("476173******9999", Assert.Single(grade.Mistakes.OfType<WrongCounterparty>()).Given);
        Assert.Equal(CaseStage.UnderReview, grade.Stage); // review refused it, so it is not finished either
        Assert.Contains(grade.Mistakes, m => m.Kind == MistakeKind.NotFinished);
    }

    [Fact]
    public void A_transaction_time_not_the_records_is_named()
    {
        var grade = Held().Search().Try(Confirm(), Diagnosis(MoneyState.HeldAtIssuer), Contact(ResolutionPath.ReleaseHold),
            Apply(Application(ResolutionPath.ReleaseHold) with { TransactionTime = SaleTime.AddHours(1) })).Grade();

        Assert.Contains(grade.Mistakes, m => m is WrongTransactionTime { Corrected: false });
    }

    [Fact]
    public void Steps_tried_out_of_turn_cost_points_and_name_the_first_one()
    {
        var grade = Held().Search().Try(Diagnosis(MoneyState.HeldAtIssuer), Submit(), Submit()).Try(Trainee.RightSteps(MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold)).Grade();

        var order = grade.Steps.Single(s => s.Step == GradedStep.Order);
        var mistake = Assert.IsType<OutOfOrder>(Assert.Single(order.Mistakes));
        Assert.Equal(("diagnose", CaseStage.Registered, 3), (mistake.Step, mistake.Stage, mistake.Times));
        Assert.Equal(-CaseGrader.OutOfOrderCap, order.Points);
        Assert.Equal(100 - CaseGrader.OutOfOrderCap, grade.Score);
    }

    [Fact]
    public void Escalating_a_case_the_procedure_could_resolve_is_named()
    {
        var grade = Held().Search().Try(Confirm(), Diagnosis(MoneyState.HeldAtIssuer), new Escalate("ana", Now, "not sure")).Grade();

        Assert.Equal(GradeVerdict.Escalated, grade.Verdict);
        var mistake = Assert.IsType<EscalatedNeedlessly>(Assert.Single(grade.Steps.Single(s => s.Step == GradedStep.Finish).Mistakes));
        Assert.Equal(CaseStage.Diagnosed, mistake.Stage);
    }

    [Fact]
    public void Escalating_after_the_back_office_could_not_move_the_money_is_right()
    {
        var grade = Held().Search().Try(Trainee.RightSteps(MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold))
            .Try(new RecordResolution("system", Now, new ResolutionOutcome(ResolutionPath.ReleaseHold, 350_00, "", "issuer unavailable")), new Escalate("ana", Now, "the release failed")).Grade();

        Assert.Equal(GradeVerdict.Escalated, grade.Verdict);
        Assert.True(grade.FullMarks);
    }

    [Fact]
    public void A_case_left_before_review_is_not_finished()
    {
        var grade = Held().Search().Try(Confirm(), Diagnosis(MoneyState.HeldAtIssuer)).Grade();

        Assert.Equal(GradeVerdict.NotFinished, grade.Verdict);
        Assert.Equal(CaseStage.Diagnosed, Assert.IsType<NotFinished>(Assert.Single(grade.Mistakes)).Stage);
        Assert.Equal(CaseGrader.SearchPoints + CaseGrader.ConfirmPoints + CaseGrader.DiagnosePoints, grade.Score);
        Assert.False(grade.Steps.Single(s => s.Step == GradedStep.Apply).Reached);
    }

    [Fact]
    public void A_sale_that_took_no_money_is_graded_on_closing_it()
    {
        var trainee = new Trainee(new CaseWorld(MoneyState.Reversed));

        var grade = trainee.Search().Try(Confirm(), Diagnosis(MoneyState.Reversed), new CloseWithoutRefund("ana", Now, "reversed")).Grade();

        Assert.Equal(GradeVerdict.Completed, grade.Verdict);
        Assert.True(grade.FullMarks);
        Assert.DoesNotContain(grade.Steps, s => s.Step is GradedStep.Contact or GradedStep.Apply);
    }
}
