using PosSim.Ledger.Internal;
using PosSim.Ledger.Storage;

namespace PosSim.Ledger;

public sealed partial class Ledger
{
    /// <summary>No replay cut-off: keep every transfer.</summary>
    private const long KeepAll = long.MinValue;

    /// <summary>During a replay that forgets as it goes: transfers finished before this are dropped once replayed.</summary>
    private long _replayForgetBefore = KeepAll;

    /// <summary>The last replayed transfer's timestamp: forgetting during replay may drop the slot it was in.</summary>
    private long _replayLastTransfer = long.MinValue;

    /// <summary>
    /// Rebuilds a ledger from everything <paramref name="store"/> committed, then checks the
    /// invariants. The ledger tracks changes, ready for <see cref="CommitTo"/>. Throws
    /// <see cref="LedgerCorruptException"/> if the store holds what the ledger could not have written.
    /// </summary>
    public static Ledger Rebuild(ILedgerStore store, TimeProvider time, LedgerOptions? options = null) =>
        Rebuild(store, time, options, KeepAll);

    /// <summary>
    /// Rebuilds a ledger from <paramref name="store"/> like <see cref="Rebuild(ILedgerStore, TimeProvider, LedgerOptions?)"/>,
    /// but forgets as it replays what <see cref="ForgetFinishedBefore"/> would forget with
    /// <paramref name="forgetFinishedBefore"/>: memory at start grows with the transfers kept, not with the whole journal.
    /// Balances, totals and <see cref="HighestSequence"/> are those of a full rebuild. A transfer id stored twice is
    /// reported as corruption only while its first copy is still in memory: a full rebuild checks them all.
    /// </summary>
    public static Ledger Rebuild(ILedgerStore store, TimeProvider time, LedgerOptions? options, DateTimeOffset forgetFinishedBefore) =>
        Rebuild(store, time, options, forgetFinishedBefore.UtcTicks);

