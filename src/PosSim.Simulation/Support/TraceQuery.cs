using System.Globalization;

namespace PosSim.Simulation.Support;

/// <summary>How support staff name a transaction: the RRN on the receipt, terminal and STAN off the slip, or "about then, this much".</summary>
public abstract record TraceQuery
{
    private TraceQuery()
    {
    }

    /// <summary>"About a time" means this far either side: a merchant's memory of the time is rarely better.</summary>
    public static TimeSpan AroundWindow { get; } = TimeSpan.FromMinutes(10);

    public sealed record ByRrn(string Rrn) : TraceQuery;

    public sealed record ByTerminalStan(string TerminalId, int Stan) : TraceQuery;

    public sealed record Around(DateTime LocalTime, long AmountMinor) : TraceQuery
    {
        public string From => (LocalTime - AroundWindow).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

        public string To => (LocalTime + AroundWindow).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
    }
}
