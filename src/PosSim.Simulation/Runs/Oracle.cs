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
/// What the faults of a run should make the matcher say. Settlement's side comes from <see cref="GroundTruth"/>
/// (what the back office did); the terminals' side from what they claimed at batch close against what the switch
/// ended up holding live. Each fault row is then given the exception it should raise.
/// </summary>
internal static class Oracle
{
    /// <summary>Terminal-days whose closed batch (as batches.csv carries it) differs from the switch's live transactions of that day.</summary>
    public static IEnumerable<ExpectedFinding> UnbalancedBatches(AcquirerSwitch acquirerSwitch, IReadOnlySet<(string Terminal, string Rrn)>? supportReversals = null)
    {
        var claimed = new Dictionary<(string Terminal, DateOnly Date), BatchTotals>();
        foreach (var batch in InterchangeExport.LatestBatches(acquirerSwitch.BatchReports))
        {
            var key = (batch.TerminalId, batch.BusinessDate);
            var t = claimed.GetValueOrDefault(key);
            claimed[key] = new BatchTotals(t.DebitCount + batch.DebitCount, t.DebitAmount + batch.DebitAmountMinor, t.CreditCount + batch.CreditCount, t.CreditAmount + batch.CreditAmountMinor);
        }

        if (claimed.Count == 0)
        {
            yield break;
        }

        var live = LiveTotals.ByTerminalDay(acquirerSwitch.Tranlog, claimed.ContainsKey, supportReversals);

        foreach (var (key, totals) in claimed)
        {
            if (live.GetValueOrDefault(key) != totals)
            {
                yield return Batch(key.Terminal, key.Date);
            }
        }
    }

    /// <summary>An exceptions.csv row as a finding, keyed the way its kind is keyed.</summary>
    public static ExpectedFinding KeyOf(ExceptionRow row) => row.Kind switch
    {
        ExceptionKind.PayoutMissing or ExceptionKind.PayoutAmountMismatch => new ExpectedFinding(row.Kind, "", "", row.PayoutId),
        ExceptionKind.PayoutUnknown => new ExpectedFinding(row.Kind, "", "", "", row.StatementId),
        ExceptionKind.BatchOutOfBalance => new ExpectedFinding(row.Kind, row.TerminalId, "", "", row.BusinessDate),
        _ => new ExpectedFinding(row.Kind, row.TerminalId, row.Rrn, ""),
    };

    /// <summary>The ground truth: every fault that took effect, with the exception it should raise.</summary>
    public static List<InjectedFault> FaultRows(SimulationOutcome outcome, ISet<ExpectedFinding> expected)
    {
        var rows = new List<(DateTime At, int Order, InjectedFault Row)>();
        var rrns = new RrnFinder(outcome.Office.Switch.Tranlog);

        // A batch left open by an out-of-balance close is carried into the next close, so the spoiled totals may
        // show on a later business date of the same terminal: a fault on a terminal explains its unbalanced batches
        // up to the latest one.
        var lastUnbalanced = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in expected)
        {
            if (e.Kind == ExceptionKind.BatchOutOfBalance &&
                (!lastUnbalanced.TryGetValue(e.TerminalId, out var date) || string.CompareOrdinal(e.BusinessDate, date) > 0))
            {
                lastUnbalanced[e.TerminalId] = e.BusinessDate;
            }
        }

        foreach (var hit in outcome.Hits)
        {
            var date = hit.BusinessDate ?? outcome.Office.Switch.Options.Clock.BusinessDateOf(new DateTimeOffset(hit.LocalTime, outcome.Scenario.UtcOffset));
            var rrn = hit.Rrn.Length > 0 ? hit.Rrn : rrns.Find(hit.TerminalId, hit.Stan, date);
            var day = Batch(hit.TerminalId, date).BusinessDate;
            var kind = lastUnbalanced.TryGetValue(hit.TerminalId, out var last) && string.CompareOrdinal(last, day) >= 0
                ? ExceptionKind.BatchOutOfBalance.Name()
                : "";
            rows.Add((hit.LocalTime, rows.Count, Row(hit.Type, hit.LocalTime, hit.TerminalId, hit.MerchantId, rrn,
                hit.Stan > 0 ? hit.Stan.ToString("D6", CultureInfo.InvariantCulture) : "", "", kind, hit.Detail)));
        }

        var clock = outcome.Office.Switch.Options.Clock;
        foreach (var incident in outcome.Office.Incidents.Items)
        {
            if (TypeOf(incident.Kind) is not { } type)
            {
                continue;
            }

            var at = clock.CutOverMoment(incident.Date).DateTime;
            var kind = ExpectedKindOf(incident, outcome.Office, expected);
            var stan = rrns.StanOf(incident.TerminalId, incident.Rrn);
            rows.Add((at, rows.Count, Row(type, at, incident.TerminalId, incident.MerchantId, incident.Rrn, stan, incident.PayoutId, kind, incident.Detail)));
        }

