namespace PosSim.Ledger;

/// <summary>A command to open an account. Creating the same id again with the same fields returns Exists.</summary>
/// <param name="Id">Client-supplied, unique across the ledger; not 0 nor 2^128-1.</param>
/// <param name="Ledger">The book it belongs to.</param>
/// <param name="Currency">ISO 4217 numeric code, 1..999.</param>
/// <param name="Flags">Exactly one of NoOverdraft and AllowNegative, optionally Frozen or Closed.</param>
/// <param name="UserData">Opaque to the ledger (a customer or merchant reference).</param>
public readonly record struct AccountRequest(
    UInt128 Id,
    LedgerKind Ledger,
    ushort Currency,
    AccountFlags Flags,
    UInt128 UserData = default);

/// <summary>Balances of one account, in minor units of its currency. Credit-normal: credits raise the balance.</summary>
public readonly record struct AccountBalance(long DebitsPosted, long CreditsPosted, long DebitsPending, long CreditsPending)
{
    /// <summary>Posted credits minus posted debits: the money in the account now.</summary>
    public long Posted => CreditsPosted - DebitsPosted;

    /// <summary>The net of open holds: incoming less outgoing. What <see cref="Posted"/> becomes if every hold is posted in full.</summary>
    public long Pending => CreditsPending - DebitsPending;

    /// <summary>What can still be spent: posted balance less outgoing holds. Incoming holds are not counted.</summary>
    public long Available => CreditsPosted - DebitsPosted - DebitsPending;
}

/// <summary>An account as queried: its definition and its balances.</summary>
public readonly record struct Account(
    UInt128 Id,
    LedgerKind Ledger,
    ushort Currency,
    AccountFlags Flags,
    UInt128 UserData,
    long Timestamp,
    AccountBalance Balance)
{
    /// <summary>When the account was created (UTC), from <see cref="Timestamp"/>.</summary>
    public DateTimeOffset CreatedAt => new(Timestamp, TimeSpan.Zero);
}

/// <summary>
/// An account as stored: its definition, current flags and the flags it was created with (idempotent
/// retries of the creation compare against those). Balances are not stored; they are rebuilt from the transfers.
/// </summary>
public readonly record struct AccountRecord(
    UInt128 Id,
    LedgerKind Ledger,
    ushort Currency,
    AccountFlags Flags,
    AccountFlags CreationFlags,
    UInt128 UserData,
    long Timestamp);
