namespace PosSim.Ledger;

/// <summary>
/// A command to move or reserve money from a debit account to a credit account. Use the factory
/// methods; <c>with</c> sets the rest (Code, UserData). The id is client-supplied and makes the
/// command idempotent: resubmitting the same fields returns Exists and never posts twice.
/// </summary>
public readonly record struct TransferRequest
{
    /// <summary>Client-supplied, unique across all transfers; not 0 nor 2^128-1.</summary>
    public UInt128 Id { get; init; }

    /// <summary>For a post or void: 0 (taken from the hold) or the hold's own.</summary>
    public UInt128 DebitAccountId { get; init; }

    /// <summary>For a post or void: 0 (taken from the hold) or the hold's own.</summary>
    public UInt128 CreditAccountId { get; init; }

    /// <summary>Minor units, positive. For a post: 0 posts the full hold. For a void: 0 or the hold's amount.</summary>
    public long Amount { get; init; }

    /// <summary>The hold a post or void resolves; 0 otherwise.</summary>
    public UInt128 PendingId { get; init; }

    /// <summary>For a hold: how long until it expires and is released; zero never expires.</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>Opaque to the ledger: the switch's reference (terminal, STAN, RRN) for the support trace.</summary>
    public UInt128 UserData { get; init; }

    /// <summary>ISO 4217 numeric. For a post or void: 0 (taken from the hold) or the hold's own.</summary>
    public ushort Currency { get; init; }

    /// <summary>Opaque kind of transfer chosen by the caller (purchase, refund, payout, fee...).</summary>
    public ushort Code { get; init; }

    public TransferFlags Flags { get; init; }

    /// <summary>A single-phase transfer, posted at once.</summary>
    public static TransferRequest Single(UInt128 id, UInt128 debitAccountId, UInt128 creditAccountId, long amount, ushort currency) =>
        new() { Id = id, DebitAccountId = debitAccountId, CreditAccountId = creditAccountId, Amount = amount, Currency = currency };

    /// <summary>A hold (authorisation): reserves the amount on both accounts until posted, voided or expired.</summary>
    public static TransferRequest Hold(UInt128 id, UInt128 debitAccountId, UInt128 creditAccountId, long amount, ushort currency, TimeSpan timeout) =>
        new()
        {
            Id = id, DebitAccountId = debitAccountId, CreditAccountId = creditAccountId, Amount = amount,
            Currency = currency, Timeout = timeout, Flags = TransferFlags.Pending,
        };

    /// <summary>Posts a hold (capture): <paramref name="amount"/> moves, the remainder is released; 0 posts it in full.</summary>
    public static TransferRequest Post(UInt128 id, UInt128 pendingId, long amount = 0) =>
        new() { Id = id, PendingId = pendingId, Amount = amount, Flags = TransferFlags.PostPending };

    /// <summary>Releases a hold (reversal, void).</summary>
    public static TransferRequest Void(UInt128 id, UInt128 pendingId) =>
        new() { Id = id, PendingId = pendingId, Flags = TransferFlags.VoidPending };

    /// <summary>This transfer and the next in the batch apply together or not at all.</summary>
    public TransferRequest AsLinked() => this with { Flags = Flags | TransferFlags.Linked };
}

/// <summary>
/// A transfer as recorded. For a post or void, the accounts and currency are the hold's and, for a
/// void, Amount is the amount released. <see cref="Status"/> is derived state: stores do not persist it.
/// </summary>
public readonly record struct Transfer(
    UInt128 Id,
    UInt128 DebitAccountId,
    UInt128 CreditAccountId,
    long Amount,
    UInt128 PendingId,
    TimeSpan Timeout,
    UInt128 UserData,
    ushort Currency,
    ushort Code,
    TransferFlags Flags,
    long Timestamp,
    TransferStatus Status = TransferStatus.Posted)
{
    /// <summary>When the ledger applied it (UTC). Timestamps are unique and increase in apply order.</summary>
    public DateTimeOffset AppliedAt => new(Timestamp, TimeSpan.Zero);
}

/// <summary>A hold released by its timeout, as stored: which hold, and when the ledger released it.</summary>
public readonly record struct ExpiryRecord(UInt128 PendingId, long Timestamp);
