namespace PosSim.Ledger.Internal;

/// <summary>
/// An account's mutable state, kept in a dense array and addressed by index so the hot path touches
/// no object headers and allocates nothing.
/// </summary>
internal struct AccountSlot
{
    public UInt128 Id;
    public UInt128 UserData;
    public long DebitsPosted;
    public long CreditsPosted;
    public long DebitsPending;
    public long CreditsPending;
    public long Timestamp;

    /// <summary>Newest transfer touching this account, or -1: the head of a chain threaded through the transfers.</summary>
    public int LastTransfer;

    public ushort Currency;
    public AccountFlags Flags;
    public AccountFlags CreationFlags;
    public LedgerKind Ledger;

    public readonly AccountBalance Balance => new(DebitsPosted, CreditsPosted, DebitsPending, CreditsPending);

    public readonly Account ToAccount() => new(Id, Ledger, Currency, Flags, UserData, Timestamp, Balance);

    public readonly AccountRecord ToRecord() => new(Id, Ledger, Currency, Flags, CreationFlags, UserData, Timestamp);
}
