using PosSim.Ledger.Storage;

namespace PosSim.Ledger;

public sealed partial class Ledger
{
    private readonly bool _track;
    private readonly List<int> _changedAccounts = [];
    private readonly List<ExpiryRecord> _expired = [];

    /// <summary>Transfers below this index are already drained; new ones are simply the tail of the array.</summary>
    private int _drainedTransfers;

    /// <summary>True when commands changed something since the last <see cref="DrainChanges"/>.</summary>
    public bool HasChanges => _changedAccounts.Count != 0 || _expired.Count != 0 || _drainedTransfers != _transferCount;

    /// <summary>
    /// Moves everything changed since the last drain into <paramref name="batch"/> (appending) for
    /// the store to commit. Needs <see cref="LedgerOptions.TrackChanges"/>.
    /// </summary>
    public void DrainChanges(LedgerCommitBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!_track)
        {
            throw new InvalidOperationException("This ledger does not track changes; create it with LedgerOptions.TrackChanges.");
        }

        foreach (int index in _changedAccounts)
        {
            batch.AddAccount(_accounts[index].ToRecord());
        }

        for (int i = _drainedTransfers; i < _transferCount; i++)
        {
            // Status is derived on replay; stores do not persist it.
            batch.AddTransfer(_transfers[i].ToTransfer());
        }

        foreach (var expiry in _expired)
        {
            batch.AddExpiry(expiry);
        }

        _changedAccounts.Clear();
        _expired.Clear();
        _drainedTransfers = _transferCount;
    }

    /// <summary>Drains the changes and commits them to <paramref name="store"/>: the single-threaded way to run durably.</summary>
    public void CommitTo(ILedgerStore store, LedgerCommitBatch batch)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        DrainChanges(batch);
        if (!batch.IsEmpty)
        {
            store.Commit(batch);
        }

        batch.Clear();
    }

    private void TrackAccount(int index)
    {
        if (_track)
        {
            _changedAccounts.Add(index);
        }
    }
}
