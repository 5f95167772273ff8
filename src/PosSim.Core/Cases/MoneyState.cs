namespace PosSim.Core.Cases;

/// <summary>Where a transaction's money is now: the one answer the merchant wants, and what decides how it comes back.</summary>
public enum MoneyState
{
    /// <summary>Declined or never answered: no money moved.</summary>
    Declined,

    /// <summary>Approved, then reversed or voided: the hold was released, no money moved.</summary>
    Reversed,

    /// <summary>Approved but never presented: still a hold on the card at the issuer.</summary>
    HeldAtIssuer,

    /// <summary>Presented for clearing, but no payout carries it.</summary>
    ClearedNotSettled,

    /// <summary>In a payout that has not reached the bank statement.</summary>
    SettledPayoutPending,

    /// <summary>On the merchant's bank statement.</summary>
    Paid,

    /// <summary>Its payout came back from the merchant's bank.</summary>
    PayoutBounced,
}
