using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Training;
using PosSim.Simulation.Tests.Trace;

namespace PosSim.Simulation.Tests.Cases.Training;

/// <summary>
/// Training over 05-clearing-records, whose dropped clearing records leave sales approved and never presented: the
/// cardholder's money is held, the merchant never paid. Each test trains in a copy of the run.
/// </summary>
public sealed class TrainingTests(ClearingRecordsRunFixture run) : IClassFixture<ClearingRecordsRunFixture>
{
    private static readonly ICaseText[] Languages = [CaseTextEn.Instance, CaseTextZhCn.Instance];

    [Fact]
    public void The_complaint_names_the_amount_and_a_rounded_time_but_never_the_rrn_or_the_cause()
    {
        using var folder = new TrainingFolder(run.Dir);
        var breaks = folder.Start().Key.Breaks;
        Assert.True(breaks >= 2, $"{breaks} breaks");
        for (var pick = 1; pick <= breaks; pick++)
        {
            foreach (var text in Languages)
            {
                using var other = new TrainingFolder(run.Dir);
                var training = other.Start(seed: pick * 7, pick: pick, text: text);
                var (complaint, key) = (training.Case.Complaint, training.Key);
                var words = complaint.Words;

                Assert.Contains(PosSim.Simulation.Support.TraceMoney.Amount(key.Answer.AmountMinor), words, StringComparison.Ordinal);
                foreach (var secret in new[] { key.Answer.Rrn, key.Answer.TerminalId, key.Answer.Card, key.Fault!, key.Finding!, CaseNames.Of(key.Answer.Money), text.Money(key.Answer.Money) })
                {
                    Assert.DoesNotContain(secret, words, StringComparison.OrdinalIgnoreCase);
                }

                Assert.Null(complaint.TerminalId);
                Assert.Equal(0, complaint.ApproximateTime.Minute % 15);
                Assert.InRange((complaint.ApproximateTime - key.Answer.TransactionTime).Duration(), TimeSpan.Zero, TimeSpan.FromMinutes(8));
                Assert.Equal(Trainer.Actor, training.Case.Audit[0].Actor);
            }
        }
    }

