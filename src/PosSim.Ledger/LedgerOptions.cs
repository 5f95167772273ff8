namespace PosSim.Ledger;

/// <summary>Sizing and behaviour of a <see cref="Ledger"/>.</summary>
public sealed record LedgerOptions
{
    /// <summary>Accounts to make room for up front, so growth never reallocates on the hot path.</summary>
    public int InitialAccountCapacity { get; init; } = 1024;

    /// <summary>Transfers to make room for up front.</summary>
    public int InitialTransferCapacity { get; init; } = 64 * 1024;

    /// <summary>
    /// Record what each command changed so it can be drained into a <see cref="Storage.LedgerCommitBatch"/>.
    /// Off for the pure in-memory mode (nothing to drain, nothing to keep); on for any store-backed ledger.
    /// </summary>
    public bool TrackChanges { get; init; }
}
