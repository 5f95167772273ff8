using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Training;
using PosSim.Simulation.Tests.Trace;

namespace PosSim.Simulation.Tests.Cases.Training;

/// <summary>The lines noting searches and refused steps change nothing a case log replays to, and logs written before them still replay.</summary>
public sealed class CaseLogCompatibilityTests(ClearingRecordsRunFixture run) : IClassFixture<ClearingRecordsRunFixture>
{
    private const string OldLog =
        """
        {"case":1,"step":"open","merchant":"M0001","terminal":null,"time":"2026-03-02T09:05:00","amount_minor":5600,"words":"never arrived","actor":"support","at":"2026-03-08T23:01:00"}
        {"case":1,"step":"confirm-records","terminal":"T0000001","rrn":"606109000046","actor":"support","at":"2026-03-08T23:02:00"}
        {"case":1,"step":"diagnose","money":"held-at-issuer","actor":"support","at":"2026-03-08T23:03:00"}

        """;

    [Fact]
    public void A_log_written_before_searches_and_refusals_were_noted_replays_as_before()
    {
        using var folder = new TrainingFolder(run.Dir);
        File.WriteAllText(Path.Combine(folder.Dir, CaseLog.FileName), OldLog.ReplaceLineEndings("\n"));

        using var book = CaseBook.Open(folder.Dir);

        Assert.Equal(CaseStage.Diagnosed, book.Get(1).Stage);
        Assert.Equal(new DateTime(2026, 3, 8, 23, 4, 0), book.NextAt);
        Assert.All(Trainer.WorkOf(folder.Dir, 1), w => Assert.True(w is TriedStep { Accepted: true }));
    }

    [Fact]
    public void Searches_and_refused_steps_are_kept_in_order_without_changing_the_case_or_its_clock()
    {
        using var folder = new TrainingFolder(run.Dir);
        File.WriteAllText(Path.Combine(folder.Dir, CaseLog.FileName), OldLog.ReplaceLineEndings("\n"));
        using (var book = CaseBook.Open(folder.Dir))
        {
            var next = book.NextAt;
            Assert.Single(book.Search(1, "ana"));
            Assert.False(book.Do(1, at => new ApplyForRefund("ana", at, new RefundApplication(at, 1, "x", "y", ResolutionPath.ReleaseHold))).Accepted);
            Assert.Equal(next, book.NextAt);
        }

        using var reopened = CaseBook.Open(folder.Dir);
        var work = Trainer.WorkOf(folder.Dir, 1);

        Assert.Equal(CaseStage.Diagnosed, reopened.Get(1).Stage);
        Assert.Equal(new DateTime(2026, 3, 8, 23, 4, 0), reopened.NextAt);
        Assert.Equal(1, Assert.IsType<SearchedRecords>(work[^2]).Found);
        var refused = Assert.IsType<TriedStep>(work[^1]);
        Assert.IsType<ApplyForRefund>(refused.Action);
        Assert.Equal(new CaseRefusal(RefusalReason.OutOfOrder, "apply-for-refund", CaseStage.Diagnosed), refused.Refusal);
    }
}
