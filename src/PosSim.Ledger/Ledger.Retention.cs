using System.Runtime.InteropServices;
using PosSim.Ledger.Internal;

namespace PosSim.Ledger;

public sealed partial class Ledger
{
    /// <summary>
    /// Posted sums of the forgotten transfers, per account index (null until something is forgotten), so that the
    /// deep invariant check can still recompute every balance from what it no longer holds.
    /// </summary>
    private (long Debits, long Credits)[]? _forgottenPosted;

    /// <summary>Highest sequence (low 64 bits of the id) per namespace (high 64 bits), over the slots below <see cref="_sequencesFolded"/>.</summary>
    private readonly Dictionary<ulong, ulong> _highestSequence = [];

    /// <summary>
    /// Slots below this index are counted in <see cref="_highestSequence"/>. Folding lazily (on a query or before
    /// forgetting) keeps the create path free of a second lookup per transfer. A rollback never reaches below it:
    /// folding happens between commands, and a command only rolls back what it added.
    /// </summary>
    private int _sequencesFolded;

    /// <summary>
    /// Forgets, from memory only, every transfer applied before <paramref name="before"/> that no later command can
    /// need: single-phase transfers, posts, voids, and holds already posted, voided or expired. Holds still open are
    /// kept whatever their age (a hold past its timeout that has not expired yet is still open), and so is every
    /// transfer not yet drained to the store. Balances, totals and invariants do not change; the store keeps the
    /// whole journal.
    /// </summary>
    /// <remarks>
    /// Afterwards <see cref="TryGetTransfer"/> answers false for a forgotten transfer, <see cref="GetTransfers"/> and
    /// <see cref="GetAccountTransfers"/> list only what is still in memory, and <see cref="HighestSequence"/> still
    /// counts it. A post or void naming a forgotten hold answers <see cref="LedgerResult.PendingTransferNotFound"/>:
    /// the hold was finished, so it would have been refused anyway, but how it finished is only in the store.
    /// Resubmitting a forgotten transfer's id is not detected as Exists: ids here come from per-namespace sequences
    /// that never go back, so that does not happen by design; a full rebuild (without forgetting) reports such a
    /// duplicate as corruption. O(transfers in memory): meant for once per business day, between commands.
    /// </remarks>
    /// <returns>How many transfers were forgotten.</returns>
    public int ForgetFinishedBefore(DateTimeOffset before)
    {
        int forgotten = Compact(before.UtcTicks, _track ? _drainedTransfers : _transferCount);
        if (forgotten != 0)
        {
            // Slot positions moved: queue the open holds again at their new positions. Their relative order is the
            // same, so holds due at the same time still expire in the same order. Resolved holds, skipped when their
            // time comes anyway, are not requeued.
            _expiries.Clear();
            ScheduleExpiries(0);
        }

        return forgotten;
    }

    /// <summary>
    /// The largest sequence (low 64 bits of the id) of any transfer ever created in, or replayed into, this ledger
    /// whose namespace (high 64 bits) is <paramref name="idNamespace"/>; 0 if none. Forgetting does not lower it, so
    /// an id allocator resumes after it at start without scanning the transfers.
    /// </summary>
    public ulong HighestSequence(ulong idNamespace)
    {
        FoldSequences();
        return _highestSequence.GetValueOrDefault(idNamespace);
    }

    private void FoldSequences()
    {
        // Ids of one namespace mostly come in runs: one dictionary write per run, not per transfer.
        bool open = false;
        ulong ns = 0;
        ulong highest = 0;
        for (int i = _sequencesFolded; i < _transferCount; i++)
        {
            UInt128 id = _transfers[i].Id;
            ulong idNs = (ulong)(id >> 64);
            ulong sequence = unchecked((ulong)id);
            if (!open || idNs != ns)
            {
                if (open)
                {
                    RaiseSequence(ns, highest);
                }

                open = true;
                ns = idNs;
                highest = sequence;
            }
            else if (sequence > highest)
            {
                highest = sequence;
            }
        }

        if (open)
        {
            RaiseSequence(ns, highest);
        }

        _sequencesFolded = _transferCount;
    }

    private void RaiseSequence(ulong ns, ulong sequence)
    {
        ref ulong highest = ref CollectionsMarshal.GetValueRefOrAddDefault(_highestSequence, ns, out _);
        highest = Math.Max(highest, sequence);
    }

    /// <summary>
    /// Drops the finished transfers among the first <paramref name="eligibleEnd"/> slots timestamped before
    /// <paramref name="before"/> and closes the gaps, keeping apply order. Fixes every index that holds a slot
    /// position (the id index, the account histories, posts' and voids' hold index, the drained mark); the expiry
    /// queue is the caller's, since replay fills it only at the end.
    /// </summary>
    private int Compact(long before, int eligibleEnd)
    {
        FoldSequences();
        int kept = 0;
        int drained = 0;
        for (int i = 0; i < _transferCount; i++)
        {
            ref var t = ref _transfers[i];
            if (i < eligibleEnd && t.Timestamp < before && t.Status != TransferStatus.Pending)
            {
                Forget(in t);
                continue;
            }

            if (i < _drainedTransfers)
            {
                drained++;
            }

            if (kept != i)
            {
                _transfers[kept] = t;
                CollectionsMarshal.GetValueRefOrNullRef(_transferIndex, t.Id) = kept;
            }

            kept++;
        }

        int forgotten = _transferCount - kept;
        if (forgotten == 0)
        {
            return 0;
        }

        Array.Clear(_transfers, kept, forgotten);
        _transferCount = kept;
        _drainedTransfers = drained;
        _sequencesFolded = kept;
        Relink();
        return forgotten;
    }

    private void Forget(in TransferSlot t)
    {
        _transferIndex.Remove(t.Id);

        // Only posted money stays in the balances: a finished hold no longer reserves anything, a void moved nothing.
        if (!t.IsPending && t.Status == TransferStatus.Posted)
        {
            if (_forgottenPosted is null || _forgottenPosted.Length < _accountCount)
            {
                Array.Resize(ref _forgottenPosted, _accounts.Length);
            }

            _forgottenPosted[t.DebitIndex].Debits += t.Amount;
            _forgottenPosted[t.CreditIndex].Credits += t.Amount;
        }
    }

    /// <summary>Threads the account histories and the posts' and voids' hold index through the compacted slots again.</summary>
    private void Relink()
    {
        for (int a = 0; a < _accountCount; a++)
        {
            _accounts[a].LastTransfer = -1;
        }

        for (int i = 0; i < _transferCount; i++)
        {
            ref var t = ref _transfers[i];
            Link(ref t, i, t.DebitIndex, t.CreditIndex);
            if (t.IsResolution)
            {
                // A kept post or void may outlive its hold: the hold was finished, and older.
                t.PendingIndex = _transferIndex.TryGetValue(t.PendingId, out int pi) ? pi : -1;
            }
        }
    }

    /// <summary>Slots allocated for transfers: what forgetting during replay keeps bounded.</summary>
    internal int TransferCapacity => _transfers.Length;

    private (long Debits, long Credits) ForgottenPosted(int account) =>
        _forgottenPosted is { } sums && account < sums.Length ? sums[account] : default;
}
