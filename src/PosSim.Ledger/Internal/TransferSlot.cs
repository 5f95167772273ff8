namespace PosSim.Ledger.Internal;

/// <summary>A recorded transfer plus the indexes that let posts, rollbacks and history walks avoid lookups.</summary>
internal struct TransferSlot
{
    public UInt128 Id;
    public UInt128 DebitAccountId;
    public UInt128 CreditAccountId;
    public UInt128 PendingId;
    public UInt128 UserData;
    public long Amount;
    public long TimeoutTicks;
    public long Timestamp;
    public int DebitIndex;
    public int CreditIndex;

    /// <summary>Previous transfer touching the debit account (-1 for none): the account history is a linked list through the array.</summary>
    public int PrevOfDebit;

    /// <summary>Previous transfer touching the credit account (-1 for none).</summary>
    public int PrevOfCredit;

    /// <summary>For a post or void: the hold's index.</summary>
    public int PendingIndex;

    public ushort Currency;
    public ushort Code;
    public TransferFlags Flags;
    public TransferStatus Status;

    public readonly bool IsPending => (Flags & TransferFlags.Pending) != 0;

    public readonly bool IsResolution => (Flags & (TransferFlags.PostPending | TransferFlags.VoidPending)) != 0;

    public readonly Transfer ToTransfer() =>
        new(Id, DebitAccountId, CreditAccountId, Amount, PendingId, new TimeSpan(TimeoutTicks), UserData, Currency, Code, Flags, Timestamp, Status);
}
