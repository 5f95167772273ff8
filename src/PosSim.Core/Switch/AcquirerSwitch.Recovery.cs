using PosSim.Iso8583;

namespace PosSim.Core.Switch;

/// <summary>
/// What a switch's stores hold, and a switch rebuilt from them after a restart. Everything else the switch keeps
/// (requests at the issuer waiting for an answer, reversals that overtook their request, unmatched answers kept
/// for people, sign-offs) lives in memory and dies with the process.
/// </summary>
/// <param name="Rows">The tranlog rows written (every request answered, timed out or cancelled), in txn_id order.</param>
/// <param name="PendingAdvices">The store-and-forward queue: advices the issuer has not acknowledged yet.</param>
/// <param name="ParkedAdvices">Advices that ran out of tries, kept for people.</param>
/// <param name="BatchReports">Every 0500 the terminals sent.</param>
/// <param name="LastIssuedTxnId">
/// The transaction sequence as stored (a database sequence): numbers handed out to requests that were never
/// written are not reused, or one RRN could name two purchases.
/// </param>
/// <param name="ClearedThrough">The last business date the back office cleared.</param>
public sealed record SwitchStoredState(
    IReadOnlyList<TranlogEntry> Rows,
    IReadOnlyList<QueuedAdvice> PendingAdvices,
    IReadOnlyList<QueuedAdvice> ParkedAdvices,
    IReadOnlyList<BatchReport> BatchReports,
    long LastIssuedTxnId,
    DateOnly ClearedThrough);

/// <summary>What a restart lost: the requests that were at the issuer, never written, and so unknown to the restarted switch.</summary>
public sealed record SwitchRestartReport(IReadOnlyList<TranlogEntry> LostInFlight, int AdvicesResent);

public sealed partial class AcquirerSwitch
{
    /// <summary>
    /// What a write-through store holds now: the rows written (not those still at the issuer, which are written
    /// once answered), the store-and-forward queue, the batch reports and the sequence.
    /// </summary>
    public SwitchStoredState StoredState => new(
        _log.Where(e => e.Status != TransactionStatus.InFlight).ToArray(),
        _queue.Values.OrderBy(a => a.Id).ToArray(),
        [.. _parked],
        [.. _batchReports],
        _txnSequence,
        _clearedThrough);

    /// <summary>
    /// A crash and restart in place: everything held only in memory is lost and the switch is rebuilt from
    /// <see cref="StoredState"/>, as a new process would rebuild it from its stores. Timers the old process asked
    /// for may still fire; they name nothing the restarted switch holds and are ignored.
    /// </summary>
    public SwitchRestartReport Restart()
    {
        var stored = StoredState;
        var lost = _log.Where(e => e.Status == TransactionStatus.InFlight).ToArray();
        Forget();
        var resent = Recover(stored);
        return new SwitchRestartReport(lost, resent);
    }

    /// <summary>
    /// Rebuilds a switch that has handled nothing yet from what its stores hold: the tranlog and its indexes
    /// (duplicate window, originals for reversals and refunds, refunded sums, requests timed out whose late answer
    /// may come), each terminal's open batch, and the store-and-forward queue, whose advices are sent again at once.
    /// The terminals must be provisioned first.
    /// </summary>
    /// <returns>How many advices were sent again.</returns>
    public int Recover(SwitchStoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_log.Count > 0 || _queue.Count > 0 || _inFlight.Count > 0 || _batchReports.Count > 0)
        {
            throw new InvalidOperationException("Recover rebuilds a switch that has handled nothing yet.");
        }

        var now = _time.GetUtcNow();
        _clearedThrough = state.ClearedThrough;
        var lastTxnId = state.LastIssuedTxnId;
        foreach (var row in state.Rows)
        {
            if (_log.Count > 0 && row.TxnId <= _log[^1].TxnId)
            {
                throw new ArgumentException($"Stored rows must be in txn_id order; {row.TxnId} follows {_log[^1].TxnId}.", nameof(state));
            }

            lastTxnId = Math.Max(lastTxnId, row.TxnId);
            _log.Add(row);
            Index(row, now);
        }

