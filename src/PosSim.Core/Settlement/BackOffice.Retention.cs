namespace PosSim.Core.Settlement;

/// <summary>
/// A long-running back office: it hands its new records to a store (<see cref="DrainNewRecords"/>) and, with
/// <see cref="SettlementOptions.ForgetFinished"/>, forgets after each cut-over what is final, so memory stays flat.
/// </summary>
/// <remarks>
/// After the cut-over of business date D, with K = <see cref="SettlementOptions.FinishedKeptDays"/>, it forgets:
/// <list type="bullet">
/// <item>settlement items paid in a payout the bank took on D − K or before (the bank refuses a payout when it is
/// attempted, never later, so a paid payout is final at once), those payouts and their settlement rows, and statement
/// lines of value date D − K or before;</item>
/// <item>items returned to the cardholder with a business date of D − K or before;</item>
/// <item>the presentments of every item forgotten (clearing then refuses to present late a purchase of a business date
/// whose presentments it forgot: it can no longer tell whether it was presented, and paying twice is worse);</item>
/// <item>the delay and presented-late marks of presentments once settlement has taken them in, payout numbers of
/// earlier settlement dates, instant quotas of business dates before D − K, and returned purchases once a refund of
/// them can no longer come;</item>
/// <item>incidents, withheld advices and clearing issues but the latest <see cref="SettlementOptions.RecentKept"/>
/// (all counted).</item>
/// </list>
/// It keeps whatever a rule still needs: items waiting (not due yet, delayed, held for risk review, deferred by bank
/// maintenance), bounced payouts until re-issued and paid (then K days more), merchant books and statement totals.
/// Records not yet drained are handed to the store whether forgotten here or not.
/// </remarks>
public sealed partial class BackOffice
{
    /// <summary>
    /// From now on, remembers each new presentment, settlement row made or moved, and statement line until
    /// <see cref="DrainNewRecords"/> takes them. Off by default, so a simulation pays nothing for it.
    /// </summary>
    public void TrackNewRecords()
    {
        Clearing.Fresh.Track();
        Engine.TrackNew();
        Engine.Statement.Fresh.Track();
    }

    /// <summary>True when records were made or changed since the last <see cref="DrainNewRecords"/>.</summary>
    public bool HasNewRecords => Clearing.Fresh.Any || Engine.HasNew || Engine.Statement.Fresh.Any;

    /// <summary>Moves what was made or changed since the last call into <paramref name="into"/> (added to what it holds).</summary>
    public void DrainNewRecords(BackOfficeRecords into)
    {
        ArgumentNullException.ThrowIfNull(into);
        Clearing.Fresh.DrainInto(into.Clearing);
        Engine.DrainNew(into.Settlements, into.RemovedSettlements);
        Engine.Statement.Fresh.DrainInto(into.Statement);
    }

    /// <summary>How many records the back office holds now, by kind.</summary>
    public BackOfficeHeldRecords HeldRecords => new(
        Clearing.Records.Count,
        Engine.Items.Count,
        Engine.WaitingCount,
        Engine.Payouts.Count,
        Engine.BouncedCount,
        Engine.Details.Count,
        Engine.Statement.Rows.Count,
        Incidents.Items.Count,
        Clearing.Withheld.Count,
        Clearing.Issues.Count,
        Clearing.PerPresentmentEntries + Engine.DatedEntries);

    private void Forget(DateOnly businessDate, IReadOnlyList<ClearingRecord> accepted)
    {
        Clearing.ForgetAccepted(accepted);
        var through = businessDate.AddDays(-_options.FinishedKeptDays);
        var final = Engine.ForgetFinal(through, businessDate);
        Clearing.Forget(final, _options.RecentKept);
        Incidents.KeepLatest(_options.RecentKept);
    }
}
