using PosSim.Interchange;
using PosSim.Reconciliation;
using PosSim.Simulation.Runs;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>
/// Pairs injected faults with the matcher's exception rows by the key of the expected kind: terminal and RRN for
/// transaction kinds, payout id for payout kinds. A fault explains a row when both name the same kind and key.
/// </summary>
internal sealed class FaultIndex
{
    private readonly Dictionary<(string Kind, string Terminal, string Rrn, string Payout), InjectedFault> _byFinding = [];
    private readonly HashSet<(string Kind, string Terminal, string Rrn, string Payout)> _found = [];

    public FaultIndex(IReadOnlyList<InjectedFault> faults, MatchResult match)
    {
        foreach (var fault in faults)
        {
            if (fault.ExpectedKind.Length > 0 && ExceptionKinds.TryParse(fault.ExpectedKind, out var kind))
            {
                // The first fault to cause a finding is the one that explains it.
                _byFinding.TryAdd(KeyOf(kind, fault.TerminalId, fault.Rrn, fault.PayoutId), fault);
            }
        }

        foreach (var row in match.Exceptions)
        {
            _found.Add(KeyOf(row));
        }
    }

    /// <summary>The fault that explains <paramref name="row"/>, if any.</summary>
    public InjectedFault? Explaining(ExceptionRow row) => _byFinding.GetValueOrDefault(KeyOf(row));

    /// <summary>True when the matcher reported the finding the fault should raise; null when it should raise none.</summary>
    public bool? Found(InjectedFault fault) =>
        fault.ExpectedKind.Length == 0 || !ExceptionKinds.TryParse(fault.ExpectedKind, out var kind)
            ? null
            : _found.Contains(KeyOf(kind, fault.TerminalId, fault.Rrn, fault.PayoutId));

    private static (string, string, string, string) KeyOf(ExceptionRow row) => KeyOf(row.Kind, row.TerminalId, row.Rrn, row.PayoutId);

    private static (string, string, string, string) KeyOf(ExceptionKind kind, string terminal, string rrn, string payout) =>
        kind.Key() switch
        {
            ExceptionKey.Payout => (kind.Name(), "", "", payout),
            ExceptionKey.Statement => (kind.Name(), "", "", payout),
            ExceptionKey.TerminalDay => (kind.Name(), terminal, "", ""),
            _ => (kind.Name(), terminal, rrn, ""),
        };
}
