using System.Globalization;
using PosSim.Core.Issuer;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Host.Export;
using PosSim.Interchange;
using PosSim.Reconciliation;
using PosSim.Simulation.Runs;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>One step of a transaction's journey: when, which actor saw it, and what happened.</summary>
internal readonly record struct TimelineEvent(DateTime At, int Rank, string Actor, string Text, bool Bad);

/// <summary>
/// The journey behind each exception: switch log rows of its terminal and RRN (and those naming it as original),
/// the issuer's authorizations, clearing records, settlement items and rows, payouts with their attempts and bank
/// lines, incidents and injected faults. A whole-day exception (a terminal and business date, no RRN) gets the
/// terminal's batch closes around that date, the switch's live sales of that day in one line, and the terminal's
/// faults up to that date. Only the keys of the exceptions shown are collected, in one pass over each list, so a
/// big run costs a few scans and no index of everything.
/// </summary>
/// <remarks>
/// The back office keeps dates, not times, for what happens at cut-over; those events are placed at the cut-over
/// moment of their date, and <see cref="TimelineEvent.Rank"/> keeps their causal order within the same moment.
/// </remarks>
internal sealed class Timelines
{
    private readonly Dictionary<(string Terminal, string Rrn), List<TimelineEvent>> _byTxn = [];
    private readonly Dictionary<string, List<TimelineEvent>> _byPayout = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TimelineEvent>> _byStatement = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Terminal, DateOnly Date), List<TimelineEvent>> _byDay = [];
    private readonly TimeOnly _cutOver;

    private Timelines(TimeOnly cutOver) => _cutOver = cutOver;

    public static Timelines Build(RunResult run, IReadOnlyList<ExceptionRow> shown)
    {
        var t = new Timelines(run.Scenario.CutOver);
        foreach (var row in shown)
        {
            if (row.Rrn.Length > 0)
            {
                t._byTxn.TryAdd((row.TerminalId, row.Rrn), []);
            }

            if (row.PayoutId.Length > 0)
            {
                t._byPayout.TryAdd(row.PayoutId, []);
            }

            if (row.StatementId.Length > 0)
            {
                t._byStatement.TryAdd(row.StatementId, []);
            }

            if (DayOf(row) is { } day)
            {
                t._byDay.TryAdd(day, []);
            }
        }

        t.Collect(run);
        foreach (var list in t._byTxn.Values.Concat(t._byPayout.Values).Concat(t._byStatement.Values).Concat(t._byDay.Values))
        {
            // Stable: List.Sort is not, so the index within the list breaks the last ties.
            var ordered = list.Select((e, i) => (e, i)).OrderBy(p => p.e.At).ThenBy(p => p.e.Rank).ThenBy(p => p.i).Select(p => p.e).ToList();
            list.Clear();
            list.AddRange(ordered);
        }

        return t;
    }

    /// <summary>The events for an exception row, merged from its transaction, payout and statement keys.</summary>
    public IReadOnlyList<TimelineEvent> For(ExceptionRow row)
    {
        var lists = new List<List<TimelineEvent>>();
        if (row.Rrn.Length > 0 && _byTxn.TryGetValue((row.TerminalId, row.Rrn), out var txn))
        {
            lists.Add(txn);
        }

        if (row.PayoutId.Length > 0 && _byPayout.TryGetValue(row.PayoutId, out var payout))
        {
            lists.Add(payout);
        }

        if (row.StatementId.Length > 0 && _byStatement.TryGetValue(row.StatementId, out var statement))
        {
            lists.Add(statement);
        }

        if (DayOf(row) is { } key && _byDay.TryGetValue(key, out var day))
        {
            lists.Add(day);
        }

        if (lists.Count <= 1)
        {
            return lists.Count == 1 ? lists[0] : [];
        }

        // A transaction's payout events are already in its own list; keep each event once.
        return lists.SelectMany(l => l).Distinct().OrderBy(e => e.At).ThenBy(e => e.Rank).ToList();
    }

    private DateTime AtCutOver(DateOnly date) => date.ToDateTime(_cutOver);

    /// <summary>The terminal and business date of a whole-day exception (batch-out-of-balance); null for other rows.</summary>
    private static (string Terminal, DateOnly Date)? DayOf(ExceptionRow row) =>
        row.Kind.Key() == ExceptionKey.TerminalDay && row.TerminalId.Length > 0 &&
        DateOnly.TryParseExact(row.BusinessDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (row.TerminalId, date)
            : null;

    private void Collect(RunResult run)
    {
        var office = run.Office;
        var authorizations = new Dictionary<AuthorizationKey, TranlogEntry>();
        foreach (var e in office.Switch.Tranlog)
        {
            var own = _byTxn.TryGetValue((e.TerminalId, e.Rrn), out var list);
            var refersTo = e.OriginalRrn is { } original && _byTxn.TryGetValue((e.TerminalId, original), out var parent) ? parent : null;
            if (!own && refersTo is null)
            {
                continue;
            }

            var ev = SwitchEvent(e);
            list?.Add(ev);
            refersTo?.Add(ev);
            authorizations.TryAdd(new AuthorizationKey(e.TerminalId, e.Stan, e.TransmissionDateTime), e);
        }

        if (authorizations.Count > 0)
        {
            foreach (var auth in run.Issuer.Authorizations)
            {
                if (authorizations.TryGetValue(auth.Key, out var entry))
                {
                    AddTxn(entry.TerminalId, entry.Rrn, entry.OriginalRrn, new TimelineEvent(entry.LocalTime, 1, "issuer",
                        string.Create(CultureInfo.InvariantCulture,
                            $"authorized {auth.Kind.ToString().ToLowerInvariant()} {Html.Money(auth.Amount)}, approval {auth.ApprovalCode}; {HoldState(auth.Status)}"),
                        false));
                }
            }
        }

        foreach (var r in office.Clearing.Records)
        {
            if (_byTxn.ContainsKey((r.TerminalId, r.Rrn)))
            {
                AddTxn(r.TerminalId, r.Rrn, null, new TimelineEvent(AtCutOver(r.ClearingDate), 2, "clearing",
                    $"presented {r.Kind.ToString().ToLowerInvariant()} {Html.Money(r.AmountMinor)} as {r.ClearingId} (business date {Html.Date(r.BusinessDate)})", false));
            }
        }

        foreach (var issue in office.Clearing.Issues)
        {
            if (_byTxn.ContainsKey((issue.TerminalId, issue.Rrn)))
            {
                AddTxn(issue.TerminalId, issue.Rrn, null, new TimelineEvent(DateTime.MinValue, 3, "issuer",
                    $"could not post the hold of {issue.ClearingId}: {issue.Result}", true));
            }
        }

        var payoutsWanted = new HashSet<string>(_byPayout.Keys, StringComparer.Ordinal);
        var payoutOwners = new Dictionary<string, List<List<TimelineEvent>>>(StringComparer.Ordinal);
        foreach (var item in office.Engine.Items)
        {
            var r = item.Record;
            if (!_byTxn.TryGetValue((r.TerminalId, r.Rrn), out var list))
            {
                continue;
            }

            var late = item.Causes == LateCause.None ? "" : $"; late: {item.Causes.ToString().ToLowerInvariant()}";
            list.Add(new TimelineEvent(AtCutOver(r.ClearingDate), 4, "settlement",
                $"{r.ClearingId} due {Html.Date(item.DueDate)}, scheduled {Html.Date(item.ScheduledDate)}{late}", item.Causes != LateCause.None));
            if (item.Detail is { } detail)
            {
                list.Add(new TimelineEvent(AtCutOver(detail.ValueDate), 5, "settlement",
                    $"settled {Html.Money(detail.GrossMinor)} less fee {Html.Money(detail.FeeMinor)} = {Html.Money(detail.NetMinor)} in payout {detail.PayoutId}", false));
                payoutsWanted.Add(detail.PayoutId);
                if (!payoutOwners.TryGetValue(detail.PayoutId, out var owners))
                {
                    payoutOwners[detail.PayoutId] = owners = [];
                }

                // Two rows of one transaction in one payout (a duplicate) must not show the payout twice.
                if (!owners.Contains(list))
                {
                    owners.Add(list);
                }
            }
        }

        CollectPayouts(office, payoutsWanted, payoutOwners);
        CollectIncidents(office.Incidents.Items, run.Faults);
        CollectDays(run);
        FixIssueTimes();
    }

    /// <summary>
    /// For each whole-day exception: the terminal's batch closes from the day before its date to the day after, the
    /// switch's live purchases and refunds of that terminal and date as one summary, and the terminal's faults of
    /// that date or earlier (an out-of-balance close leaves the batch open into the next close, so the fault may be
    /// days older than the finding).
    /// </summary>
    private void CollectDays(RunResult run)
    {
        if (_byDay.Count == 0)
        {
            return;
        }

        var byTerminal = new Dictionary<string, List<(DateOnly Date, List<TimelineEvent> Events)>>(StringComparer.Ordinal);
        foreach (var ((terminal, date), list) in _byDay)
        {
            if (!byTerminal.TryGetValue(terminal, out var days))
            {
                byTerminal[terminal] = days = [];
            }

            days.Add((date, list));
        }

        var reports = run.Office.Switch.BatchReports;
        var carried = InterchangeExport.LatestBatches(reports).ToHashSet<BatchReport>(ReferenceEqualityComparer.Instance);
        foreach (var b in reports)
        {
            if (!byTerminal.TryGetValue(b.TerminalId, out var days))
            {
                continue;
            }

            var superseded = carried.Contains(b) ? "" : "; closed again later, so batches.csv carries the later close";
            var ev = new TimelineEvent(AtCutOver(b.BusinessDate), 2, "batch",
                string.Create(CultureInfo.InvariantCulture,
                    $"batch {b.BatchNumber} closed for business date {Html.Date(b.BusinessDate)}: {Sales(b.DebitCount, b.DebitAmountMinor, b.CreditCount, b.CreditAmountMinor)}; {(b.Balanced ? "in balance with the switch" : "out of balance with the switch, so the batch stays open")}{superseded}"),
                !b.Balanced);
            foreach (var (date, list) in days)
            {
                if (Math.Abs(b.BusinessDate.DayNumber - date.DayNumber) <= 1)
                {
                    list.Add(ev);
                }
            }
        }

        var live = LiveTotals.ByTerminalDay(run.Office.Switch.Tranlog, _byDay.ContainsKey);

        foreach (var (key, list) in _byDay)
        {
            var t = live.GetValueOrDefault(key);
            list.Add(new TimelineEvent(AtCutOver(key.Date), 1, "switch",
                string.Create(CultureInfo.InvariantCulture,
                    $"live at the switch for business date {Html.Date(key.Date)}: {Sales(t.DebitCount, t.DebitAmount, t.CreditCount, t.CreditAmount)} (approved and not cancelled)"),
                false));
        }

        foreach (var fault in run.Faults)
        {
            if (fault.TerminalId.Length == 0 || !byTerminal.TryGetValue(fault.TerminalId, out var days))
            {
                continue;
            }

            var faultDate = ReportModel.BusinessDateOf(run, fault.LocalTime);
            foreach (var (date, list) in days)
            {
                if (faultDate <= date)
                {
                    list.Add(FaultEvent(fault));
                }
            }
        }
    }

    private void CollectPayouts(BackOffice office, HashSet<string> wanted, Dictionary<string, List<List<TimelineEvent>>> owners)
    {
        if (wanted.Count == 0)
        {
            return;
        }

        IEnumerable<List<TimelineEvent>> ListsOf(string payoutId)
        {
            if (_byPayout.TryGetValue(payoutId, out var own))
            {
                yield return own;
            }

            if (owners.TryGetValue(payoutId, out var lists))
            {
                foreach (var list in lists)
                {
                    yield return list;
                }
            }
        }

        foreach (var payout in office.Engine.Payouts)
        {
            if (!wanted.Contains(payout.PayoutId))
            {
                continue;
            }

            foreach (var list in ListsOf(payout.PayoutId))
            {
                list.Add(new TimelineEvent(AtCutOver(payout.FirstValueDate), 6, "payout",
                    string.Create(CultureInfo.InvariantCulture,
                        $"payout {payout.PayoutId} to {payout.MerchantId}: {payout.Details.Count} rows, gross {Html.Money(payout.GrossMinor)}, net {Html.Money(payout.NetMinor)}"),
                    false));
                foreach (var attempt in payout.Attempts)
                {
                    list.Add(new TimelineEvent(AtCutOver(attempt.Date), 7, "bank",
                        $"{(attempt.Accepted ? "accepted" : "refused")} payout {payout.PayoutId}: {attempt.Outcome}", !attempt.Accepted));
                }
            }
        }

        foreach (var line in office.Engine.Statement.Rows)
        {
            var statementList = _byStatement.GetValueOrDefault(line.StatementId);
            var ev = new TimelineEvent(AtCutOver(line.ValueDate), 8, "bank",
                $"statement line {line.StatementId}: {Html.Money(line.AmountMinor)} for payout {line.PayoutId}", false);
            statementList?.Add(ev);
            if (wanted.Contains(line.PayoutId))
            {
                foreach (var list in ListsOf(line.PayoutId))
                {
                    list.Add(ev);
                }
            }
        }
    }

    private void CollectIncidents(IReadOnlyList<Incident> incidents, IReadOnlyList<InjectedFault> faults)
    {
        foreach (var incident in incidents)
        {
            var ev = new TimelineEvent(AtCutOver(incident.Date), 2, "incident",
                $"{incident.Kind}{(incident.Detail.Length > 0 ? ": " + incident.Detail : "")}", true);
            if (incident.Rrn.Length > 0 && _byTxn.TryGetValue((incident.TerminalId, incident.Rrn), out var txn))
            {
                txn.Add(ev);
            }

            if (incident.PayoutId.Length > 0 && _byPayout.TryGetValue(incident.PayoutId, out var payout))
            {
                payout.Add(ev);
            }
        }

        foreach (var fault in faults)
        {
            var ev = FaultEvent(fault);
            if (fault.Rrn.Length > 0 && _byTxn.TryGetValue((fault.TerminalId, fault.Rrn), out var txn))
            {
                txn.Add(ev);
            }

            if (fault.PayoutId.Length > 0 && _byPayout.TryGetValue(fault.PayoutId, out var payout))
            {
                payout.Add(ev);
            }
        }
    }

    /// <summary>Purchases and refunds as counts and amounts: <c>12 purchases 340.00, 1 refund 20.00</c>.</summary>
    internal static string Sales(long purchases, long purchasesMinor, long refunds, long refundsMinor) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{purchases} {(purchases == 1 ? "purchase" : "purchases")} {Html.Money(purchasesMinor)}, {refunds} {(refunds == 1 ? "refund" : "refunds")} {Html.Money(refundsMinor)}");

    private static TimelineEvent FaultEvent(InjectedFault fault) =>
        new(fault.LocalTime, 0, "fault", $"injected {fault.Fault}{(fault.Detail.Length > 0 ? ": " + fault.Detail : "")}", true);

    private void AddTxn(string terminal, string rrn, string? originalRrn, TimelineEvent ev)
    {
        if (_byTxn.TryGetValue((terminal, rrn), out var own))
        {
            own.Add(ev);
        }

        if (originalRrn is not null && _byTxn.TryGetValue((terminal, originalRrn), out var parent))
        {
            parent.Add(ev);
        }
    }

    /// <summary>An issue has no date of its own; it happened when its clearing record was presented.</summary>
    private void FixIssueTimes()
    {
        foreach (var list in _byTxn.Values)
        {
            var clearedAt = DateTime.MinValue;
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].Actor == "clearing" && clearedAt == DateTime.MinValue)
                {
                    clearedAt = list[i].At;
                }
            }

            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].At == DateTime.MinValue)
                {
                    list[i] = list[i] with { At = clearedAt };
                }
            }
        }
    }

    private static string HoldState(AuthorizationStatus status) => status switch
    {
        AuthorizationStatus.Held => "the hold is still open",
        AuthorizationStatus.Released => "the hold was released",
        _ => "the hold was posted (the card was charged or credited)",
    };

    private static TimelineEvent SwitchEvent(TranlogEntry e)
    {
        var outcome = e.Status switch
        {
            TransactionStatus.InFlight => "still in flight",
            TransactionStatus.TimedOut => "timed out at the issuer; the terminal got 91",
            _ => e.IsApproved ? $"approved {e.AuthCode}" : $"declined {e.ResponseCode}",
        };
        var late = e.LateIssuerResponseCode is { } code ? $"; the issuer answered {code} too late" : "";
        var cancelled = e.CancelledBy is { } by ? $"; cancelled by {by}" : "";
        var original = e.OriginalRrn is { } o ? $" of {o}" : "";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{e.Kind.ToString().ToLowerInvariant()}{original} {Html.Money(e.AmountMinor)} {Html.CurrencyName(e.Currency)}, RRN {e.Rrn}, STAN {e.Stan:D6}, card {e.PanMasked}: {outcome}{late}{cancelled}");
        return new TimelineEvent(e.LocalTime, 0, "switch", text, !e.IsApproved);
    }
}