    [Fact]
    public void A_key_file_of_one_key_alone_as_written_before_the_desk_drew_more_still_reads()
    {
        using var folder = new TrainingFolder(run.Dir);
        var written = folder.Start(pick: 1).Key;
        var list = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TrainingKey.PathIn(folder.Dir)))!.AsArray();
        File.WriteAllText(TrainingKey.PathIn(folder.Dir), list[0]!.ToJsonString());

        Assert.Equal(written, TrainingKey.Read(folder.Dir, written.Answer.CaseId));
    }

    [Fact]
    public void Next_draws_a_break_no_case_has_named_and_adds_its_key_after_the_first()
    {
        using var folder = new TrainingFolder(run.Dir);
        var first = folder.Start(pick: 1).Key;

        var next = Trainer.Next(folder.Dir, CaseTextEn.Instance);

        Assert.Equal(2, next.Case.Id);
        Assert.NotEqual((first.Answer.TerminalId, first.Answer.Rrn), (next.Key.Answer.TerminalId, next.Key.Answer.Rrn));
        Assert.Equal([1L, 2L], TrainingKey.ReadAllOrNone(folder.Dir).Select(k => k.Answer.CaseId));
        Assert.Equal(first.Seed, next.Key.Seed);
    }

    [Fact]
    public void The_same_seed_gives_the_same_case_and_pick_chooses_another()
    {
        using var first = new TrainingFolder(run.Dir);
        using var again = new TrainingFolder(run.Dir);
        using var other = new TrainingFolder(run.Dir);

        var a = first.Start(seed: 11).Key;
        var b = again.Start(seed: 11).Key;
        var c = other.Start(seed: 11, pick: (a.Pick % a.Breaks) + 1).Key;

        Assert.Equal(File.ReadAllText(TrainingKey.PathIn(first.Dir)), File.ReadAllText(TrainingKey.PathIn(again.Dir)));
        Assert.Equal(a.Answer, b.Answer);
        Assert.NotEqual(a.Answer.Rrn, c.Answer.Rrn);
    }

    [Fact]
    public void The_answer_key_is_the_held_sale_and_reads_back_as_written()
    {
        using var folder = new TrainingFolder(run.Dir);
        var written = folder.Start(pick: 1).Key;

        var read = TrainingKey.Read(folder.Dir, written.Answer.CaseId);

        Assert.Equal(("T0000001", 5600L, MoneyState.HeldAtIssuer), (read.Answer.TerminalId, read.Answer.AmountMinor, read.Answer.Money));
        Assert.Equal([ResolutionPath.ReleaseHold, ResolutionPath.PayMerchantLate], read.Answer.WaysBack);
        Assert.Equal(("clearing-dropped", "approved-not-cleared"), (read.Fault, read.Finding));
        Assert.Equal(written, read);
    }

    [Fact]
    public void Working_the_case_by_the_procedure_through_the_case_book_gets_full_marks()
    {
        using var folder = new TrainingFolder(run.Dir);
        var key = folder.Start().Key.Answer;
        using (var book = CaseBook.Open(folder.Dir))
        {
            Assert.Contains(book.Search(key.CaseId, "ana"), t => t.Rrn == key.Rrn);
            foreach (var step in Procedure(key))
            {
                Assert.True(book.Do(key.CaseId, step).Accepted);
            }
        }

        var (grade, _) = Trainer.Grade(folder.Dir, key.CaseId);

        Assert.Equal(GradeVerdict.AwaitingProcessing, grade.Verdict);
        Assert.True(grade.FullMarks, $"{grade.Score}/{grade.OutOf}: {string.Join("; ", grade.Mistakes)}");

        // Carried out, the case completes, still at full marks.
        Assert.Equal(CaseStage.Completed, Assert.Single(CaseExecution.CarryOut(folder.Dir).Cases).Stage);
        var (completed, _) = Trainer.Grade(folder.Dir, key.CaseId);
        Assert.Equal(GradeVerdict.Completed, completed.Verdict);
        Assert.True(completed.FullMarks);
    }

    [Fact]
    public void A_wrong_path_is_graded_down_with_feedback_that_teaches_in_both_languages()
    {
        using var folder = new TrainingFolder(run.Dir);
        var key = folder.Start().Key.Answer;
        using (var book = CaseBook.Open(folder.Dir))
        {
            book.Do(key.CaseId, at => new Diagnose("ana", at, MoneyState.Paid));             // out of turn
            book.Do(key.CaseId, at => new ConfirmRecords("ana", at, key.TerminalId, key.Rrn)); // without searching
            book.Do(key.CaseId, at => new Diagnose("ana", at, MoneyState.Paid));             // refused by the records
            book.Do(key.CaseId, at => new Escalate("ana", at, "the merchant was paid"));
        }

        var (grade, training) = Trainer.Grade(folder.Dir, key.CaseId);

        Assert.Equal(GradeVerdict.Escalated, grade.Verdict);
        Assert.Equal(
            [MistakeKind.NotSearched, MistakeKind.WrongMoneyState, MistakeKind.EscalatedNeedlessly, MistakeKind.OutOfOrder],
            grade.Mistakes.Select(m => m.Kind));
        Assert.Equal(CaseGrader.ConfirmPoints - CaseGrader.OutOfOrderPoints, grade.Score);
        foreach (var text in Languages)
        {
            var feedback = string.Join("\n", grade.Mistakes.Select(m => text.Mistake(m, training.Answer)));
            Assert.Contains(text.MistakeName(MistakeKind.EscalatedNeedlessly), feedback, StringComparison.Ordinal);
            Assert.Contains(text.Money(MoneyState.Paid), feedback, StringComparison.Ordinal);
            Assert.Contains(text.Money(MoneyState.HeldAtIssuer), feedback, StringComparison.Ordinal);
            Assert.Contains(text.Path(ResolutionPath.ReleaseHold), feedback, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Grading_is_refused_for_a_folder_without_a_key_or_another_case()
    {
        using var folder = new TrainingFolder(run.Dir);
        Assert.Contains("no training.json", Assert.Throws<CaseInputException>(() => Trainer.Grade(folder.Dir, 1)).Message, StringComparison.Ordinal);

        folder.Start();
        Assert.Contains("its training case is 1", Assert.Throws<CaseInputException>(() => Trainer.Grade(folder.Dir, 2)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_holding_cases_is_never_reused_by_default()
    {
        using var folder = new TrainingFolder(run.Dir);
        Assert.Null(Trainer.HeldWork(folder.Dir));

        folder.Start();

        Assert.EndsWith(CaseLog.FileName, Trainer.HeldWork(folder.Dir), StringComparison.Ordinal);
    }

    private static IEnumerable<Func<DateTime, CaseAction>> Procedure(AnswerKey key)
    {
        var path = key.WaysBack[0];
        yield return at => new ConfirmRecords("ana", at, key.TerminalId, key.Rrn);
        yield return at => new Diagnose("ana", at, key.Money);
        yield return at => new ContactCustomer("ana", at, path, DateOnly.FromDateTime(at).AddDays(7), "told the cardholder");
        yield return at => new ApplyForRefund("ana", at, new RefundApplication(key.TransactionTime, key.RefundableMinor, key.CounterpartyFor(path), "never arrived", path));
        yield return at => new SubmitForReview("ana", at);
        yield return at => new Review("li", at, true, "records agree");
    }
}
