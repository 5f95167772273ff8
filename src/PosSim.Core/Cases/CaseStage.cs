namespace PosSim.Core.Cases;

/// <summary>
/// The steps of the procedure support staff follow when a merchant says the money never arrived, in order. A case
/// moves forward one step at a time; <see cref="Escalated"/> and <see cref="Completed"/> end it.
/// </summary>
public enum CaseStage
{
    /// <summary>The merchant's complaint is on record: who, roughly when, how much, which terminal, in their words.</summary>
    Registered,

    /// <summary>The transaction records were searched and the one the merchant means was picked.</summary>
    RecordsConfirmed,

    /// <summary>What broke, and where the money is now.</summary>
    Diagnosed,

    /// <summary>The customer was told, and how and by when the money comes back was agreed.</summary>
    CustomerContacted,

    /// <summary>A refund application is filled in (it can be amended until it is submitted).</summary>
    RefundAppliedFor,

    /// <summary>Submitted, waiting for a reviewer's approval or rejection.</summary>
    UnderReview,

    /// <summary>Approved: the messages and postings that move the money are under way.</summary>
    Processing,

    /// <summary>The money arrived where the resolution said, proven by the ledger.</summary>
    Completed,

    /// <summary>Handed on with the evidence: nothing more happens to the case here.</summary>
    Escalated,
}

/// <summary>Which way the money goes to end the case.</summary>
public enum ResolutionPath
{
    /// <summary>Still a hold at the issuer: a reversal advice releases it; nothing is cleared, nobody is debited.</summary>
    ReleaseHold,

    /// <summary>
    /// Cleared, but the merchant was never paid (not settled, held for risk, or the payout bounced): the acquirer
    /// returns it from its clearing account to the cardholder; the merchant is not debited.
    /// </summary>
    ReturnFromClearing,

    /// <summary>Paid out to the merchant: an ordinary refund, and the merchant is debited.</summary>
    RefundFromMerchant,

    /// <summary>The other way round: the merchant is paid late (presented again, hold released, payout re-issued).</summary>
    PayMerchantLate,
}
