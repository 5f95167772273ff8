using System.Globalization;
using PosSim.Interchange;
using PosSim.Reconciliation;
using PosSim.Simulation.Runs;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>
/// Pairs injected faults with the matcher's exception rows by the key of the expected kind: terminal and RRN for
/// transaction kinds, payout id for payout kinds, terminal and business date for whole-day kinds. A fault explains
/// a row when both name the same kind and key.
/// </summary>
/// <remarks>
/// A whole-day fault is paired with the row of its kind and terminal whose business date is the nearest on or after
/// the fault's own: a batch left open by an out-of-balance close is carried into the next close, so the finding may
/// be dated later than the fault, but never earlier.
/// </remarks>
internal sealed class FaultIndex
{
    private readonly Dictionary<(string Kind, string Terminal, string Rrn, string Payout, string Date), InjectedFault> _byFinding = [];
    private readonly HashSet<(string Kind, string Terminal, string Rrn, string Payout, string Date)> _found = [];

    /// <summary>The business dates of the whole-day rows of each kind and terminal, in order.</summary>
    private readonly Dictionary<(string Kind, string Terminal), List<string>> _dayRows = [];
    private readonly Func<DateTime, DateOnly> _businessDateOf;

    /// <param name="businessDateOf">The business date of a fault's local time (the switch's clock, with the cut-over).</param>
    public FaultIndex(IReadOnlyList<InjectedFault> faults, IReadOnlyList<ExceptionRow> exceptions, Func<DateTime, DateOnly> businessDateOf)
    {
        _businessDateOf = businessDateOf;
        foreach (var row in exceptions)
        {
            _found.Add(KeyOf(row));
            if (row.Kind.Key() == ExceptionKey.TerminalDay)
            {
                var key = (row.Kind.Name(), row.TerminalId);
                if (!_dayRows.TryGetValue(key, out var dates))
                {
                    _dayRows[key] = dates = [];
                }

                dates.Add(row.BusinessDate);
            }
        }

        foreach (var dates in _dayRows.Values)
        {
            dates.Sort(StringComparer.Ordinal);
        }

        foreach (var fault in faults)
        {
            if (KeyOf(fault) is { } key)
            {
                // The first fault to cause a finding is the one that explains it.
                _byFinding.TryAdd(key, fault);
            }
        }
    }

    /// <summary>The fault that explains <paramref name="row"/>, if any.</summary>
    public InjectedFault? Explaining(ExceptionRow row) => _byFinding.GetValueOrDefault(KeyOf(row));

    /// <summary>True when the matcher reported the finding the fault should raise; null when it should raise none.</summary>
    public bool? Found(InjectedFault fault) => KeyOf(fault) is { } key ? _found.Contains(key) : null;

    private static (string, string, string, string, string) KeyOf(ExceptionRow row) =>
        KeyOf(row.Kind, row.TerminalId, row.Rrn, row.PayoutId, row.BusinessDate);

    /// <summary>The key of the finding the fault should raise; for a whole-day kind, dated by the row it pairs with.</summary>
    private (string, string, string, string, string)? KeyOf(InjectedFault fault)
    {
        if (fault.ExpectedKind.Length == 0 || !ExceptionKinds.TryParse(fault.ExpectedKind, out var kind))
        {
            return null;
        }

        var date = "";
        if (kind.Key() == ExceptionKey.TerminalDay)
        {
            date = _businessDateOf(fault.LocalTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (_dayRows.TryGetValue((kind.Name(), fault.TerminalId), out var dates))
            {
                // The nearest row on or after the fault's date; none means the finding was not reported.
                var at = dates.BinarySearch(date, StringComparer.Ordinal);
                if (at < 0 && ~at < dates.Count)
                {
                    date = dates[~at];
                }
            }
        }

        return KeyOf(kind, fault.TerminalId, fault.Rrn, fault.PayoutId, date);
    }

    private static (string, string, string, string, string) KeyOf(ExceptionKind kind, string terminal, string rrn, string payout, string date) =>
        kind.Key() switch
        {
            ExceptionKey.Payout => (kind.Name(), "", "", payout, ""),
            ExceptionKey.Statement => (kind.Name(), "", "", payout, ""),
            ExceptionKey.TerminalDay => (kind.Name(), terminal, "", "", date),
            _ => (kind.Name(), terminal, rrn, "", ""),
        };
}
