using PosSim.Core.Settlement;
using PosSim.Interchange;

namespace PosSim.Simulation.Settlement;

/// <summary>
/// An exception the matcher must report, by its kind and the key columns of exceptions.csv: terminal and RRN, a
/// payout, or terminal and business date (batch-out-of-balance).
/// </summary>
public readonly record struct ExpectedFinding(ExceptionKind Kind, string TerminalId, string Rrn, string PayoutId, string BusinessDate = "")
{
    public override string ToString() => $"{Kind.Name()} {TerminalId} {Rrn} {PayoutId} {BusinessDate}".Replace("  ", " ", StringComparison.Ordinal).Trim();

    /// <summary>Orders findings as exceptions.csv does: kind, then the key columns.</summary>
    public static IComparer<ExpectedFinding> Order { get; } = Comparer<ExpectedFinding>.Create(static (a, b) =>
    {
        var c = string.CompareOrdinal(a.Kind.Name(), b.Kind.Name());
        c = c != 0 ? c : string.CompareOrdinal(a.TerminalId, b.TerminalId);
        c = c != 0 ? c : string.CompareOrdinal(a.Rrn, b.Rrn);
        c = c != 0 ? c : string.CompareOrdinal(a.BusinessDate, b.BusinessDate);
        return c != 0 ? c : string.CompareOrdinal(a.PayoutId, b.PayoutId);
    });
}

/// <summary>
/// The simulator's oracle: from what a back office really did (its incident log, the settlement items and
/// payouts), the exceptions the matcher must find in the exported files, no more and no fewer. A run whose
/// matcher output differs from this has found a bug in the matcher or in settlement.
/// </summary>
public static class GroundTruth
{
    /// <summary>What `possim match --as-of <paramref name="asOf"/>` must report on the files <paramref name="office"/> exports.</summary>
    /// <param name="paidLateBySupport">
    /// Purchases (terminal, RRN) a support case paid late by releasing, bringing forward or re-issuing what was
    /// already cleared. The matcher sets that payment aside (the break did happen), so they are judged unsettled.
    /// </param>
    public static IReadOnlyList<ExpectedFinding> ExpectedFindings(BackOffice office, DateOnly asOf, IReadOnlySet<(string Terminal, string Rrn)>? paidLateBySupport = null)
    {
        ArgumentNullException.ThrowIfNull(office);
        var expected = new SortedSet<ExpectedFinding>(ExpectedFinding.Order);

        foreach (var incident in office.Incidents.Items)
        {
            switch (incident.Kind)
            {
                case IncidentKind.ClearingDropped when BusinessCalendar.ClearingDue(incident.Date) < asOf:
                    expected.Add(new ExpectedFinding(ExceptionKind.ApprovedNotCleared, incident.TerminalId, incident.Rrn, ""));
                    break;
                case IncidentKind.ClearingDuplicated:
                    expected.Add(new ExpectedFinding(ExceptionKind.DuplicateClearing, incident.TerminalId, incident.Rrn, ""));
                    break;
                case IncidentKind.ClearingAmountAltered:
                    expected.Add(new ExpectedFinding(ExceptionKind.ClearingAmountMismatch, incident.TerminalId, incident.Rrn, ""));
                    break;
            }
        }

        // Lateness shows on the item, whatever caused it; only items with a recorded cause may be late.
        foreach (var item in office.Engine.Items)
        {
            if (item.Causes == LateCause.None)
            {
                continue;
            }

            var (terminal, rrn) = (item.Record.TerminalId, item.Record.Rrn);
            var setAside = paidLateBySupport is not null && item.Record.Kind == ClearingKind.Purchase && paidLateBySupport.Contains((terminal, rrn));
            if (item.Detail is { } detail && !setAside)
            {
                if (detail.ValueDate > item.DueDate)
                {
                    expected.Add(new ExpectedFinding(ExceptionKind.SettledLate, terminal, rrn, ""));
                }
            }
            else if (item.DueDate < asOf)
            {
                expected.Add(new ExpectedFinding(ExceptionKind.ClearedNotSettled, terminal, rrn, ""));
            }
        }

        foreach (var payout in office.Engine.Payouts)
        {
            if (payout.Status == PayoutStatus.Bounced && payout.ValueDate < asOf)
            {
                expected.Add(new ExpectedFinding(ExceptionKind.PayoutMissing, "", "", payout.PayoutId));
            }
        }

        return [.. expected];
    }
}
