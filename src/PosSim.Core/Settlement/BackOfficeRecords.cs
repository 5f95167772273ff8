namespace PosSim.Core.Settlement;

/// <summary>
/// What the back office made or changed since the last drain, for a store to keep (the host writes these in its group
/// commit and exports the interchange files from there).
/// </summary>
public sealed class BackOfficeRecords
{
    /// <summary>New presentments, in the order sent; a presentment never changes once made.</summary>
    public List<ClearingRecord> Clearing { get; } = [];

    /// <summary>
    /// Settlement rows new or changed since the last drain (a payout attempted again moves its rows' value date), in
    /// the order first made. A store upserts them by <see cref="SettlementDetail.ClearingId"/>: one presentment is in
    /// at most one row, ever.
    /// </summary>
    public List<SettlementDetail> Settlements { get; } = [];

    /// <summary>
    /// Clearing ids of settlement rows taken out of an unpaid payout (support gave the money back to the cardholder):
    /// a store deletes them.
    /// </summary>
    public List<string> RemovedSettlements { get; } = [];

    /// <summary>New bank statement lines, in booking order; a line never changes once booked.</summary>
    public List<StatementRow> Statement { get; } = [];

    public void Clear()
    {
        Clearing.Clear();
        Settlements.Clear();
        RemovedSettlements.Clear();
        Statement.Clear();
    }
}

/// <summary>
/// How many records the back office holds in memory now, by kind: what a long-running one must keep bounded
/// (<see cref="SettlementOptions.ForgetFinished"/>).
/// </summary>
/// <param name="ClearingRecords">Presentments held by clearing.</param>
/// <param name="Items">Settlement items held (waiting, in a payout not yet final, or final but recent).</param>
/// <param name="Waiting">Of those, not yet in any payout (not due, delayed, or held for risk review).</param>
/// <param name="Payouts">Payouts held.</param>
/// <param name="Bounced">Of those, bounced and waiting to be re-issued.</param>
/// <param name="Details">Settlement rows held.</param>
/// <param name="StatementRows">Bank statement lines held.</param>
/// <param name="Incidents">Incidents held.</param>
/// <param name="Withheld">Withheld offline approvals held.</param>
/// <param name="Issues">Clearing issues held.</param>
/// <param name="Keyed">Entries of the per-presentment, per-date and per-return indexes.</param>
public readonly record struct BackOfficeHeldRecords(
    int ClearingRecords, int Items, int Waiting, int Payouts, int Bounced, int Details, int StatementRows,
    int Incidents, int Withheld, int Issues, int Keyed)
{
    /// <summary>All of them together.</summary>
    public int Total => ClearingRecords + Items + Payouts + Details + StatementRows + Incidents + Withheld + Issues + Keyed;
}
