using PosSim.Core.Cases;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Support.Cases;

/// <summary>
/// Carries out approved cases: the run is played again from its recipe with every approved case's way back as an
/// order at the moment it was approved, so the money moves through the same switch, issuer, ledger, clearing and
/// settlement as the rest of the run, and the run folder (tranlog, interchange files, matcher, run.sqlite) shows
/// it. Then each case still in processing gets its outcome recorded: completed with the proof, or left in
/// processing with the reason (to be escalated). The same log gives the same run, so carrying out again changes
/// nothing that was carried out before.
/// </summary>
public static class CaseExecution
{
    /// <summary>The actor that records what processing did.</summary>
    public const string BackOffice = "back-office";

    /// <summary>The order of every approved case: its approved way back, at the moment of the (last) approval.</summary>
    public static IReadOnlyList<ResolutionOrder> Orders(IEnumerable<SupportCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return [.. cases
            .Where(c => c.Command is not null)
            .Select(c => ResolutionOrder.From(c.Command!, c.Audit.Last(e => e.Action == "approve").At))];
    }

    /// <summary>Whether any case waits for its approved way back to be carried out.</summary>
    public static bool AnyWaiting(IEnumerable<SupportCase> cases) => cases.Any(Waiting);

    /// <summary>
    /// Plays the run again with every approved case's order and records the outcome of each case waiting for one.
    /// </summary>
    /// <param name="simulate">Wraps the simulation (a progress bar); null to just run it.</param>
    /// <returns>The cases it recorded an outcome for, as they are now, and the run as played again (null when nothing waited).</returns>
    /// <exception cref="CaseInputException">The run folder cannot be played again.</exception>
    public static CarriedOut CarryOut(string runDir, Func<SimulationRun, SimulationOutcome>? simulate = null)
    {
        IReadOnlyList<ResolutionOrder> orders;
        List<long> waiting;
        using (var book = CaseBook.Open(runDir))
        {
            waiting = [.. book.Cases.Where(Waiting).Select(c => c.Id)];
            if (waiting.Count == 0)
            {
                return new CarriedOut([], null);
            }

            orders = Orders(book.Cases);
        }

        RunRecipe recipe;
        Scenario scenario;
        try
        {
            recipe = RunRecipe.Load(runDir) ?? throw new CaseInputException(
                $"{runDir} has no {RunRecipe.FileName} (written by an older possim): write the run again with `possim run` to carry out resolutions; {CaseLog.FileName} can be kept");
            scenario = recipe.Scenario();
        }
        catch (Exception e) when (e is InvalidDataException or ScenarioException)
        {
            throw new CaseInputException($"cannot play the run again: {e.Message}");
        }

        var result = recipe.Play(scenario, runDir, orders, simulate);

        var recorded = new List<SupportCase>();
        using (var book = CaseBook.Open(runDir))
        {
            foreach (var id in waiting)
            {
                var done = result.Resolutions.First(r => r.Order.CaseId == id);
                var decision = book.Do(id, at => new RecordResolution(BackOffice, at, done.Outcome));
                recorded.Add(decision.Case);
            }
        }

        return new CarriedOut(recorded, result);
    }

    /// <summary>Approved, and no outcome recorded since the approval.</summary>
    private static bool Waiting(SupportCase c) => c.Stage == CaseStage.Processing && c.Command is not null && c.Outcome is null;
}

/// <summary>What carrying out approved cases did: the cases whose outcome was recorded, and the run played again.</summary>
public sealed record CarriedOut(IReadOnlyList<SupportCase> Cases, RunResult? Run);
