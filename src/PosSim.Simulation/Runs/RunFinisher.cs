using System.Globalization;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Host.Export;
using PosSim.Interchange;
using PosSim.Reconciliation;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Settlement;

namespace PosSim.Simulation.Runs;

/// <summary>
/// Ends a run: exports its interchange files, matches them, works out from the faults' effects what the matcher
/// should have found (the oracle), says which exception each fault should raise, and checks the scenario's
/// expectations.
/// </summary>
public static class RunFinisher
{
    /// <param name="reconFolder">Where the interchange files, exceptions.csv and summary.json are written.</param>
    public static RunResult Finish(SimulationOutcome outcome, string reconFolder)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var office = outcome.Office;
        var scenario = outcome.Scenario;
        Directory.CreateDirectory(reconFolder);
        InterchangeExport.Write(reconFolder, office);
        Outputs.AdjustmentsCsv.Write(reconFolder, outcome.Resolutions, scenario.Currency);
        var asOf = scenario.LastDay.AddDays(1);
        var match = Matcher.Run(reconFolder, reconFolder, asOf);

        // Support's late payment of what was already cleared is set aside by the matcher: the break is judged as it happened.
        var paidLate = outcome.Resolutions
            .Where(r => r.Done && r.Order.Path == Core.Cases.ResolutionPath.PayMerchantLate && r.ClearingId is null)
            .Select(r => (r.Order.TerminalId, r.Order.Rrn)).ToHashSet();
        var expected = new SortedSet<ExpectedFinding>(GroundTruth.ExpectedFindings(office, asOf, paidLate), ExpectedFinding.Order);
        var supportReversals = outcome.Resolutions
            .Where(r => r.Order.Path == Core.Cases.ResolutionPath.ReleaseHold && r.MessageRrn is not null)
            .Select(r => (r.Order.TerminalId, r.MessageRrn!)).ToHashSet();
        foreach (var batch in Oracle.UnbalancedBatches(office.Switch, supportReversals))
        {
            expected.Add(batch);
        }

        var found = new SortedSet<ExpectedFinding>(match.Exceptions.Select(Oracle.KeyOf), ExpectedFinding.Order);
        var faults = Oracle.FaultRows(outcome, expected);
        var explained = new HashSet<ExpectedFinding>(faults.SelectMany(f => Oracle.FindingsOf(f, outcome, expected)));
        foreach (var (terminal, rrn) in paidLate)
        {
            // Its payment is set aside, so it is unsettled in the matcher's eyes: the case that paid it explains that.
            explained.Add(new ExpectedFinding(ExceptionKind.ClearedNotSettled, terminal, rrn, ""));
        }
        var missed = expected.Where(e => !found.Contains(e)).ToList();
        var unexplained = found.Where(f => !expected.Contains(f)).Concat(expected.Where(e => !explained.Contains(e))).Distinct().ToList();

        var counters = Counters(outcome, match, faults.Count);
        var problems = outcome.LedgerProblems.ToList();
        var totals = office.Ledger.GetTotals();
        if (!totals.IsBalanced)
        {
            problems.Add($"the ledger's debits and credits differ at the end: {totals}");
        }

        var expectations = Expectations(scenario.Expect, match, problems, missed, unexplained, counters);
        return new RunResult
        {
            Scenario = scenario,
            Seed = outcome.Seed,
            Office = office,
            Issuer = outcome.Issuer,
            Match = match,
            AsOf = asOf,
            Faults = faults,
            Expected = [.. expected],
            Expectations = expectations,
            Counters = counters,
            LedgerProblems = problems,
            SimulatedFrom = outcome.SimulatedFrom,
            SimulatedTo = outcome.SimulatedTo,
            Missed = missed,
            Unexplained = unexplained,
            Resolutions = outcome.Resolutions,
        };
    }

    private static IReadOnlyDictionary<string, long> Counters(SimulationOutcome outcome, MatchResult match, int faults)
    {
        var counters = outcome.Counters;
        var sw = outcome.Office.Switch;
        counters.Add("switch_requests", sw.Counters.Requests);
        counters.Add("switch_approved", sw.Counters.Approved);
        counters.Add("switch_declined", sw.Counters.Declined);
        foreach (var (code, n) in sw.Counters.DeclinesByCode)
        {
            counters.Add("declined_" + code, n);
        }

        counters.Add("issuer_timeouts", sw.Counters.IssuerTimeouts);
        counters.Add("late_issuer_responses", sw.Counters.LateResponses);
        counters.Add("reversals_queued", sw.Counters.ReversalsQueued);
        counters.Add("reversals_parked", sw.Counters.ReversalsParked);
        counters.Add("reversed_before_arrival", sw.Counters.ReversedBeforeArrival);
        counters.Add("clearing_records", outcome.Office.Clearing.Records.Count);
        counters.Add("payouts", outcome.Office.Engine.Payouts.Count);
        counters.Add("payouts_bounced", outcome.Office.Engine.Payouts.Count(p => p.Attempts.Any(a => !a.Accepted)));
        counters.Add("payouts_unpaid", outcome.Office.Engine.Payouts.Count(p => p.Status != PayoutStatus.Paid));
        counters.Add("faults_injected", faults);
        counters.Add("exceptions", match.Exceptions.Count);
        counters.Add("transactions", sw.Tranlog.Count);
        return counters.Snapshot();
    }

    private static List<ExpectationOutcome> Expectations(Expectations expect, MatchResult match, List<string> problems,
        List<ExpectedFinding> missed, List<ExpectedFinding> unexplained, IReadOnlyDictionary<string, long> counters)
    {
        var outcomes = new List<ExpectationOutcome>();
        foreach (var (kind, count) in expect.Exceptions.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var actual = ExceptionKinds.TryParse(kind, out var k) ? match.Counts.GetValueOrDefault(k) : 0;
            outcomes.Add(new ExpectationOutcome("exceptions." + kind, actual == count, Text(count), Text(actual)));
        }

        if (expect.MoneyConserved is { } conserved)
        {
            var held = problems.Count == 0;
            outcomes.Add(new ExpectationOutcome("money_conserved", held == conserved, conserved ? "true" : "false",
                held ? "true" : "false: " + problems[0]));
        }

        if (expect.FindingsMatchFaults is { } matchFaults)
        {
            var held = missed.Count == 0 && unexplained.Count == 0;
            var actual = held ? "true" : string.Create(CultureInfo.InvariantCulture,
                $"false: {missed.Count} missed ({string.Join(", ", missed.Take(3))}), {unexplained.Count} unexplained ({string.Join(", ", unexplained.Take(3))})");
            outcomes.Add(new ExpectationOutcome("findings_match_faults", held == matchFaults, matchFaults ? "true" : "false", actual));
        }

        foreach (var (name, bound) in expect.Counters.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var actual = counters.GetValueOrDefault(name);
            outcomes.Add(new ExpectationOutcome("counters." + name, bound.Holds(actual), bound.ToString(), Text(actual)));
        }

        return outcomes;
    }

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);
}
