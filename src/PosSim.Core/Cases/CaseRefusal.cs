namespace PosSim.Core.Cases;

/// <summary>Why a step was refused. Each has its words, and what to do instead, in the support texts of each language.</summary>
public enum RefusalReason
{
    /// <summary>The step does not come next; <see cref="CaseRefusal.Expected"/> names what does.</summary>
    OutOfOrder,

    /// <summary>The case is completed or escalated.</summary>
    CaseClosed,

    /// <summary>No transaction with that terminal and RRN.</summary>
    TransactionNotFound,

    /// <summary>The transaction is another merchant's.</summary>
    OtherMerchant,

    /// <summary>The transaction's time is outside the search window around the merchant's time.</summary>
    TimeTooFarFromComplaint,

    /// <summary>The transaction's amount is not the one the merchant named.</summary>
    AmountDiffersFromComplaint,

    /// <summary>The diagnosis says the money is elsewhere than the records show.</summary>
    DiagnosisContradictsRecords,

    /// <summary>The resolution does not fit where the money is (a merchant never paid must not be debited).</summary>
    PathDisagreesWithMoney,

    /// <summary>No money was taken from the cardholder (declined, reversed or voided): nothing to give back.</summary>
    NothingWasTaken,

    /// <summary>Money was taken from the cardholder: the case cannot end without giving it back or paying the merchant.</summary>
    MoneyWasTaken,

    /// <summary>The amount is zero or negative.</summary>
    AmountNotPositive,

    /// <summary>More than is still refundable (the purchase, less what was refunded).</summary>
    AmountOverRefundable,

    /// <summary>Past the refund window of the merchant's agreement.</summary>
    OutsideRefundWindow,

    /// <summary>Refunded in full already.</summary>
    AlreadyRefunded,

    /// <summary>The money would go to another card than the one charged.</summary>
    WrongCounterparty,

    /// <summary>The application's transaction time is not the record's.</summary>
    TransactionTimeMismatch,

    /// <summary>A rejection or escalation needs a reason.</summary>
    ReasonMissing,

    /// <summary>The reported outcome is not the approved resolution (another path or amount).</summary>
    OutcomeDiffers,
}

/// <summary>A refused step: the reason, the values that show it, and the step that would be accepted.</summary>
/// <param name="Detail">The values behind the refusal, language-neutral (amounts in minor units, dates ISO).</param>
/// <param name="Expected">For <see cref="RefusalReason.OutOfOrder"/>: the stage the case is at, whose next step is allowed.</param>
public sealed record CaseRefusal(RefusalReason Reason, string Detail, CaseStage? Expected = null);
