namespace PosSim.Ledger.Storage;

/// <summary>
/// Where a ledger's history lives. Small on purpose: a store persists batches and replays them; all
/// ledger logic stays in <see cref="Ledger"/>, so a PostgreSQL store for multi-node runs only has to
/// implement these two methods.
/// </summary>
public interface ILedgerStore : IDisposable
{
    /// <summary>
    /// Replays everything committed: every account (latest flags) first, then transfers and expiries in the
    /// order they happened, which is timestamp order (each has its own, rising, timestamp). A batch lists its
    /// transfers and its expiries apart, and a hold may expire before a later transfer of the same batch:
    /// replaying that transfer first would count the hold twice.
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
