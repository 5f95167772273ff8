using System.Diagnostics.CodeAnalysis;

namespace PosSim.Ledger;

/// <summary>What a transfer does. At most one of Pending, PostPending and VoidPending.</summary>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "A [Flags] enum: the name says so, as in TigerBeetle's account and transfer flags.")]
public enum TransferFlags : ushort
{
    /// <summary>A single-phase transfer: posted at once.</summary>
    None = 0,

    /// <summary>This transfer and the next one in the batch succeed or fail together.</summary>
    Linked = 1,

    /// <summary>First phase of a two-phase transfer: reserves the amount (a hold) without moving it.</summary>
    Pending = 2,

    /// <summary>Posts the pending transfer named by PendingId, in full or in part; the remainder is released.</summary>
    PostPending = 4,

    /// <summary>Releases the pending transfer named by PendingId.</summary>
    VoidPending = 8,
}

/// <summary>Where a transfer stands. Only pending transfers change status, and only once.</summary>
public enum TransferStatus : byte
{
    /// <summary>A hold, still open.</summary>
    Pending = 1,

    /// <summary>Money moved: a single-phase transfer, a post, or a hold that was posted.</summary>
    Posted = 2,

    /// <summary>A void, or a hold that was voided.</summary>
    Voided = 3,

    /// <summary>A hold released because its timeout passed.</summary>
    Expired = 4,
}
