namespace PosSim.Ledger.Storage;

/// <summary>
/// A store without durability: commits land in process memory. For deterministic simulation, for
/// benchmarks, and for tests that restart a ledger without a disk (rebuild from the same instance).
/// Thread-safe.
/// </summary>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Lock _lock = new();
    private readonly List<AccountRecord> _accounts = [];
    private readonly Dictionary<UInt128, int> _accountIndex = [];
    private readonly List<Entry> _entries = [];

    /// <summary>Number of committed batches, for tests.</summary>
    public int CommitCount { get; private set; }

    public void Load(ILedgerReplayTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_lock)
        {
            foreach (var account in _accounts)
            {
                target.Account(in account);
            }

            foreach (var entry in _entries)
            {
                if (entry.IsExpiry)
                {
                    target.Expiry(entry.Expiry);
                }
                else
                {
                    target.Transfer(entry.Transfer);
                }
            }
        }
    }

    public void Commit(LedgerCommitBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            foreach (ref readonly var account in batch.Accounts)
            {
                if (_accountIndex.TryGetValue(account.Id, out int index))
                {
                    _accounts[index] = account;
                }
                else
                {
                    _accountIndex.Add(account.Id, _accounts.Count);
                    _accounts.Add(account);
                }
            }

            // The journal in the order things happened: a hold can expire before a later transfer of the same batch,
            // and replaying that transfer first would count the hold twice. Timestamps rise across both kinds.
            var transfers = batch.Transfers;
            var expiries = batch.Expiries;
            int t = 0, e = 0;
            while (t < transfers.Length || e < expiries.Length)
            {
                if (e < expiries.Length && (t == transfers.Length || expiries[e].Timestamp < transfers[t].Timestamp))
                {
                    _entries.Add(new Entry(true, default, expiries[e++]));
                }
                else
                {
                    _entries.Add(new Entry(false, transfers[t++], default));
                }
            }

            CommitCount++;
        }
    }

    public void Dispose()
    {
    }

    private readonly record struct Entry(bool IsExpiry, Transfer Transfer, ExpiryRecord Expiry);
}
