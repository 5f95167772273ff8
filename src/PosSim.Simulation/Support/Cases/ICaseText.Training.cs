using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using PosSim.Simulation.Support.Cases.Training;

namespace PosSim.Simulation.Support.Cases;

/// <summary>What training mode, grading and the guided session say: the merchant's call, the grade's feedback, the prompts.</summary>
public partial interface ICaseText
{
    /// <summary>The day and time as a merchant says them: "on Monday 2 March, around a quarter past nine in the morning".</summary>
    string SpokenWhen(DateTime around);

    /// <summary>One of <see cref="MerchantCall.Variants"/> ways a merchant says the money never came; never the RRN or the cause.</summary>
    string MerchantWords(int variant, string amount, string when);

    string TrainingOpened(long caseId, string scenarioName, int seed, int pick, int breaks);

    /// <summary>How to work the training case, and that the answer key is not to be opened; one line each.</summary>
    IReadOnlyList<string> TrainingHowTo(string runDir, long caseId);

    string GradeTitle(long caseId, int score, int outOf);

    string Verdict(GradeVerdict verdict, CaseStage stage);

    string StepTitle(GradedStep step);

    /// <summary>What the procedure says about the step: the lesson under every step that lost points.</summary>
    string StepProcedure(GradedStep step);

    string NotReached { get; }

    string MistakeName(MistakeKind kind);

    /// <summary>What was wrong or missed, against what the key says was right.</summary>
    string Mistake(Mistake mistake, AnswerKey key);

    /// <summary>Said after a mistake the records refused and that was put right.</summary>
    string CorrectedMistake { get; }

    string AnswerHeading { get; }

    /// <summary>The answer key as a sentence, shown once the case is graded.</summary>
    string TheAnswer(AnswerKey key, string? fault, string? finding);

    string Move(CaseMove move);

    string SessionPickCase { get; }

    string SessionNewCase { get; }

    string SessionAskMerchant { get; }

    string SessionAskAround { get; }

    string SessionAskAmount { get; }

    string SessionAskWords { get; }

    string SessionWhatNext { get; }

    string SessionPickTransaction { get; }

    string SessionOtherRrn { get; }

    string SessionAskRrn { get; }

    string SessionAskMoney { get; }

    string SessionAskPath { get; }

    string SessionAskByDate { get; }

    string SessionAskNote { get; }

    string SessionAskRefundAmount { get; }

    string SessionAskTime { get; }

    string SessionAskCounterparty { get; }

    string SessionAskReason { get; }

    string SessionAskRejection { get; }

    string SessionAskEscalation { get; }

    /// <summary>The reason an application gives when none is typed.</summary>
    string DefaultRefundReason { get; }

    /// <summary>Headings of the candidates table: RRN, terminal, time, amount, card, where the money is.</summary>
    IReadOnlyList<string> CandidateColumns { get; }

    string SessionNotAChoice(string answer);

    string SessionNotAnAmount(string answer);

    string SessionNotAValue(string answer, string format);

    string SessionEnded(long caseId, CaseStage stage);

    string SessionGradeHint(string runDir, long caseId);
}
