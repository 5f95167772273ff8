namespace PosSim.Reconciliation;

/// <summary>
/// Business days are Monday to Friday minus the holidays. Due dates of the contract:
/// clearing is due the calendar day after the business date; settlement is due on the
/// <c>settle_days</c>-th business day strictly after it (0: that day if it is a business day, else the next).
/// </summary>
public sealed class BusinessCalendar
{
    private readonly HashSet<int> holidays;

    public BusinessCalendar(IEnumerable<DateOnly> holidays)
    {
        this.holidays = holidays.Select(d => d.DayNumber).ToHashSet();
    }

    public static BusinessCalendar Weekdays { get; } = new([]);

    public bool IsBusinessDay(DateOnly date) => IsBusinessDay(date.DayNumber);

    public static DateOnly ClearingDue(DateOnly businessDate) => businessDate.AddDays(1);

    public DateOnly SettlementDue(DateOnly businessDate, int settleDays) =>
        DateOnly.FromDayNumber(SettlementDue(businessDate.DayNumber, settleDays));

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
    internal bool IsBusinessDay(int dayNumber) => dayNumber % 7 < 5 && !holidays.Contains(dayNumber);

    internal int SettlementDue(int businessDate, int settleDays)
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
