using System.Collections.Immutable;

namespace PosSim.Core.Cases.Grading;

/// <summary>The parts of the procedure a grade gives points for, in the order they are taken.</summary>
public enum GradedStep
{
    /// <summary>The transaction records were searched before a transaction was named.</summary>
    Search,

    /// <summary>The transaction the merchant means was confirmed.</summary>
    Confirm,

    /// <summary>Where the money is was said as the records show it.</summary>
    Diagnose,

    /// <summary>A way back that fits where the money is was agreed with the customer.</summary>
    Contact,

    /// <summary>The application names the transaction's time, the amount and the counterparty rightly.</summary>
    Apply,

    /// <summary>The case went through review to processing (or was completed), and was not handed on needlessly.</summary>
    Finish,

    /// <summary>Steps tried out of their turn: only ever takes points away.</summary>
    Order,
}

/// <summary>How a graded case ended.</summary>
public enum GradeVerdict
{
    /// <summary>The case is completed: the money moved (or no money was taken and the case was closed).</summary>
    Completed,

    /// <summary>Approved: every step the procedure asks of support was taken; the back office moves the money next.</summary>
    AwaitingProcessing,

    /// <summary>Handed on.</summary>
    Escalated,

    /// <summary>Stopped before review approved it.</summary>
    NotFinished,
}

/// <summary>The points of one part of the procedure, and what went wrong in it.</summary>
/// <param name="Reached">Whether the case got as far as this step at all.</param>
public sealed record StepGrade(GradedStep Step, int Points, int OutOf, bool Reached, ImmutableArray<Mistake> Mistakes)
{
    public bool FullMarks => Points == OutOf && Mistakes.IsEmpty;
}

/// <summary>A trainee's case graded against the procedure and its answer key.</summary>
public sealed record Grade(long CaseId, int Score, int OutOf, GradeVerdict Verdict, CaseStage Stage, ImmutableArray<StepGrade> Steps)
{
    public bool FullMarks => Score == OutOf;

    /// <summary>Every mistake, in the order of the procedure.</summary>
    public IEnumerable<Mistake> Mistakes => Steps.SelectMany(s => s.Mistakes);
}
