using PosSim.Reconciliation;

namespace PosSim.Core.Settlement;

/// <summary>
/// Business days (Monday to Friday minus holidays) and value dates. The rules are the matcher's own
/// <see cref="BusinessCalendar"/>, so settlement and reconciliation cannot disagree on a due date; this class
/// adds what the simulator needs besides: the holiday list itself (for holidays.csv) and stepping by business days.
/// </summary>
public sealed class SettlementCalendar
{
    public SettlementCalendar(IEnumerable<DateOnly>? holidays = null)
    {
        // BusinessCalendar does not expose its holidays, so the sorted, de-duplicated list is kept here for export.
        Holidays = (holidays ?? []).Distinct().Order().ToArray();
        Rules = new BusinessCalendar(Holidays);
    }

    public static SettlementCalendar Weekdays { get; } = new();

    /// <summary>The configured holidays, in date order (holidays.csv).</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    /// <summary>The contract's rules, shared with the matcher.</summary>
    public BusinessCalendar Rules { get; }

    public bool IsBusinessDay(DateOnly date) => Rules.IsBusinessDay(date);

    /// <summary>
    /// The value date of T+<paramref name="settleDays"/>: the n-th business day strictly after the business
    /// date; for 0, that date when it is a business day, else the next one.
    /// </summary>
    public DateOnly ValueDate(DateOnly businessDate, int settleDays) => Rules.SettlementDue(businessDate, settleDays);

    /// <summary>The n-th business day strictly after <paramref name="date"/> (n >= 1).</summary>
    public DateOnly AddBusinessDays(DateOnly date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return Rules.SettlementDue(date, n);
    }
}
