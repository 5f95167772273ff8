using PosSim.Core.Switch;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>
/// What the switch log says, gathered in one pass: counts by kind and outcome, declines by code, the hourly
/// histogram and each merchant's approved volume. A run of a million transactions is read once, never sorted.
/// </summary>
internal sealed class TrafficStats
{
    /// <summary>More bars than this and the hourly chart groups hours (a month of hours still fits).</summary>
    private const int MaxBars = 24 * 31;

    private TrafficStats()
    {
    }

    public long Total { get; private set; }

    public long Approved { get; private set; }

    public long Live { get; private set; }

    public long TimedOut { get; private set; }

    public long InFlight { get; private set; }

    public long Cancelled { get; private set; }

    /// <summary>Requests by kind (purchase, refund, reversal, void), ordinal by name.</summary>
    public SortedDictionary<string, long> ByKind { get; } = new(StringComparer.Ordinal);

    /// <summary>Answered but not approved, by response code.</summary>
    public SortedDictionary<string, long> DeclinesByCode { get; } = new(StringComparer.Ordinal);

    /// <summary>Start of the first bucket of the hourly chart, and the hours each bucket spans.</summary>
    public DateTime FirstHour { get; private set; }

    public int HoursPerBar { get; private set; } = 1;

    /// <summary>Approved and other requests per bucket.</summary>
    public long[] ApprovedPerBar { get; private set; } = [];

    public long[] OtherPerBar { get; private set; } = [];

    public static TrafficStats Of(IReadOnlyList<TranlogEntry> tranlog, IDictionary<string, MerchantFlow.Row> merchants)
    {
        var stats = new TrafficStats();
        if (tranlog.Count == 0)
        {
            return stats;
        }

        // The log is in arrival order, so its ends bound the chart without a pass of their own.
        var first = Floor(tranlog[0].LocalTime);
        var last = Floor(tranlog[^1].LocalTime);
        var hours = Math.Max(1, (int)((last - first).Ticks / TimeSpan.TicksPerHour) + 1);
        stats.HoursPerBar = (hours + MaxBars - 1) / MaxBars;
        stats.FirstHour = first;
        var bars = (hours + stats.HoursPerBar - 1) / stats.HoursPerBar;
        stats.ApprovedPerBar = new long[bars];
        stats.OtherPerBar = new long[bars];

        var kindNames = Enum.GetValues<TransactionKind>().Select(k => k.ToString().ToLowerInvariant()).ToArray();
        var byKind = new long[kindNames.Length];
        foreach (var e in tranlog)
        {
            stats.Total++;
            byKind[(int)e.Kind]++;
            var bar = (int)Math.Clamp((e.LocalTime - first).Ticks / TimeSpan.TicksPerHour / stats.HoursPerBar, 0, bars - 1);
            if (e.IsApproved)
            {
                stats.Approved++;
                stats.ApprovedPerBar[bar]++;
            }
            else
            {
                stats.OtherPerBar[bar]++;
            }

            switch (e.Status)
            {
                case TransactionStatus.TimedOut:
                    stats.TimedOut++;
                    break;
                case TransactionStatus.InFlight:
                    stats.InFlight++;
                    break;
                case TransactionStatus.Answered when !e.IsApproved:
                    stats.DeclinesByCode[e.ResponseCode] = stats.DeclinesByCode.GetValueOrDefault(e.ResponseCode) + 1;
                    break;
            }

            if (e.IsApproved && e.CancelledBy is not null)
            {
                stats.Cancelled++;
            }

            if (e.IsLive)
            {
                stats.Live++;
                var row = MerchantFlow.RowOf(merchants, e.MerchantId);
                row.Approved = checked(row.Approved + (e.Kind == TransactionKind.Refund ? -e.AmountMinor : e.AmountMinor));
                row.LiveCount++;
            }
        }

        for (var k = 0; k < byKind.Length; k++)
        {
            if (byKind[k] > 0)
            {
                stats.ByKind[kindNames[k]] = byKind[k];
            }
        }

        return stats;
    }

    private static DateTime Floor(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerHour), t.Kind);
}
