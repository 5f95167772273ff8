namespace PosSim.Reconciliation.Internal;

/// <summary>
/// Settlement due dates precomputed for every (settle_days, business date) in the range the clearing file
/// uses, so the per-row lookup on the hot path is two array reads and is safe from many threads.
/// </summary>
internal sealed class SettlementDueTable
{
    private readonly BusinessCalendar _calendar;
    private readonly int[] _settleDays;
    private readonly int[] _tableOfMerchant;
    private readonly int[][] _tables;
    private readonly int _min;
    private readonly int _max;

    public SettlementDueTable(BusinessCalendar calendar, int[] merchantSettleDays, int minDate, int maxDate)
    {
        _calendar = calendar;
        _settleDays = merchantSettleDays;
        _min = minDate;
        _max = maxDate;
        var distinct = merchantSettleDays.Distinct().Order().ToArray();
        _tableOfMerchant = merchantSettleDays.Select(n => Array.BinarySearch(distinct, n)).ToArray();
        var span = _max >= _min && _max - _min < 100_000 ? _max - _min + 1 : 0;
        _tables = distinct.Select(n =>
        {
            var t = new int[span];
            for (var i = 0; i < span; i++)
            {
                t[i] = calendar.SettlementDue(_min + i, n);
            }

            return t;
        }).ToArray();
    }

    public int Due(int merchant, int businessDate)
    {
        var table = _tables[_tableOfMerchant[merchant]];
        var i = businessDate - _min;
        return unchecked((uint)i) < (uint)table.Length ? table[i] : _calendar.SettlementDue(businessDate, _settleDays[merchant]);
    }
}
