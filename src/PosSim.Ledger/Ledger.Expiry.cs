namespace PosSim.Ledger;

public sealed partial class Ledger
{
    /// <summary>Holds with a timeout, by expiry time then index: a total order, so replays expire in the same order.</summary>
    private readonly PriorityQueue<int, ExpiryKey> _expiries;

    /// <summary>
    /// Releases every hold whose timeout has passed by the injected clock. Every command does this
    /// first; call it directly to make expiries visible to queries when no command is flowing.
    /// </summary>
    /// <returns>How many holds expired.</returns>
    public int ExpireDue() => ExpireDue(Now());

    private int ExpireDue(long now)
    {
        int expired = 0;
        while (_expiries.TryPeek(out int index, out var key) && key.ExpiresAt <= now)
        {
            _expiries.Dequeue();
            ref var p = ref _transfers[index];

            // Resolved holds stay queued until their time comes; skipping them is cheaper than removing them.
            if (p.Status != TransferStatus.Pending)
            {
                continue;
            }

            p.Status = TransferStatus.Expired;
            ref var d = ref _accounts[p.DebitIndex];
            ref var c = ref _accounts[p.CreditIndex];
            d.DebitsPending -= p.Amount;
            c.CreditsPending -= p.Amount;
            long timestamp = NextTimestamp(now);
            if (_track)
            {
                _expired.Add(new ExpiryRecord(p.Id, timestamp));
            }

            expired++;
        }

        return expired;
    }

    /// <summary>Queues the holds of a chain that just committed; a rolled-back chain never reaches the queue.</summary>
    private void ScheduleExpiries(int from)
    {
        for (int i = from; i < _transferCount; i++)
        {
            ref readonly var t = ref _transfers[i];
            if (t.Status == TransferStatus.Pending && t.TimeoutTicks > 0)
            {
                _expiries.Enqueue(i, new ExpiryKey(t.Timestamp + t.TimeoutTicks, i));
            }
        }
    }

    private readonly record struct ExpiryKey(long ExpiresAt, int Index) : IComparable<ExpiryKey>
    {
        public int CompareTo(ExpiryKey other)
        {
            int c = ExpiresAt.CompareTo(other.ExpiresAt);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }
}
