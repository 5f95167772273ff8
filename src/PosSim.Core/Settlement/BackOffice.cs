using PosSim.Core.Issuer;
using PosSim.Core.Switch;

namespace PosSim.Core.Settlement;

/// <summary>What one cut-over did.</summary>
public sealed record CutOverReport(DateOnly BusinessDate, IReadOnlyList<ClearingRecord> Cleared, SettlementRun Settlement);

/// <summary>
/// The acquirer's back office: at each cut-over it clears the closing business date from the switch log, applies
/// the faults dated that day (risk reviews, frozen or wrong accounts; none live), and runs settlement for that day.
/// Sans-IO like the rest: <see cref="CatchUp"/> is given the time, <see cref="CutOver"/> the date.
/// </summary>
/// <remarks>
/// Cut-over of business date B happens at the switch's cut-over time (23:00) local on calendar day B, which is
/// also when B's payouts (its D0 and everything due on B) are paid: clearing_date and value date are both B.
/// </remarks>
public sealed partial class BackOffice
{
    private readonly ISettlementFaults _faults;
    private readonly SettlementOptions _options;

    public BackOffice(AcquirerSwitch acquirerSwitch, Ledger.Ledger ledger, BusinessCalendar? calendar = null,
        IEnumerable<MerchantAgreement>? merchants = null, CardIssuer? issuer = null, ISettlementFaults? faults = null,
        SettlementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(acquirerSwitch);
        ArgumentNullException.ThrowIfNull(ledger);
        Switch = acquirerSwitch;
        Ledger = ledger;
        Calendar = calendar ?? BusinessCalendar.Weekdays;
        _faults = faults ?? NoSettlementFaults.Instance;
        _options = options ?? new SettlementOptions();
        Incidents = new IncidentLog();
        Clearing = new Clearing(ledger, issuer, options, _faults, Incidents);
        Engine = new SettlementEngine(ledger, Calendar, merchants, options, Incidents);
    }

    public AcquirerSwitch Switch { get; }

    public Ledger.Ledger Ledger { get; }

    public BusinessCalendar Calendar { get; }

    public Clearing Clearing { get; }

    public SettlementEngine Engine { get; }

    /// <summary>Every fault that took effect, and every broken promise the rules themselves made (instant fallbacks).</summary>
    public IncidentLog Incidents { get; }

    /// <summary>The last business date closed; null before the first cut-over.</summary>
    public DateOnly? LastCutOver { get; private set; }

    /// <summary>When the cut-over of <paramref name="businessDate"/> happens: the switch's cut-over time, local, that day.</summary>
    public DateTimeOffset CutOverMoment(DateOnly businessDate) =>
        Switch.Options.Clock.CutOverMoment(businessDate);

    /// <summary>
    /// Runs every cut-over due by <paramref name="now"/> that has not run, oldest first. The first call starts at
    /// the oldest business date in the switch log (or the one just closed, when the log is empty).
    /// </summary>
    /// <returns>The cut-overs run.</returns>
    public IReadOnlyList<CutOverReport> CatchUp(DateTimeOffset now)
    {
        var closed = Switch.BusinessDateOf(now).AddDays(-1);
        var next = LastCutOver?.AddDays(1) ?? (Switch.Tranlog.Count > 0 ? Switch.Tranlog[0].BusinessDate : closed);
        var reports = new List<CutOverReport>();
        for (var date = next; date <= closed; date = date.AddDays(1))
        {
            reports.Add(CutOver(date));
        }

        return reports;
    }

    /// <summary>
    /// A back office restarted from the stores, whose last cut-over was <paramref name="lastCutOver"/>: the next
    /// <see cref="CatchUp"/> starts the day after, and clearing skips what the switch logged up to it, so a restart
    /// never presents or pays a cleared day twice. Call before the first cut-over.
    /// </summary>
    /// <param name="stored">
    /// What the stores kept of the back office before the restart (null when they keep none): the presentments not paid
    /// yet, which settlement takes in again so each is paid on its due date (or at the next cut-over, if that passed
    /// while the process was down), and how many presentments and statement lines were numbered, so numbering goes
    /// on. What only memory knew of an unpaid presentment (a delay or late presentment's cause) is not restored.
    /// </param>
    public void ResumeAfter(DateOnly lastCutOver, BackOfficeResumption? stored = null)
    {
        if (LastCutOver is not null)
        {
            throw new InvalidOperationException("ResumeAfter is for a back office that has not cut over yet.");
        }

        LastCutOver = lastCutOver;
        Clearing.ResumeAfter(Switch.Tranlog, lastCutOver);
        if (stored is null)
        {
            return;
        }

        Clearing.ContinueNumberingFrom(stored.Presented);
        Engine.Statement.ContinueNumberingFrom(stored.StatementLines);
        foreach (var record in stored.Unpaid)
        {
            Engine.Accept(record);
        }
    }

    /// <summary>
    /// Closes <paramref name="businessDate"/>: clears it (and anything older still unpresented), applies the
    /// faults dated on or before it, and settles it.
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
            Engine.Accept(record, Clearing.DelayOf(record.ClearingId), Clearing.WasPresentedLate(record.ClearingId));
        }

        Switch.OnBusinessDateCleared(businessDate);
        _faults.BeforeSettlement(businessDate, Engine);
        var run = Engine.Settle(businessDate);
        LastCutOver = businessDate;
        if (_options.ForgetFinished)
        {
            Forget(businessDate, cleared);
        }

        return new CutOverReport(businessDate, cleared, run);
    }
}

/// <summary>What the stores kept of a back office, for <see cref="BackOffice.ResumeAfter"/>.</summary>
/// <param name="Unpaid">Presentments no settlement row names yet, in the order sent.</param>
/// <param name="Presented">Presentments made in all (clearing ids go on after it).</param>
/// <param name="StatementLines">Statement lines booked in all (statement ids go on after it).</param>
public sealed record BackOfficeResumption(IReadOnlyList<ClearingRecord> Unpaid, long Presented, long StatementLines);