        // What a cleared date no longer needs, as the back office's cut-overs had forgotten it.
        Forget(_byOriginalKey, _clearedThrough);
        Forget(_latestByStan, _clearedThrough);
        Forget(_timedOut, _clearedThrough);

        ContinueFrom(lastTxnId);
        _batchReports.AddRange(state.BatchReports);
        ReopenBatches();
        if (_history is not null && _clearedThrough > DateOnly.MinValue)
        {
            // The store gave the rows from where the log was kept, and older rows of open batches for their totals:
            // once counted, those go back to the store, as before the restart.
            ForgetStored(_clearedThrough.AddDays(-1));
        }
        _parked.AddRange(state.ParkedAdvices);

        _queueSequence = Math.Max(
            state.PendingAdvices.Count > 0 ? state.PendingAdvices.Max(a => a.Id) : 0,
            state.ParkedAdvices.Count > 0 ? state.ParkedAdvices.Max(a => a.Id) : 0);
        foreach (var advice in state.PendingAdvices)
        {
            // A new id, so a timer the old process set for this advice cannot act on it twice.
            var item = new QueuedAdvice(++_queueSequence, advice.Message, advice.RepeatMti, advice.AckKey, advice.Subject) { Tries = advice.Tries };
            _queue.Add(item.Id, item);
            _queueByAck.Add(item.AckKey, item);
            Send(item, now);
        }

        Retain(now);
        return state.PendingAdvices.Count;
    }

    /// <summary>Puts one stored row back in the indexes the rules use, as <see cref="Log"/> and the answers did.</summary>
    private void Index(TranlogEntry row, DateTimeOffset now)
    {
        IndexOriginal(row);
        if (row.Kind != TransactionKind.Reversal && row.Status == TransactionStatus.TimedOut && row.LateIssuerResponseCode is null)
        {
            _timedOut[KeyOf(new IsoMessage("0200") { Stan = row.Stan, TerminalId = row.TerminalId })] = row;
        }

        if (row.Kind == TransactionKind.Refund && row.IsLive && row.OriginalRrn is { } purchaseRrn)
        {
            var key = (row.TerminalId, purchaseRrn);
            _refunded[key] = checked(_refunded.GetValueOrDefault(key) + row.AmountMinor);
        }

        // The duplicate window: when the switch saw it, from the local time it stored.
        var seen = new DateTimeOffset(row.LocalTime, Options.Clock.LocalOffset);
        if (row.Kind != TransactionKind.Reversal && now - seen < Options.DuplicateWindow)
        {
            RememberRecent((row.TerminalId, row.Stan, row.AmountMinor), seen);
        }
    }

    /// <summary>
    /// Each terminal's open batch: the one after its last balanced close, with the live transactions logged in it.
    /// </summary>
    private void ReopenBatches()
    {
        var lastClosed = BatchReport.LastBalancedCloses(_batchReports);
        foreach (var terminal in Terminals.All)
        {
            terminal.OpenBatch(lastClosed.GetValueOrDefault(terminal.TerminalId) + 1);
        }

        foreach (var row in _log)
        {
            if (row.IsLive)
            {
                AddToBatch(row, +1);
            }
        }
    }

    /// <summary>Everything the process held in memory, gone: a crash.</summary>
    private void Forget()
    {
        _log.Clear();
        _byRrn.Clear();
        _byOriginalKey.Clear();
        _latestByStan.Clear();
        _recent.Clear();
        _recentOrder.Clear();
        _refunded.Clear();
        _touched.Clear();
        _inFlight.Clear();
        _inFlightByTxn.Clear();
        _timedOut.Clear();
        _unmatchedResponses.Clear();
        _cardViews.Clear();
        _queue.Clear();
        _queueByAck.Clear();
        _parked.Clear();
        _earlyReversals.Clear();
        _earlyReversalOrder.Clear();
        _batchReports.Clear();
        BatchReportsForgotten = 0;
        _txnSequence = 0;
        _queueSequence = 0;
        _clearedThrough = DateOnly.MinValue;
        _refundHorizon = DateOnly.MinValue;
        _latestBusinessDate = DateOnly.MinValue;
        foreach (var terminal in Terminals.All)
        {
            terminal.SignedOn = true; // sign-on state is memory; provisioned terminals start signed on
            terminal.OpenBatch(1);
        }
    }
}
