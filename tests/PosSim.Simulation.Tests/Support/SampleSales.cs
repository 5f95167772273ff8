using PosSim.Core.Switch;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Tests.Support;

/// <summary>The planned transactions of <see cref="SampleRun"/> by name, and the switch log rows they became.</summary>
internal static class SampleSales
{
    /// <summary>The planned transaction named <paramref name="name"/> in the run's scenario.</summary>
    public static PlannedTransaction Plan(RunResult run, string name) =>
        run.Scenario.Planned.Single(p => p.Name == name);

    /// <summary>
    /// The purchase the planned sale <paramref name="name"/> became: on its terminal, logged by the switch at its day
    /// and time (plus the link's transit, milliseconds).
    /// </summary>
    public static TranlogEntry Purchase(RunResult run, string name)
    {
        var plan = Plan(run, name);
        var at = run.Scenario.Start.AddDays(plan.Day - 1).ToDateTime(plan.Time);
        return run.Office.Switch.Tranlog.Single(e =>
            e.Kind == TransactionKind.Purchase && e.TerminalId == plan.TerminalId && e.LocalTime >= at && e.LocalTime < at.AddSeconds(1));
    }

    /// <summary>The fault of the run injected on the planned sale <paramref name="name"/>.</summary>
    public static InjectedFault FaultOn(RunResult run, string name)
    {
        var sale = Purchase(run, name);
        return run.Faults.Single(f => f.TerminalId == sale.TerminalId && f.Rrn == sale.Rrn);
    }
}
