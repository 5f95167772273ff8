namespace PosSim.Ledger;

/// <summary>
/// The outcome of one ledger command. The hot path reports failures as codes, never exceptions;
/// a command that fails changes nothing. Values are stable: callers may log or persist them.
/// </summary>
public enum LedgerResult : byte
{
    /// <summary>Applied.</summary>
    Ok = 0,

    /// <summary>The id was already used with the same fields: nothing applied, the original stands (an idempotent retry).</summary>
    Exists = 1,

    /// <summary>The id was already used with different fields: nothing applied.</summary>
    ExistsWithDifferentFields = 2,

    // Validation of the command itself.

    /// <summary>Ids 0 and 2^128-1 are reserved.</summary>
    InvalidId = 10,
    InvalidFlags = 11,
    InvalidCurrency = 12,
    InvalidLedger = 13,
    AmountMustBePositive = 14,
    AccountsMustBeDifferent = 15,
    PendingIdMustBeZero = 16,
    PendingIdRequired = 17,
    /// <summary>A timeout is only meaningful on a pending transfer, and may not be negative.</summary>
    InvalidTimeout = 18,

    // Accounts.

    DebitAccountNotFound = 30,
    CreditAccountNotFound = 31,
    /// <summary>The transfer's currency differs from an account's (or, for a post or void, from the hold's).</summary>
    CurrencyMismatch = 32,
    DebitAccountFrozen = 33,
    CreditAccountFrozen = 34,
    DebitAccountClosed = 35,
    CreditAccountClosed = 36,
    /// <summary>An account would go below zero although it is flagged NoOverdraft (ISO 8583 response 51).</summary>
    InsufficientFunds = 37,
    /// <summary>An account's debits or credits (posted plus pending), or a hold's expiry time, would overflow 64 bits.</summary>
    Overflow = 38,
    AccountNotFound = 39,
    AccountClosed = 40,
    AccountHasPendingTransfers = 41,
    AccountBalanceNotZero = 42,

    // Two-phase.

    PendingTransferNotFound = 50,
    /// <summary>PendingId names a transfer that is not a hold.</summary>
    PendingTransferNotPending = 51,
    PendingTransferAlreadyPosted = 52,
    PendingTransferAlreadyVoided = 53,
    PendingTransferExpired = 54,
    /// <summary>A post or void names accounts other than the hold's.</summary>
    PendingTransferAccountMismatch = 55,
    PostAmountExceedsPending = 56,
    /// <summary>A void names an amount other than the hold's.</summary>
    VoidAmountMismatch = 57,

    // Linked chains.

    /// <summary>This transfer was valid, but another in its linked chain failed, so none applied.</summary>
    LinkedEventFailed = 70,
    /// <summary>The last transfer of the batch has the Linked flag: the chain never closes, so none of it applied.</summary>
    LinkedChainOpen = 71,
}

/// <summary>Helpers on <see cref="LedgerResult"/>.</summary>
public static class LedgerResultExtensions
{
    /// <summary>True when the command's effect is in the ledger: applied now (Ok) or earlier (Exists).</summary>
    public static bool IsSuccess(this LedgerResult result) => result is LedgerResult.Ok or LedgerResult.Exists;
}