    private static Ledger Rebuild(ILedgerStore store, TimeProvider time, LedgerOptions? options, long forgetBefore)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ledger = new Ledger(time, (options ?? new LedgerOptions()) with { TrackChanges = true });
        ledger._replayForgetBefore = forgetBefore;
        store.Load(new Replayer(ledger));
        ledger.FinishReplay();
        return ledger;
    }

    private void FinishReplay()
    {
        if (_replayForgetBefore != KeepAll)
        {
            Compact(_replayForgetBefore, _transferCount);
            _replayForgetBefore = KeepAll;
        }

        ScheduleExpiries(0);
        _changedAccounts.Clear();
        _expired.Clear();
        _drainedTransfers = _transferCount;
        var violations = CheckInvariants(deep: true);
        if (violations.Count != 0)
        {
            ThrowHelper.ThrowCorrupt("Rebuilt ledger breaks its invariants: " + string.Join("; ", violations));
        }
    }

    /// <summary>
    /// Forgets instead of growing when the slots are full; grows too when less than half could be forgotten, so each
    /// compaction pays for itself and replay stays linear.
    /// </summary>
    private void CompactBeforeGrowing()
    {
        if (_replayForgetBefore == KeepAll || _transferCount < _transfers.Length)
        {
            return;
        }

        Compact(_replayForgetBefore, _transferCount);
        if (_transferCount > _transfers.Length / 2)
        {
            Array.Resize(ref _transfers, checked(_transfers.Length * 2));
        }
    }

    private void ReplayAccount(in AccountRecord r)
    {
        if (r.Id == UInt128.Zero || !_accountIndex.TryAdd(r.Id, _accountCount))
        {
            ThrowHelper.ThrowCorrupt($"Account {r.Id} stored twice or with a reserved id.");
        }

        EnsureAccountCapacity();
        _accounts[_accountCount++] = new AccountSlot
        {
            Id = r.Id,
            Ledger = r.Ledger,
            Currency = r.Currency,
            Flags = r.Flags,
            CreationFlags = r.CreationFlags,
            UserData = r.UserData,
            Timestamp = r.Timestamp,
            LastTransfer = -1,
        };
        _lastTimestamp = Math.Max(_lastTimestamp, r.Timestamp);
    }

    /// <summary>Applies a stored transfer's effect without re-deciding it: the decision was made, and logged, before.</summary>
    private void ReplayTransfer(in Transfer r)
    {
        if (r.Timestamp <= _replayLastTransfer)
        {
            ThrowHelper.ThrowCorrupt($"Transfer {r.Id} is out of timestamp order.");
        }

        // Before the id is indexed at the next slot, which compacting would move.
        CompactBeforeGrowing();
        _replayLastTransfer = r.Timestamp;

        if (r.Id == UInt128.Zero || !_transferIndex.TryAdd(r.Id, _transferCount))
        {
            ThrowHelper.ThrowCorrupt($"Transfer {r.Id} stored twice or with a reserved id.");
        }

        int pi = -1;
        var status = TransferStatus.Posted;
        if ((r.Flags & ResolutionFlags) != 0)
        {
            if (!_transferIndex.TryGetValue(r.PendingId, out pi) || _transfers[pi].Status != TransferStatus.Pending)
            {
                ThrowHelper.ThrowCorrupt($"Transfer {r.Id} resolves {r.PendingId}, which is not an open hold.");
            }

            ref readonly var hold = ref _transfers[pi];
            if (hold.DebitAccountId != r.DebitAccountId || hold.CreditAccountId != r.CreditAccountId || r.Amount > hold.Amount)
            {
                ThrowHelper.ThrowCorrupt($"Transfer {r.Id} does not match the hold {r.PendingId} it resolves.");
            }

            status = (r.Flags & TransferFlags.PostPending) != 0 ? TransferStatus.Posted : TransferStatus.Voided;
        }
        else if ((r.Flags & TransferFlags.Pending) != 0)
        {
            status = TransferStatus.Pending;
        }

        int di = AccountIndexOrCorrupt(r.DebitAccountId, r.Id);
        int ci = AccountIndexOrCorrupt(r.CreditAccountId, r.Id);

        EnsureTransferCapacity();
        int ti = _transferCount++;
        ref var t = ref _transfers[ti];
        t.Id = r.Id;
        t.DebitAccountId = r.DebitAccountId;
        t.CreditAccountId = r.CreditAccountId;
        t.PendingId = r.PendingId;
        t.UserData = r.UserData;
        t.Amount = r.Amount;
        t.TimeoutTicks = r.Timeout.Ticks;
        t.Timestamp = r.Timestamp;
        t.Currency = r.Currency;
        t.Code = r.Code;
        t.Flags = r.Flags;
        t.Status = status;
        t.PendingIndex = pi;
        Link(ref t, ti, di, ci);
        _lastTimestamp = Math.Max(_lastTimestamp, r.Timestamp);

        ref var d = ref _accounts[di];
        ref var c = ref _accounts[ci];
        if (pi >= 0)
        {
            ref var p = ref _transfers[pi];
            d.DebitsPending -= p.Amount;
            c.CreditsPending -= p.Amount;
            p.Status = status;
        }

        if (status == TransferStatus.Pending)
        {
            d.DebitsPending += r.Amount;
            c.CreditsPending += r.Amount;
        }
        else if (status == TransferStatus.Posted)
        {
            d.DebitsPosted += r.Amount;
            c.CreditsPosted += r.Amount;
        }
    }

    private int AccountIndexOrCorrupt(UInt128 accountId, UInt128 transferId)
    {
        if (!_accountIndex.TryGetValue(accountId, out int index))
        {
            ThrowHelper.ThrowCorrupt($"Transfer {transferId} names unknown account {accountId}.");
        }

        return index;
    }

    private void ReplayExpiry(in ExpiryRecord r)
    {
        if (!_transferIndex.TryGetValue(r.PendingId, out int pi) || _transfers[pi].Status != TransferStatus.Pending)
        {
            ThrowHelper.ThrowCorrupt($"Expiry of {r.PendingId}, which is not an open hold.");
        }

        ref var p = ref _transfers[pi];
        p.Status = TransferStatus.Expired;
        _accounts[p.DebitIndex].DebitsPending -= p.Amount;
        _accounts[p.CreditIndex].CreditsPending -= p.Amount;
        _lastTimestamp = Math.Max(_lastTimestamp, r.Timestamp);
    }

    private sealed class Replayer(Ledger ledger) : ILedgerReplayTarget
    {
        public void Account(in AccountRecord account) => ledger.ReplayAccount(in account);

        public void Transfer(in Transfer transfer) => ledger.ReplayTransfer(in transfer);

        public void Expiry(in ExpiryRecord expiry) => ledger.ReplayExpiry(in expiry);
    }
}
