namespace PosSim.Net.Internal;

/// <summary>
/// Lets one warning through per interval and counts the ones held back, so that an attack (a thousand refused
/// connections, a flood of shed requests) is visible in the log without flooding it. Thread-safe.
/// </summary>
internal sealed class WarningThrottle
{
    private readonly TimeProvider _time;
    private readonly long _interval;
    private long _next;
    private long _suppressed;

    public WarningThrottle(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        _interval = IntervalInTimestampTicks(time, interval);
    }

    /// <summary>
    /// Converts an interval to <see cref="TimeProvider.GetTimestamp"/> units. The product is taken in 128 bits: an hour
    /// of TimeSpan ticks times a nanosecond frequency is already past a long; the result (the options bound the
    /// interval to a day) fits easily.
    /// </summary>
    public static long IntervalInTimestampTicks(TimeProvider time, TimeSpan interval) =>
        checked((long)((Int128)interval.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond));

    /// <summary>True when this warning should be logged; <paramref name="suppressed"/> is how many were held back since the last one.</summary>
    public bool TryEnter(out long suppressed)
    {
        var now = _time.GetTimestamp();
        var next = Volatile.Read(ref _next);
        if (now >= next && Interlocked.CompareExchange(ref _next, now + _interval, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
