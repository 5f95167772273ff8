namespace PosSim.Simulation.Runs;

/// <summary>
/// The only clock of a run: it stands still until the event loop moves it to the next event. Timestamps derive
/// from it too, so nothing in the core can read the wall clock by accident.
/// </summary>
internal sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => Now;

    public override long GetTimestamp() => Now.UtcTicks;

    /// <summary>Moves to <paramref name="instant"/>; never backwards.</summary>
    public void MoveTo(DateTimeOffset instant)
    {
        if (instant > Now)
        {
            Now = instant;
        }
    }
}
