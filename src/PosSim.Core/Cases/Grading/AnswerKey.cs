namespace PosSim.Core.Cases.Grading;

/// <summary>
/// What a trainee should have found for a training case: the transaction the merchant means, where its money is, the
/// ways back that fit, and what the application must say. Written when the case is made, from the run's records.
/// </summary>
/// <param name="Card">The card that paid, masked as the records show it: the counterparty of every way back but paying the merchant late.</param>
/// <param name="RefundableMinor">What can go back: the amount a right application names.</param>
public sealed record AnswerKey(
    long CaseId,
    string MerchantId,
    string TerminalId,
    string Rrn,
    DateTime TransactionTime,
    long AmountMinor,
    string Card,
    MoneyState Money,
    long RefundableMinor)
{
    /// <summary>The key for the transaction the case is about, as the records show it now.</summary>
    public static AnswerKey For(long caseId, TransactionFacts t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new AnswerKey(caseId, t.MerchantId, t.TerminalId, t.Rrn, t.LocalTime, t.AmountMinor, t.PanMasked, t.Money, t.RefundableMinor);
    }

    /// <summary>The ways back that fit where the money is, the usual one first: the engine's own rule, so the key cannot disagree with it.</summary>
    public IReadOnlyList<ResolutionPath> WaysBack => CaseEngine.PathsFor(Money);

    /// <summary>Whether money was taken: when it was not, the case ends without a refund and has no way back.</summary>
    public bool MoneyTaken => WaysBack.Count > 0;

    /// <summary>Who the money goes to by that way back.</summary>
    public string CounterpartyFor(ResolutionPath path) => path == ResolutionPath.PayMerchantLate ? MerchantId : Card;

    public bool IsTransaction(TransactionFacts? t) => t is not null && t.TerminalId == TerminalId && t.Rrn == Rrn;
}
