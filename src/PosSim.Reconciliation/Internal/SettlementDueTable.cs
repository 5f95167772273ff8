namespace PosSim.Reconciliation.Internal;

/// <summary>
/// Settlement due dates precomputed for every (settle_days, business date) in the range the clearing file
/// uses, so the per-row lookup on the hot path is two array reads and is safe from many threads.
/// </summary>
internal sealed class SettlementDueTable
{
    private readonly BusinessCalendar calendar;
    private readonly int[] settleDays;
    private readonly int[] tableOfMerchant;
    private readonly int[][] tables;
    private readonly int min;
    private readonly int max;

    public SettlementDueTable(BusinessCalendar calendar, int[] merchantSettleDays, int minDate, int maxDate)
    {
        this.calendar = calendar;
        settleDays = merchantSettleDays;
        min = minDate;
        max = maxDate;
        var distinct = merchantSettleDays.Distinct().Order().ToArray();
        tableOfMerchant = merchantSettleDays.Select(n => Array.BinarySearch(distinct, n)).ToArray();
        var span = max >= min && max - min < 100_000 ? max - min + 1 : 0;
        tables = distinct.Select(n =>
        {
            var t = new int[span];
            for (var i = 0; i < span; i++)
            {
                t[i] = calendar.SettlementDue(min + i, n);
            }

            return t;
        }).ToArray();
    }

    public int Due(int merchant, int businessDate)
    {
        var table = tables[tableOfMerchant[merchant]];
        var i = businessDate - min;
        return unchecked((uint)i) < (uint)table.Length ? table[i] : calendar.SettlementDue(businessDate, settleDays[merchant]);
    }
}