        return [.. rows.OrderBy(r => r.At).ThenBy(r => r.Order).Select((r, i) => r.Row with { Sequence = i + 1 })];
    }

    /// <summary>The expected findings a fault row accounts for.</summary>
    public static IEnumerable<ExpectedFinding> FindingsOf(InjectedFault fault, SimulationOutcome outcome, ISet<ExpectedFinding> expected)
    {
        if (fault.ExpectedKind.Length == 0 || !ExceptionKinds.TryParse(fault.ExpectedKind, out var kind))
        {
            yield break;
        }

        if (kind == ExceptionKind.BatchOutOfBalance)
        {
            foreach (var e in expected)
            {
                if (e.Kind == kind && e.TerminalId == fault.TerminalId)
                {
                    yield return e;
                }
            }

            yield break;
        }

        yield return new ExpectedFinding(kind, fault.TerminalId, fault.Rrn, "");
        if (kind is ExceptionKind.SettledLate or ExceptionKind.ClearedNotSettled)
        {
            // A late or missing payout is one cause with two faces: when a transaction was cleared twice, one
            // presentment may be paid late and the other not by the end of the run.
            yield return new ExpectedFinding(kind == ExceptionKind.SettledLate ? ExceptionKind.ClearedNotSettled : ExceptionKind.SettledLate, fault.TerminalId, fault.Rrn, "");
        }

        if (fault.PayoutId.Length > 0)
        {
            yield return new ExpectedFinding(kind, "", "", fault.PayoutId);
            foreach (var payout in outcome.Office.Engine.Payouts.Where(p => p.PayoutId == fault.PayoutId))
            {
                foreach (var detail in payout.Details)
                {
                    yield return new ExpectedFinding(ExceptionKind.SettledLate, detail.Record.TerminalId, detail.Record.Rrn, "");
                }
            }
        }
    }

    private static string ExpectedKindOf(Incident incident, BackOffice office, ISet<ExpectedFinding> expected)
    {
        ReadOnlySpan<ExceptionKind> candidates = incident.Kind switch
        {
            IncidentKind.ClearingDropped => [ExceptionKind.ApprovedNotCleared],
            IncidentKind.ClearingDuplicated => [ExceptionKind.DuplicateClearing],
            IncidentKind.ClearingAmountAltered => [ExceptionKind.ClearingAmountMismatch],
            IncidentKind.PayoutBounced => [ExceptionKind.PayoutMissing, ExceptionKind.SettledLate],
            _ => [ExceptionKind.SettledLate, ExceptionKind.ClearedNotSettled],
        };
        foreach (var kind in candidates)
        {
            if (kind is ExceptionKind.PayoutMissing ? expected.Contains(new ExpectedFinding(kind, "", "", incident.PayoutId))
                : incident.PayoutId.Length > 0 ? office.Engine.Payouts.Where(p => p.PayoutId == incident.PayoutId)
                    .SelectMany(p => p.Details).Any(d => expected.Contains(new ExpectedFinding(kind, d.Record.TerminalId, d.Record.Rrn, "")))
                : expected.Contains(new ExpectedFinding(kind, incident.TerminalId, incident.Rrn, "")))
            {
                return kind.Name();
            }
        }

        return "";
    }

    private static FaultType? TypeOf(IncidentKind kind) => kind switch
    {
        IncidentKind.ClearingDropped => FaultType.ClearingDropped,
        IncidentKind.ClearingDuplicated => FaultType.ClearingDuplicated,
        IncidentKind.ClearingAmountAltered => FaultType.ClearingAltered,
        IncidentKind.SettlementDelayed => FaultType.SettlementDelayed,
        IncidentKind.RiskHeld => FaultType.RiskHold,
        IncidentKind.PayoutBounced => FaultType.PayoutBounce,
        IncidentKind.PayoutDeferred => FaultType.BankMaintenance,
        IncidentKind.InstantFallback => FaultType.InstantFallback,
        IncidentKind.PresentedLate => FaultType.CutOverSkew,
        _ => null, // a re-issue is the cure, not a fault
    };

    private static InjectedFault Row(FaultType type, DateTime at, string terminal, string merchant, string rrn, string stan, string payout, string kind, string detail) =>
        new(0, at, type, terminal, merchant, rrn, stan, payout, kind, detail);

    private static ExpectedFinding Batch(string terminal, DateOnly date) =>
        new(ExceptionKind.BatchOutOfBalance, terminal, "", "", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Finds the RRN the switch gave a terminal's request (by STAN and business date), and a transaction's STAN by RRN.</summary>
    private sealed class RrnFinder(IReadOnlyList<TranlogEntry> tranlog)
    {
        private Dictionary<(string, int, DateOnly), string>? _byStan;
        private Dictionary<(string, string), int>? _byRrn;

        public string Find(string terminal, int stan, DateOnly date)
        {
            if (terminal.Length == 0 || stan == 0)
            {
                return "";
            }

            _byStan ??= tranlog.Where(e => e.Kind is TransactionKind.Purchase or TransactionKind.Refund)
                .GroupBy(e => (e.TerminalId, e.Stan, e.BusinessDate)).ToDictionary(g => g.Key, g => g.First().Rrn);
            return _byStan.GetValueOrDefault((terminal, stan, date)) ?? "";
        }

        public string StanOf(string terminal, string rrn)
        {
            if (rrn.Length == 0)
            {
                return "";
            }

            _byRrn ??= tranlog.Where(e => e.Kind is TransactionKind.Purchase or TransactionKind.Refund)
                .GroupBy(e => (e.TerminalId, e.Rrn)).ToDictionary(g => g.Key, g => g.First().Stan);
            return _byRrn.TryGetValue((terminal, rrn), out var stan) ? stan.ToString("D6", CultureInfo.InvariantCulture) : "";
        }
    }
}
