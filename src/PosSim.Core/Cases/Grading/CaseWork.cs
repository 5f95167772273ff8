namespace PosSim.Core.Cases.Grading;

/// <summary>
/// One thing done on a case, in the order done: the records searched, or a step tried, accepted or refused. The
/// audit trail keeps only what was accepted; grading also needs what was tried and when the records were looked at.
/// </summary>
public abstract record CaseWork(DateTime At, string Actor);

/// <summary>The records were searched for the transactions that fit the complaint.</summary>
/// <param name="Found">How many fitted.</param>
public sealed record SearchedRecords(DateTime At, string Actor, int Found) : CaseWork(At, Actor);

/// <summary>A step was tried: <paramref name="Refusal"/> is why it was refused, null when it was accepted.</summary>
public sealed record TriedStep(CaseAction Action, CaseRefusal? Refusal) : CaseWork(Action.At, Action.Actor)
{
    public bool Accepted => Refusal is null;
}
