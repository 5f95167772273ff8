using PosSim.Core.Hosting;
using PosSim.Core.Issuer;
using PosSim.Core.Settlement.Export;
using PosSim.Core.Switch;
using PosSim.Reconciliation;

namespace PosSim.Core.Settlement;

/// <summary>What one cut-over did.</summary>
public sealed record CutOverReport(DateOnly BusinessDate, IReadOnlyList<ClearingRecord> Cleared, SettlementRun Settlement);

/// <summary>
/// The acquirer's back office: at each cut-over it clears the closing business date from the switch log, applies
/// the fault plan's dated events (risk reviews, frozen or wrong accounts), and runs settlement for that day.
/// Sans-IO like the rest: <see cref="CatchUp"/> is given the time, <see cref="CutOver"/> the date.
/// </summary>
/// <remarks>
/// Cut-over of business date B happens at the switch's cut-over time (23:00) local on calendar day B, which is
/// also when B's payouts (its D0 and everything due on B) are paid: clearing_date and value date are both B.
/// </remarks>
public sealed class BackOffice
{
    private readonly SettlementFaultPlan _faults;

    // How far each dated window of the plan has been applied: 0 not yet, 1 started, 2 ended.
    private readonly int[] _holdStage;
    private readonly int[] _bounceStage;

    public BackOffice(AcquirerSwitch acquirerSwitch, Ledger.Ledger ledger, SettlementCalendar? calendar = null,
        IEnumerable<MerchantAgreement>? merchants = null, CardIssuer? issuer = null, SettlementFaultPlan? faults = null,
        Random? random = null, SettlementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(acquirerSwitch);
        ArgumentNullException.ThrowIfNull(ledger);
        Switch = acquirerSwitch;
        Ledger = ledger;
        Calendar = calendar ?? SettlementCalendar.Weekdays;
        _faults = faults ?? SettlementFaultPlan.None;
        _holdStage = new int[_faults.RiskHolds.Count];
        _bounceStage = new int[_faults.Bounces.Count];
        GroundTruth = new GroundTruth();
        Clearing = new Clearing(ledger, issuer, options, _faults, random, GroundTruth);
        Engine = new SettlementEngine(ledger, Calendar, merchants, options, GroundTruth);
    }

    /// <summary>A back office for a local acquirer: its switch and issuer, and the issuer's ledger.</summary>
    public static BackOffice For(LocalAcquirer acquirer, Ledger.Ledger ledger, SettlementCalendar? calendar = null,
        IEnumerable<MerchantAgreement>? merchants = null, SettlementFaultPlan? faults = null, Random? random = null, SettlementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(acquirer);
        return new BackOffice(acquirer.Switch, ledger, calendar, merchants, acquirer.Issuer, faults, random, options);
    }

    public AcquirerSwitch Switch { get; }

    public Ledger.Ledger Ledger { get; }

    public SettlementCalendar Calendar { get; }

    public Clearing Clearing { get; }

    public SettlementEngine Engine { get; }

    /// <summary>Every fault that took effect, and every broken promise the rules themselves made (instant fallbacks).</summary>
    public GroundTruth GroundTruth { get; }

    /// <summary>The last business date closed; null before the first cut-over.</summary>
    public DateOnly? LastCutOver { get; private set; }

    /// <summary>When the cut-over of <paramref name="businessDate"/> happens: the switch's cut-over time, local, that day.</summary>
    public DateTimeOffset CutOverMoment(DateOnly businessDate) =>
        new(businessDate.ToDateTime(Switch.Options.CutOver), Switch.Options.LocalOffset);

    /// <summary>
    /// Runs every cut-over due by <paramref name="now"/> that has not run, oldest first. The first call starts at
    /// the oldest business date in the switch log (or the one just closed, when the log is empty).
    /// </summary>
    /// <returns>The cut-overs run.</returns>
    public IReadOnlyList<CutOverReport> CatchUp(DateTimeOffset now)
    {
        var closed = Switch.BusinessDateOf(now.ToOffset(Switch.Options.LocalOffset)).AddDays(-1);
        var next = LastCutOver?.AddDays(1) ?? (Switch.Tranlog.Count > 0 ? Switch.Tranlog[0].BusinessDate : closed);
        var reports = new List<CutOverReport>();
        for (var date = next; date <= closed; date = date.AddDays(1))
        {
            reports.Add(CutOver(date));
        }

        return reports;
    }

    /// <summary>
    /// Closes <paramref name="businessDate"/>: clears it (and anything older still unpresented), applies the fault
    /// plan's events dated on or before it, and settles it.
    /// </summary>
    public CutOverReport CutOver(DateOnly businessDate)
    {
        if (LastCutOver is { } last && businessDate <= last)
        {
            throw new InvalidOperationException($"Business date {businessDate:yyyy-MM-dd} is already closed (last cut-over {last:yyyy-MM-dd}).");
        }

        var cleared = Clearing.Run(Switch.Tranlog, businessDate);
        foreach (var record in cleared)
        {
            Engine.Accept(record, Clearing.DelayOf(record.ClearingId));
        }

        ApplyDatedFaults(businessDate);
        var run = Engine.Settle(businessDate);
        LastCutOver = businessDate;
        return new CutOverReport(businessDate, cleared, run);
    }

