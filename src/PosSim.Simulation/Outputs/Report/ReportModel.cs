using PosSim.Reconciliation;
using PosSim.Simulation.Runs;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>Everything the sections show, computed once from the run (one pass over each of its lists).</summary>
internal sealed class ReportModel
{
    /// <summary>Rows of the exceptions table; more would make a page no browser scrolls comfortably.</summary>
    public const int MaxExceptionRows = 5000;

    public const int MaxTimelines = 100;

    public const int MaxMerchantRows = 50;

    public const int MaxFaultRows = 1000;

    public ReportModel(RunResult run)
    {
        Run = run;
        var merchants = new Dictionary<string, MerchantFlow.Row>(StringComparer.Ordinal);
        Traffic = TrafficStats.Of(run.Office.Switch.Tranlog, merchants);
        MerchantFlow.AddBackOffice(merchants, run.Office, run.Match);
        Merchants = MerchantFlow.Ranked(merchants.Values);
        Faults = new FaultIndex(run.Faults, run.Match.Exceptions, local => BusinessDateOf(run, local));
        var exceptions = run.Match.Exceptions;
        Exceptions = exceptions.Count <= MaxExceptionRows ? exceptions : exceptions.Take(MaxExceptionRows).ToList();
        TimelineRows = exceptions.Take(MaxTimelines).ToList();
        Timelines = Timelines.Build(run, TimelineRows);
        CurrencyName = run.Office.Switch.Tranlog.Count > 0
            ? Html.CurrencyName(run.Office.Switch.Tranlog[0].Currency)
            : Html.CurrencyName(run.Office.Switch.Options.Currency);
    }

    public RunResult Run { get; }

    /// <summary>The business date of a local time of the run (a fault's, say), by the switch's clock and cut-over.</summary>
    public static DateOnly BusinessDateOf(RunResult run, DateTime local) =>
        run.Office.Switch.Options.Clock.BusinessDateOf(new DateTimeOffset(local, run.Scenario.UtcOffset));

    public TrafficStats Traffic { get; }

    /// <summary>Every merchant, most missing first.</summary>
    public List<MerchantFlow.Row> Merchants { get; }

    public FaultIndex Faults { get; }

    /// <summary>The rows of the exceptions table (the first <see cref="MaxExceptionRows"/>).</summary>
    public IReadOnlyList<ExceptionRow> Exceptions { get; }

    /// <summary>The exceptions that get a timeline: the first <see cref="MaxTimelines"/>, in table order.</summary>
    public IReadOnlyList<ExceptionRow> TimelineRows { get; }

    public Timelines Timelines { get; }

    public string CurrencyName { get; }
}
