using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using static PosSim.Core.Tests.Cases.CaseWorld;

namespace PosSim.Core.Tests.Cases.Grading;

/// <summary>Whatever a trainee tries, in whatever order: the grade is the same every time, and only a finished case gets full marks.</summary>
public class CaseGraderProperties
{
    private static readonly Gen<CaseAction?> AnyStep =
        from kind in Gen.Choose(0, 11)
        from money in Gen.Elements(Enum.GetValues<MoneyState>())
        from path in Gen.Elements(Enum.GetValues<ResolutionPath>())
        from amount in Gen.Frequency((3, Gen.Constant(350_00)), (1, Gen.Choose(-10, 400_00)))
        from minutes in Gen.Choose(-90, 90)
        from card in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Gen.Constant<string?>("476173******9999")))
        from approve in Gen.Elements(true, false)
        select kind switch
        {
            0 => new ConfirmRecords("a", Now, Terminal, amount % 2 == 0 ? Rrn : "000000000000"),
            1 => new Diagnose("a", Now, money),
            2 => new ContactCustomer("a", Now, path, DateOnly.FromDateTime(Now), ""),
            3 => new ApplyForRefund("a", Now, Application(path, amount, card) with { TransactionTime = SaleTime.AddMinutes(minutes % 3 == 0 ? minutes : 0) }),
            4 => new SubmitForReview("a", Now),
            5 => new Review("r", Now, approve, approve ? "" : "no"),
            6 => new RecordResolution("s", Now, new ResolutionOutcome(path, amount, amount % 2 == 0 ? "T-1" : "", amount % 2 == 0 ? null : "failed")),
            7 => new Escalate("a", Now, "stuck"),
            8 => new CloseWithoutRefund("a", Now, ""),
            _ => (CaseAction?)null, // a search of the records
        };

    /// <summary>
    /// The procedure with noise: each right step is sometimes replaced, random steps (searches among them) come between,
    /// and the records are often searched first. Purely random steps almost never get past an escalation, which would
    /// leave the finished cases untested.
    /// </summary>
    private static readonly Gen<CaseAction?[]> Work =
        Gen.CollectToArray(Procedure(MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold), step =>
            from count in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 3)))
            from noise in Gen.ArrayOf(AnyStep, count)
            from kept in Gen.Frequency((6, Gen.Constant<CaseAction?>(step)), (1, AnyStep))
            select (CaseAction?[])[.. noise, kept])
        .SelectMany(parts => Gen.Elements(true, false), (parts, searchFirst) => (CaseAction?[])[.. searchFirst ? [null] : Array.Empty<CaseAction?>(), .. parts.SelectMany(p => p)]);

    [Property(MaxTest = 500)]
    public Property The_grade_is_deterministic_and_only_a_finished_case_scores_full_marks() =>
        Prop.ForAll(Work.ToArbitrary(), steps =>
        {
            var trainee = new Trainee(new CaseWorld(MoneyState.HeldAtIssuer));
            foreach (var step in steps)
            {
                _ = step is null ? trainee.Search() : trainee.Try(step);
            }

            var grade = trainee.Grade();
            var again = CaseGrader.Grade(trainee.Case, [.. trainee.Work], trainee.Key);

            Assert.Equal(Describe(grade), Describe(again));
            Assert.InRange(grade.Score, 0, grade.OutOf);
            if (trainee.Case.Stage is not (CaseStage.Completed or CaseStage.Processing))
            {
                // Escalating after the back office failed is right, and the only other way to full marks.
                Assert.True(!grade.FullMarks || trainee.Case is { Stage: CaseStage.Escalated, Outcome.Done: false }, Describe(grade));
            }

            Assert.True(!grade.FullMarks || grade.Verdict != GradeVerdict.NotFinished);
            Assert.Equal(grade.FullMarks, grade.Score == grade.OutOf && !grade.Mistakes.Any());
        });

    private static string Describe(Grade grade) =>
        JsonSerializer.Serialize(new { grade.Score, grade.OutOf, grade.Verdict, grade.Stage, Steps = grade.Steps.Select(s => new { s.Step, s.Points, s.OutOf, s.Reached, Mistakes = s.Mistakes.Select(m => m.ToString()) }) });
}
