namespace PosSim.Core.Timers;

/// <summary>
/// The one scheduler of the core: items due at a time, taken in due order, ties in the order they were set. A
/// host asks for <see cref="NextDue"/> to know when to wake and then takes what is due; nothing here reads a
/// clock, so the same queue serves live time and virtual time.
/// </summary>
/// <remarks>Not thread-safe; nothing is ever cancelled (a stale item is ignored by whoever takes it).</remarks>
public sealed class TimerSchedule<T>
{
    private readonly PriorityQueue<T, (DateTimeOffset Due, long Sequence)> _queue = new();
    private long _sequence;

    /// <summary>When the earliest item is due, or null when the queue is empty.</summary>
    public DateTimeOffset? NextDue => _queue.TryPeek(out _, out var key) ? key.Due : null;

    public int Count => _queue.Count;

    public void Schedule(T item, DateTimeOffset due) => _queue.Enqueue(item, (due, ++_sequence));

    /// <summary>Takes the earliest item if it is due by <paramref name="now"/>.</summary>
    public bool TryTakeDue(DateTimeOffset now, out T item)
    {
        if (_queue.TryPeek(out item!, out var key) && key.Due <= now)
        {
            _queue.Dequeue();
            return true;
        }

        item = default!;
        return false;
    }
}
