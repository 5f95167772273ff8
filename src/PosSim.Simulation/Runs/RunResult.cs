using PosSim.Core.Issuer;
using PosSim.Core.Settlement;
using PosSim.Reconciliation;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Settlement;

namespace PosSim.Simulation.Runs;

/// <summary>
/// One injected fault as it took effect: the row of ground-truth.csv. <see cref="ExpectedKind"/> is the exception
/// kind the matcher should raise because of it (empty when it should raise none: a lost response the terminal
/// reversed leaves the books straight).
/// </summary>
public sealed record InjectedFault(
    long Sequence,
    DateTime LocalTime,
    FaultType Type,
    string TerminalId,
    string MerchantId,
    string Rrn,
    string Stan,
    string PayoutId,
    string ExpectedKind,
    string Detail)
{
    /// <summary>The fault's name as scenarios write it (kebab case: response-lost).</summary>
    public string Fault => FaultNames.Of(Type);
}

/// <summary>One expectation of the scenario and how the run fared against it.</summary>
public sealed record ExpectationOutcome(string Name, bool Held, string Expected, string Actual);

/// <summary>
/// Everything a finished run produced, for the writers of its outputs (recon files, ground truth, run.sqlite,
/// report.html) and the console. Deterministic: nothing here depends on the wall clock.
/// </summary>
public sealed class RunResult
{
    public required Scenario Scenario { get; init; }

    public required int Seed { get; init; }

    /// <summary>The switch log, clearing, settlement, payouts, bank statement, ledger and incidents.</summary>
    public required BackOffice Office { get; init; }

    public required CardIssuer Issuer { get; init; }

    /// <summary>What the matcher found on the run's interchange files.</summary>
    public required MatchResult Match { get; init; }

    public required DateOnly AsOf { get; init; }

    /// <summary>Every fault that took effect, in the order it did.</summary>
    public required IReadOnlyList<InjectedFault> Faults { get; init; }

    /// <summary>The oracle: what the matcher must find, from the faults' effects.</summary>
    public required IReadOnlyList<ExpectedFinding> Expected { get; init; }

    public required IReadOnlyList<ExpectationOutcome> Expectations { get; init; }

    /// <summary>Counts of what happened (messages, approvals, declines by code, reversals, payouts...), by name, sorted.</summary>
    public required IReadOnlyDictionary<string, long> Counters { get; init; }

    /// <summary>Problems with the books found at cut-overs and at the end (empty when money is conserved).</summary>
    public required IReadOnlyList<string> LedgerProblems { get; init; }

    /// <summary>First and last simulated instants, acquirer local time.</summary>
    public required DateTime SimulatedFrom { get; init; }

    public required DateTime SimulatedTo { get; init; }

    /// <summary>Expected findings the matcher did not report.</summary>
    public required IReadOnlyList<ExpectedFinding> Missed { get; init; }

    /// <summary>Findings the matcher reported that no fault explains.</summary>
    public required IReadOnlyList<ExpectedFinding> Unexplained { get; init; }

    /// <summary>What each approved support case's way back did in the support period (none for a run without cases).</summary>
    public IReadOnlyList<ResolutionDone> Resolutions { get; init; } = [];

    public bool AllExpectationsHeld => Expectations.All(e => e.Held);
}
