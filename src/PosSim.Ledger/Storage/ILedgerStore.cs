namespace PosSim.Ledger.Storage;

/// <summary>
/// Where a ledger's history lives. Small on purpose: a store persists batches and replays them; all
/// ledger logic stays in <see cref="Ledger"/>, so a PostgreSQL store for multi-node runs only has to
/// implement these two methods.
/// </summary>
public interface ILedgerStore : IDisposable
{
    /// <summary>
    /// Replays everything committed: every account (latest flags) first, then transfers and expiries
    /// in commit order (within a batch: its transfers, then its expiries).
    /// </summary>
    void Load(ILedgerReplayTarget target);

    /// <summary>
    /// Persists the batch atomically: all of it or none of it. Returns only once it is durable to the
    /// store's promised level; the caller acknowledges the batch's commands only after that. Throws
    /// on failure, after which the caller must stop and rebuild.
    /// </summary>
    void Commit(LedgerCommitBatch batch);
}

/// <summary>Receives a store's records on rebuild.</summary>
public interface ILedgerReplayTarget
{
    void Account(in AccountRecord account);

    void Transfer(in Transfer transfer);

    void Expiry(in ExpiryRecord expiry);
}
