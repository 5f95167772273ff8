namespace PosSim.Core.Time;

/// <summary>
/// The acquirer's one clock setting: its local offset (China: +08:00) and the cut-over time at which the
/// business date rolls over to the next day (23:00). The switch dates transactions by it, the issuer checks
/// expiry dates by it and the back office closes days by it, so they can never disagree on what day it is.
/// </summary>
public sealed record BusinessClock(TimeSpan LocalOffset, TimeOnly CutOver)
{
    /// <summary>+08:00 with cut-over at 23:00.</summary>
    public static BusinessClock Default { get; } = new(TimeSpan.FromHours(8), new TimeOnly(23, 0));

    /// <summary>The acquirer's local time at <paramref name="instant"/>.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => instant.ToOffset(LocalOffset);

    /// <summary>The business date of an instant: the local date, or the next day from the cut-over time on.</summary>
    public DateOnly BusinessDateOf(DateTimeOffset instant)
    {
        var local = Local(instant).DateTime;
        var date = DateOnly.FromDateTime(local);
        return TimeOnly.FromDateTime(local) >= CutOver ? date.AddDays(1) : date;
    }

    /// <summary>When <paramref name="businessDate"/> is closed: the cut-over time, local, on that calendar day.</summary>
    public DateTimeOffset CutOverMoment(DateOnly businessDate) => new(businessDate.ToDateTime(CutOver), LocalOffset);
}
