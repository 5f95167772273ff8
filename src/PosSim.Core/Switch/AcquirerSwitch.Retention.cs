using PosSim.Iso8583;

namespace PosSim.Core.Switch;

/// <summary>
/// What the switch remembers, and for how long. A long-running switch must not grow with every request: each
/// index is kept only while a rule can still need it.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The duplicate check remembers (terminal, STAN, amount) for <see cref="SwitchOptions.DuplicateWindow"/>,
/// forgotten in arrival order as the window slides.</item>
/// <item>Reversals find their original by field 90 or STAN, and late issuer answers find their timed-out
/// request, only until the original's business date is cleared: after that a reversal is a refund.</item>
/// <item>Refunds find their original by RRN within <see cref="SwitchOptions.RefundWindow"/> of its business date.</item>
/// <item>Issuer answers that matched nothing are kept for people to look at, the latest
/// <see cref="SwitchOptions.UnmatchedResponsesKept"/> of them; all are counted.</item>
/// </list>
/// Without a store history (a simulated run) the tranlog itself (<see cref="Tranlog"/>) is the run's record and is
/// not trimmed. With one (`possim serve` on its stores), the switch also forgets what the store keeps: once business
/// date B is cleared, the rows of B-1 and earlier leave the log and the refund index, and a refund or void that
/// names one finds it in the store (<see cref="FindOriginal"/>). One business date of grace means a row forgotten
/// was committed long before, so the store's copy is the latest; a row a refund or void touched since is kept a
/// day longer for the same reason.
/// </remarks>
public sealed partial class AcquirerSwitch
{
    private readonly Queue<(DateTimeOffset Seen, (string Terminal, int Stan, long Amount) Key)> _recentOrder = new();
    private readonly Dictionary<(string Terminal, int Stan, string TransmissionDateTime), DateTimeOffset> _earlyReversals = [];
    private readonly Queue<(DateTimeOffset Seen, (string Terminal, int Stan, string TransmissionDateTime) Key)> _earlyReversalOrder = new();
    private DateOnly _clearedThrough = DateOnly.MinValue;
    private DateOnly _refundHorizon = DateOnly.MinValue;
    private DateOnly _latestBusinessDate = DateOnly.MinValue;
    private readonly ITranlogHistory? _history;
    private readonly Dictionary<(string Terminal, string Rrn), DateOnly> _touched = [];

    /// <summary>The switch's indexes by what they are for, to show what a long-running switch keeps.</summary>
    public SwitchIndexSizes IndexSizes => new(_recent.Count, _byOriginalKey.Count + _latestByStan.Count, _inFlight.Count, _timedOut.Count, _byRrn.Count + _refunded.Count);

    /// <summary>How many entries the switch's indexes hold now (for metrics and the memory benchmark).</summary>
    public int IndexedEntries =>
        _recent.Count + _byRrn.Count + _byOriginalKey.Count + _latestByStan.Count + _refunded.Count + _inFlight.Count + _timedOut.Count;

    /// <summary>
    /// Business date <paramref name="businessDate"/> and every earlier one are cleared: forgets what only mattered
    /// until then (originals for reversals, timed-out requests awaiting a late answer) and, past the refund window,
    /// originals for refunds. The back office calls this at each cut-over; a switch without one forgets on its own
    /// two business dates after a date closes.
    /// </summary>
    public void OnBusinessDateCleared(DateOnly businessDate)
    {
        if (businessDate > _clearedThrough)
        {
            _clearedThrough = businessDate;
            Forget(_byOriginalKey, businessDate);
            Forget(_latestByStan, businessDate);
            Forget(_timedOut, businessDate);
            if (_history is not null)
            {
                ForgetStored(businessDate.AddDays(-1));
            }
        }

        var horizon = businessDate.AddDays(-RetainedRefundDays);
        if (horizon > _refundHorizon)
        {
            _refundHorizon = horizon;
            foreach (var (key, entry) in _byRrn)
            {
                if (entry.BusinessDate <= horizon)
                {
                    _byRrn.Remove(key);
                    _refunded.Remove(key);
                }
            }
        }
    }

    /// <summary>Slides the duplicate window and, when a new business date starts, forgets what no rule needs any more.</summary>
    private void Retain(DateTimeOffset now)
    {
        while (_earlyReversalOrder.TryPeek(out var early) && now - early.Seen >= Options.DuplicateWindow)
        {
            _earlyReversalOrder.Dequeue();
            if (_earlyReversals.TryGetValue(early.Key, out var seen) && seen == early.Seen)
            {
                _earlyReversals.Remove(early.Key);
            }
        }

        while (_recentOrder.TryPeek(out var oldest) && now - oldest.Seen >= Options.DuplicateWindow)
        {
            _recentOrder.Dequeue();
            if (_recent.TryGetValue(oldest.Key, out var seen) && seen == oldest.Seen)
            {
                _recent.Remove(oldest.Key);
            }
        }

        var today = BusinessDateOf(now);
        if (today > _latestBusinessDate)
        {
            _latestBusinessDate = today;
            OnBusinessDateCleared(today.AddDays(-2));
        }
    }

