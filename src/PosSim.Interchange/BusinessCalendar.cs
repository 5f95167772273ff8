namespace PosSim.Interchange;

/// <summary>
/// Business days are Monday to Friday minus the holidays (docs/interchange-files.md, "Business calendar").
/// Clearing is due the calendar day after the business date; settlement on the <c>settle_days</c>-th business
/// day strictly after it (0: that day if it is a business day, else the next). Settlement, the exporter and the
/// matcher all use this one class, so they cannot disagree on a due date.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly HashSet<int> _holidays;

    public BusinessCalendar(IEnumerable<DateOnly>? holidays = null)
    {
        Holidays = (holidays ?? []).Distinct().Order().ToArray();
        _holidays = Holidays.Select(d => d.DayNumber).ToHashSet();
    }

    public static BusinessCalendar Weekdays { get; } = new();

    /// <summary>The holidays, in date order without repeats (holidays.csv).</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    public bool IsBusinessDay(DateOnly date) => IsBusinessDay(date.DayNumber);

    public static DateOnly ClearingDue(DateOnly businessDate) => businessDate.AddDays(1);

    /// <summary>
    /// The value date of T+<paramref name="settleDays"/>: the n-th business day strictly after the business
    /// date; for 0, that date when it is a business day, else the next one.
    /// </summary>
    public DateOnly SettlementDue(DateOnly businessDate, int settleDays) =>
        DateOnly.FromDayNumber(SettlementDue(businessDate.DayNumber, settleDays));

    /// <summary>The n-th business day strictly after <paramref name="date"/> (n >= 1).</summary>
    public DateOnly AddBusinessDays(DateOnly date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return SettlementDue(date, n);
    }

    /// <summary>Business days strictly after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from.DayNumber + 1; d <= to.DayNumber; d++)
        {
            if (IsBusinessDay(d))
            {
                n++;
            }
        }

        return n;
    }

    // DayNumber 0 is Monday 0001-01-01, so DayNumber % 7 is 0 for Monday ... 6 for Sunday.
    public bool IsBusinessDay(int dayNumber) => dayNumber % 7 < 5 && !_holidays.Contains(dayNumber);

    /// <summary>The settlement due date as a day number (the matcher's hot path works in day numbers).</summary>
    public int SettlementDue(int businessDate, int settleDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(settleDays);
        var d = businessDate;
        if (settleDays == 0)
        {
            while (!IsBusinessDay(d))
            {
                d++;
            }

            return d;
        }

        for (var k = 0; k < settleDays;)
        {
            d++;
            if (IsBusinessDay(d))
            {
                k++;
            }
        }

        return d;
    }
}
