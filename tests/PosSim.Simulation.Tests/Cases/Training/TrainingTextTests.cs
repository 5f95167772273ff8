using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Training;

namespace PosSim.Simulation.Tests.Cases.Training;

/// <summary>Every mistake and every graded step has its own words in each language, and says what is right.</summary>
public class TrainingTextTests
{
    private static readonly AnswerKey Key = new(1, "M0001", "T0000001", "606109000046", new DateTime(2026, 3, 2, 9, 10, 0), 56_00, "476173******0011",
        MoneyState.HeldAtIssuer, 56_00);

    private static readonly Mistake[] EveryMistake =
    [
        new NotSearched(),
        new WrongTransaction("T0000002", "606109000099", false),
        new WrongMoneyState(MoneyState.Paid, true),
        new WrongWayBack(ResolutionPath.RefundFromMerchant, false),
        new WrongWayBack(null, false),
        new WrongAmount(20_00, false),
        new WrongCounterparty("476173******9999", false),
        new WrongTransactionTime(new DateTime(2026, 3, 2, 10, 0, 0), false),
        new OutOfOrder("diagnose", CaseStage.Registered, 2),
        new EscalatedNeedlessly(CaseStage.Diagnosed, "not sure"),
        new NotFinished(CaseStage.CustomerContacted),
    ];

    public static TheoryData<string> Languages() => ["en", "zh-CN"];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_mistake_is_named_and_said_with_what_was_right(string code)
    {
        var text = CaseLanguages.Find(code)!;
        Assert.Equal(Enum.GetValues<MistakeKind>().Length, Enum.GetValues<MistakeKind>().Select(text.MistakeName).Distinct().Count());
        Assert.Equal(Enum.GetValues<MistakeKind>(), EveryMistake.Select(m => m.Kind).Distinct());
        foreach (var mistake in EveryMistake)
        {
            var said = text.Mistake(mistake, Key);
            Assert.StartsWith(text.MistakeName(mistake.Kind), said, StringComparison.Ordinal);
            Assert.DoesNotContain(nameof(Mistake), said, StringComparison.Ordinal); // no record's ToString fell through
        }

        Assert.Contains("606109000046", text.Mistake(EveryMistake[1], Key), StringComparison.Ordinal);
        Assert.Contains(text.Money(MoneyState.HeldAtIssuer), text.Mistake(EveryMistake[2], Key), StringComparison.Ordinal);
        Assert.Contains("56.00", text.Mistake(EveryMistake[5], Key), StringComparison.Ordinal);
        Assert.Contains("476173******0011", text.Mistake(EveryMistake[6], Key), StringComparison.Ordinal);
        Assert.Contains("2026-03-02 09:10:00", text.Mistake(EveryMistake[7], Key), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_step_and_move_has_its_words(string code)
    {
        var text = CaseLanguages.Find(code)!;
        Assert.Equal(Enum.GetValues<GradedStep>().Length, Enum.GetValues<GradedStep>().Select(text.StepTitle).Distinct().Count());
        Assert.Equal(Enum.GetValues<GradedStep>().Length, Enum.GetValues<GradedStep>().Select(text.StepProcedure).Distinct().Count());
        Assert.Equal(Enum.GetValues<CaseMove>().Length, Enum.GetValues<CaseMove>().Select(text.Move).Distinct().Count());
        Assert.All(Enum.GetValues<GradeVerdict>(), v => Assert.NotEmpty(text.Verdict(v, CaseStage.Diagnosed)));
        Assert.Equal(6, text.CandidateColumns.Count);
    }

    [Fact]
    public void A_session_offers_only_the_steps_the_procedure_takes_next_and_never_defaults_to_escalating()
    {
        Assert.Equal([CaseMove.Confirm, CaseMove.Search, CaseMove.Escalate, CaseMove.Show, CaseMove.Quit], CaseMoves.For(CaseStage.Registered));
        Assert.Equal([CaseMove.Show, CaseMove.Quit], CaseMoves.For(CaseStage.Completed));
        foreach (var stage in Enum.GetValues<CaseStage>())
        {
            Assert.Contains(CaseMoves.Default(stage), CaseMoves.For(stage));
            Assert.NotEqual(CaseMove.Escalate, CaseMoves.Default(stage));
        }

        Assert.Equal(CaseMove.Quit, CaseMoves.Default(CaseStage.Processing));
    }
}