    /// <summary>
    /// A reversal whose original the switch has not seen, kept for <see cref="SwitchOptions.DuplicateWindow"/>: a
    /// request delayed on the network past the terminal's timeout arrives after its own reversal.
    /// </summary>
    private void RememberEarlyReversal(string terminalId, IsoMessage reversal, DateTimeOffset now)
    {
        if (EarlyReversalKey(terminalId, reversal) is { } key)
        {
            _earlyReversals[key] = now;
            _earlyReversalOrder.Enqueue((now, key));
        }
    }

    /// <summary>Whether a reversal naming this request came first (it is forgotten once matched).</summary>
    private bool WasReversedBeforeArriving(string terminalId, IsoMessage request) =>
        _earlyReversals.Count > 0 &&
        request.Stan is { } stan && _fieldStrings.Get(request, IsoMessage.FieldTransmissionDateTime) is { } sent &&
        _earlyReversals.Remove((terminalId, stan, sent));

    /// <summary>The request a reversal names: field 90's STAN and time, or else its own STAN and field 7 (which a reversal repeats).</summary>
    private (string, int, string)? EarlyReversalKey(string terminalId, IsoMessage reversal)
    {
        if (OriginalData.TryRead(reversal, out var data))
        {
            return (terminalId, data.Stan, data.TransmissionDateTime);
        }

        return reversal.Stan is { } stan && _fieldStrings.Get(reversal, IsoMessage.FieldTransmissionDateTime) is { } sent ? (terminalId, stan, sent) : null;
    }

    /// <summary>The first txn_id still in <see cref="Tranlog"/>: a restart reads the store from there (and the open batches).</summary>
    public long RetainedFromTxnId => _log.Count > 0 ? _log[0].TxnId : _txnSequence + 1;

    /// <summary>
    /// The original a refund or void names: in memory, or else (with a store history) found again in the store and
    /// kept from then on, with what was refunded of it.
    /// </summary>
    private TranlogEntry? FindOriginal(string terminalId, string rrn)
    {
        if (_byRrn.TryGetValue((terminalId, rrn), out var original))
        {
            return original;
        }

        if (_history?.FindOriginal(terminalId, rrn) is not { } stored)
        {
            return null;
        }

        Counters.OriginalsFromStore++;
        var key = (terminalId, rrn);
        _byRrn[key] = stored.Entry;
        if (stored.Refunded != 0)
        {
            _refunded[key] = stored.Refunded;
        }

        Touch(key);
        return stored.Entry;
    }

    /// <summary>A refund index entry that changed today: kept in memory until its change is surely committed (only a switch that forgets needs to know).</summary>
    private void Touch((string Terminal, string Rrn) key)
    {
        if (_history is not null)
        {
            _touched[key] = BusinessDateOf(_time.GetUtcNow());
        }
    }

    /// <summary>
    /// Forgets the rows of <paramref name="throughDate"/> and earlier that the store keeps: the log's oldest rows (a
    /// prefix, as clearing reads the log in txn_id order), the batch reports, and the refund index's entries, except
    /// those touched since.
    /// </summary>
    private void ForgetStored(DateOnly throughDate)
    {
        RemovePrefix(_log, e => e.BusinessDate <= throughDate && e.Status != TransactionStatus.InFlight);
        BatchReportsForgotten += RemovePrefix(_batchReports, r => r.BusinessDate <= throughDate);
        foreach (var (key, date) in _touched)
        {
            if (date <= throughDate)
            {
                _touched.Remove(key);
            }
        }

        foreach (var (key, entry) in _byRrn)
        {
            if (entry.BusinessDate <= throughDate && entry.Status != TransactionStatus.InFlight && !_touched.ContainsKey(key))
            {
                _byRrn.Remove(key);
                _refunded.Remove(key);
            }
        }

        // A refund whose purchase was forgotten: the store sums them again when the purchase is found.
        foreach (var key in _refunded.Keys)
        {
            if (!_byRrn.ContainsKey(key))
            {
                _refunded.Remove(key);
            }
        }
    }

    /// <summary>Removes the leading items that <paramref name="forget"/> says may go (lists in arrival order); returns how many.</summary>
    private static int RemovePrefix<T>(List<T> list, Func<T, bool> forget)
    {
        var prefix = 0;
        while (prefix < list.Count && forget(list[prefix]))
        {
            prefix++;
        }

        list.RemoveRange(0, prefix);
        return prefix;
    }

    private static void Forget<TKey>(Dictionary<TKey, TranlogEntry> index, DateOnly throughDate)
        where TKey : notnull
    {
        foreach (var (key, entry) in index)
        {
            if (entry.BusinessDate <= throughDate && entry.Status != TransactionStatus.InFlight)
            {
                index.Remove(key);
            }
        }
    }
}

/// <summary>Entries held by each kind of index of the switch.</summary>
/// <param name="DuplicateWindow">Requests within the duplicate window.</param>
/// <param name="Reversible">Originals a reversal may still name (until their business date is cleared).</param>
/// <param name="InFlight">Requests at the issuer now.</param>
/// <param name="TimedOut">Timed-out requests whose late answer may still come (until their date is cleared).</param>
/// <param name="Refundable">Originals a refund may still name, and what was refunded of them (within the refund window).</param>
public readonly record struct SwitchIndexSizes(int DuplicateWindow, int Reversible, int InFlight, int TimedOut, int Refundable);
