namespace PosSim.Core.Cases;

/// <summary>What the merchant says: the start of every case.</summary>
/// <param name="TerminalId">The terminal, when the merchant knows it.</param>
/// <param name="ApproximateTime">When the merchant thinks the sale was, acquirer local time.</param>
/// <param name="Words">The merchant's own words, kept as said.</param>
public sealed record Complaint(string MerchantId, string? TerminalId, DateTime ApproximateTime, long AmountMinor, string Words);

/// <summary>One transaction as the records show it, for a case to check against.</summary>
/// <param name="PanMasked">The card, masked: the only counterparty a refund may go to.</param>
/// <param name="Money">Where its money is now.</param>
/// <param name="RefundedMinor">What was already given back by refunds.</param>
/// <param name="Cancelled">Voided or reversed.</param>
/// <param name="Finding">The exception the matcher reported for it, if any (e.g. approved-not-cleared).</param>
/// <param name="RefundWindowDays">The merchant agreement's refund window, when the records know it; else the policy's.</param>
public sealed record TransactionFacts(
    string TerminalId,
    string Rrn,
    string MerchantId,
    DateTime LocalTime,
    DateOnly BusinessDate,
    long AmountMinor,
    string PanMasked,
    MoneyState Money,
    long RefundedMinor,
    bool Cancelled,
    string? Finding,
    int? RefundWindowDays = null)
{
    /// <summary>What can still go back to the cardholder: nothing if no money was taken.</summary>
    public long RefundableMinor =>
        Cancelled || Money is MoneyState.Declined or MoneyState.Reversed ? 0 : Math.Max(0, AmountMinor - RefundedMinor);
}

/// <summary>A search of the transaction records by merchant, terminal, time window and amount.</summary>
public sealed record TransactionQuery(string MerchantId, string? TerminalId, DateTime From, DateTime To, long? AmountMinor);

/// <summary>The records a case is checked against: the host answers from the tranlog, the ledger and the interchange files.</summary>
public interface ICaseFacts
{
    IReadOnlyList<TransactionFacts> Search(TransactionQuery query);

    TransactionFacts? Find(string terminalId, string rrn);
}

/// <summary>The rules a review applies, per merchant agreement.</summary>
/// <param name="RefundWindow">How long after its business date a transaction may be refunded.</param>
/// <param name="MatchWindow">How far from the merchant's approximate time the records are searched.</param>
public sealed record CasePolicy(TimeSpan RefundWindow, TimeSpan MatchWindow)
{
    public static CasePolicy Default { get; } = new(TimeSpan.FromDays(180), TimeSpan.FromHours(2));
}
