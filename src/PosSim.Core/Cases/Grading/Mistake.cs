namespace PosSim.Core.Cases.Grading;

/// <summary>The kinds of mistake a grade names.</summary>
public enum MistakeKind
{
    NotSearched,
    WrongTransaction,
    WrongMoneyState,
    WrongWayBack,
    WrongAmount,
    WrongCounterparty,
    WrongTransactionTime,
    OutOfOrder,
    EscalatedNeedlessly,
    NotFinished,
}

/// <summary>
/// One mistake, with the values that show it (language-neutral: the texts of each language say it). A mistake
/// <see cref="Corrected"/> was made in a step that was refused and then put right: it costs half.
/// </summary>
public abstract record Mistake(bool Corrected)
{
    public abstract MistakeKind Kind { get; }
}

/// <summary>A transaction was named before the records were searched.</summary>
public sealed record NotSearched() : Mistake(false)
{
    public override MistakeKind Kind => MistakeKind.NotSearched;
}

/// <summary>Another transaction than the merchant's was named (<paramref name="Rrn"/> on <paramref name="TerminalId"/>).</summary>
public sealed record WrongTransaction(string TerminalId, string Rrn, bool Corrected) : Mistake(Corrected)
{
    public override MistakeKind Kind => MistakeKind.WrongTransaction;
}

/// <summary>The money was said to be somewhere (<paramref name="Said"/>) other than where the records show it.</summary>
public sealed record WrongMoneyState(MoneyState Said, bool Corrected) : Mistake(Corrected)
{
    public override MistakeKind Kind => MistakeKind.WrongMoneyState;
}

/// <summary>
/// A way back that does not fit where the money is (<paramref name="Path"/>), or closing without a refund
/// (<paramref name="Path"/> null) when money was taken.
/// </summary>
public sealed record WrongWayBack(ResolutionPath? Path, bool Corrected) : Mistake(Corrected)
{
    public override MistakeKind Kind => MistakeKind.WrongWayBack;
}

public sealed record WrongAmount(long GivenMinor, bool Corrected) : Mistake(Corrected)
{
    public override MistakeKind Kind => MistakeKind.WrongAmount;
}

public sealed record WrongCounterparty(string Given, bool Corrected) : Mistake(Corrected)
{
    public override MistakeKind Kind => MistakeKind.WrongCounterparty;
}

public sealed record WrongTransactionTime(DateTime Given, bool Corrected) : Mistake(Corrected)
{
    public override MistakeKind Kind => MistakeKind.WrongTransactionTime;
}

/// <summary>Steps tried out of their turn (or on a closed case): the first one, the stage it met, and how many.</summary>
public sealed record OutOfOrder(string Step, CaseStage Stage, int Times) : Mistake(false)
{
    public override MistakeKind Kind => MistakeKind.OutOfOrder;
}

/// <summary>Handed on at <paramref name="Stage"/> when the procedure could resolve it.</summary>
public sealed record EscalatedNeedlessly(CaseStage Stage, string Reason) : Mistake(false)
{
    public override MistakeKind Kind => MistakeKind.EscalatedNeedlessly;
}

/// <summary>Left at <paramref name="Stage"/>, before review approved it.</summary>
public sealed record NotFinished(CaseStage Stage) : Mistake(false)
{
    public override MistakeKind Kind => MistakeKind.NotFinished;
}
