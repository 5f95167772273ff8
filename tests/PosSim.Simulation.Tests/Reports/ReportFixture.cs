using System.Globalization;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Settlement;
using PosSim.Simulation.Tests.Support;

namespace PosSim.Simulation.Tests.Reports;

/// <summary>The sample run, made once for the report tests (a run plays its script twice), and helpers to vary it.</summary>
internal static class ReportFixture
{
    private static readonly Lazy<RunResult> Sample = new(SampleRun.Create);

    public static RunResult Run => Sample.Value;

    public static string Render(RunResult run)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        HtmlReport.Write(writer, run);
        return writer.ToString();
    }

    /// <summary>A copy of <paramref name="run"/> with another scenario or fault list (RunResult has no `with`).</summary>
    public static RunResult With(RunResult run, Scenario? scenario = null, IReadOnlyList<InjectedFault>? faults = null,
        IReadOnlyList<ExpectedFinding>? missed = null, IReadOnlyList<ExpectedFinding>? unexplained = null) => new()
    {
        Scenario = scenario ?? run.Scenario,
        Seed = run.Seed,
        Office = run.Office,
        Issuer = run.Issuer,
        Match = run.Match,
        AsOf = run.AsOf,
        Faults = faults ?? run.Faults,
        Expected = run.Expected,
        Expectations = run.Expectations,
        Counters = run.Counters,
        LedgerProblems = run.LedgerProblems,
        SimulatedFrom = run.SimulatedFrom,
        SimulatedTo = run.SimulatedTo,
        Missed = missed ?? run.Missed,
        Unexplained = unexplained ?? run.Unexplained,
    };
}