    /// <summary>Writes the contract's input files (merchants, transactions, clearing, settlements, payouts, batches, holidays).</summary>
    public void Export(string folder) =>
        ContractFiles.Write(folder, Engine.Merchants, Switch.Tranlog, Clearing.Records, Engine.Details, Engine.Statement.Rows, Switch.BatchReports, Calendar.Holidays);

    /// <summary>
    /// What `possim match --as-of <paramref name="asOf"/>` must report on the exported files, derived from the
    /// ground truth: the exceptions the injected faults (and instant fallbacks) cause, no more.
    /// </summary>
    public IReadOnlyList<ExpectedFinding> ExpectedFindings(DateOnly asOf)
    {
        var expected = new SortedSet<ExpectedFinding>(Comparer<ExpectedFinding>.Create(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Kind.Name(), b.Kind.Name());
            c = c != 0 ? c : string.CompareOrdinal(a.TerminalId, b.TerminalId);
            c = c != 0 ? c : string.CompareOrdinal(a.Rrn, b.Rrn);
            return c != 0 ? c : string.CompareOrdinal(a.PayoutId, b.PayoutId);
        }));

        foreach (var fault in GroundTruth.Faults)
        {
            switch (fault.Kind)
            {
                case InjectedFaultKind.ClearingDropped when ClearingDue(fault.Date) < asOf:
                    expected.Add(new ExpectedFinding(ExceptionKind.ApprovedNotCleared, fault.TerminalId, fault.Rrn, ""));
                    break;
                case InjectedFaultKind.ClearingDuplicated:
                    expected.Add(new ExpectedFinding(ExceptionKind.DuplicateClearing, fault.TerminalId, fault.Rrn, ""));
                    break;
                case InjectedFaultKind.ClearingAmountAltered:
                    expected.Add(new ExpectedFinding(ExceptionKind.ClearingAmountMismatch, fault.TerminalId, fault.Rrn, ""));
                    break;
            }
        }

        // Lateness shows on the item, whatever caused it; only items with a recorded cause may be late.
        foreach (var item in Engine.Items)
        {
            if (item.Causes == LateCause.None)
            {
                continue;
            }

            var key = (item.Record.TerminalId, item.Record.Rrn);
            if (item.Detail is { } detail)
            {
                if (detail.ValueDate > item.DueDate)
                {
                    expected.Add(new ExpectedFinding(ExceptionKind.SettledLate, key.TerminalId, key.Rrn, ""));
                }
            }
            else if (item.DueDate < asOf)
            {
                expected.Add(new ExpectedFinding(ExceptionKind.ClearedNotSettled, key.TerminalId, key.Rrn, ""));
            }
        }

        foreach (var payout in Engine.Payouts)
        {
            if (payout.Status == PayoutStatus.Bounced && payout.ValueDate < asOf)
            {
                expected.Add(new ExpectedFinding(ExceptionKind.PayoutMissing, "", "", payout.PayoutId));
            }
        }

        return [.. expected];
    }

    private static DateOnly ClearingDue(DateOnly businessDate) => BusinessCalendar.ClearingDue(businessDate);

    /// <summary>Risk reviews and account problems of the plan that start or end on or before <paramref name="date"/>.</summary>
    private void ApplyDatedFaults(DateOnly date)
    {
        for (var i = 0; i < _holdStage.Length; i++)
        {
            var hold = _faults.RiskHolds[i];
            if (_holdStage[i] == 0 && hold.From <= date)
            {
                Engine.Hold(hold.MerchantId);
                _holdStage[i] = 1;
            }

            if (_holdStage[i] == 1 && hold.ReleaseOn is { } release && release <= date)
            {
                Engine.Release(hold.MerchantId);
                _holdStage[i] = 2;
            }
        }

        for (var i = 0; i < _bounceStage.Length; i++)
        {
            var bounce = _faults.Bounces[i];
            if (_bounceStage[i] == 0 && bounce.From <= date)
            {
                SetAccountProblem(bounce, problem: true);
                _bounceStage[i] = 1;
            }

            if (_bounceStage[i] == 1 && bounce.CorrectedOn is { } corrected && corrected <= date)
            {
                SetAccountProblem(bounce, problem: false);
                _bounceStage[i] = 2;
            }
        }
    }

    private void SetAccountProblem(PayoutBounceWindow bounce, bool problem)
    {
        if (bounce.Reason == BounceReason.WrongAccount)
        {
            Engine.SetWrongAccount(bounce.MerchantId, problem);
            return;
        }

        var account = Engine.AccountOf(bounce.MerchantId);
        var result = problem ? Ledger.FreezeAccount(account) : Ledger.UnfreezeAccount(account);
        if (result != PosSim.Ledger.LedgerResult.Ok)
        {
            throw new InvalidOperationException($"Could not {(problem ? "freeze" : "unfreeze")} the account of merchant {bounce.MerchantId}: {result}.");
        }
    }
}
