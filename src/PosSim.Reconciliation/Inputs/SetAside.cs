using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Internal;
using static PosSim.Reconciliation.Inputs.TransactionStore;

namespace PosSim.Reconciliation.Inputs;

/// <summary>
/// The rows that support's resolutions created in the other files, found while those files are read and kept out
/// of everything the rules see: the reversal or refund a case sent (transactions.csv, by terminal and
/// message_rrn), its presentment (clearing.csv, by clearing_id, and the refund's own presentment), the settlement
/// rows of those presentments, and the settlement rows of a released or re-issued payout. The exception pass then
/// sees the files as they were before the resolution, so the break it reports is the one that happened; the rows
/// set aside are kept here as the proof that the money moved.
/// </summary>
/// <remarks>
/// Implementation note: adjustments are few and the files are large, so each reader asks one interned table per
/// row (a miss costs a hash and a probe) and compares the rest of the key only on a hit. Readers run on several
/// threads: the tables are filled before a file is read and only looked up while it is; the rows found are
/// added under a lock, which is taken only for rows that are set aside.
/// </remarks>
internal sealed class SetAside
{
    private readonly object _gate = new();
    private readonly byte[][] _terminal;
    private readonly byte[][] _rrn;
    private readonly byte[][] _message;
    private readonly IdTable _messageRrns = new();
    private readonly List<List<int>> _byMessage = [];
    private readonly IdTable _clearingIds = new();
    private readonly List<int> _byClearingId = [];
    private readonly IdTable _refundRrns = new();
    private readonly List<List<int>> _byRefundRrn = [];
    private readonly IdTable _asideClearingIds = new();
    private readonly List<int> _byAsideClearingId = [];
    private readonly IdTable _releasePayouts = new();
    private readonly List<List<int>> _byReleasePayout = [];

    public SetAside(List<Adjustment> adjustments)
    {
        Adjustments = adjustments;
        _terminal = [.. adjustments.Select(a => Fields.Utf8(a.Terminal))];
        _rrn = [.. adjustments.Select(a => Fields.Utf8(a.Rrn))];
        _message = [.. adjustments.Select(a => Fields.Utf8(a.MessageRrn))];
        PurchaseSlot = new int[adjustments.Count];
        Array.Fill(PurchaseSlot, -1);
        for (var a = 0; a < adjustments.Count; a++)
        {
            var adj = adjustments[a];
            if (adj.MessageRrn.Length > 0)
            {
                Append(_messageRrns, _byMessage, _message[a], a);
            }

            if (adj.ClearingId.Length > 0)
            {
                Append(_clearingIds, _byClearingId, Fields.Utf8(adj.ClearingId), a);
            }
            else if (adj.WayBack == WayBack.PayMerchantLate && adj.PayoutId.Length > 0)
            {
                // Paid late without a presentment of its own: the payout released or re-issued what was cleared.
                Append(_releasePayouts, _byReleasePayout, Fields.Utf8(adj.PayoutId), a);
            }
        }
    }

    public List<Adjustment> Adjustments { get; }

    /// <summary>The slot of each adjustment's purchase in transactions.csv (a row that is not set aside); -1 when none.</summary>
    public int[] PurchaseSlot { get; }

    public List<AsideTxn> Transactions { get; } = [];

    public List<AsideClearing> Clearing { get; } = [];

    public List<AsideSettlement> Settlements { get; } = [];

    /// <summary>The payouts each adjusted purchase was settled in (rows not set aside): (purchase slot, payout index).</summary>
    public List<(int Txn, int Payout)> PurchasePayouts { get; } = [];

    /// <summary>
    /// The adjustment whose message this transactions.csv row is, or -1: a reversal of the case's purchase for a
    /// release-hold, a refund of it for the refund ways, on the case's terminal with rrn = message_rrn.
    /// </summary>
    public int Transaction(byte kind, ReadOnlySpan<byte> terminal, ReadOnlySpan<byte> rrn, ReadOnlySpan<byte> originalRrn)
    {
        if (kind is not (Reversal or Refund) || rrn.IsEmpty)
        {
            return -1;
        }

        var id = _messageRrns.Find(rrn);
        if (id < 0)
        {
            return -1;
        }

        foreach (var a in _byMessage[id])
        {
            if ((Adjustments[a].WayBack == WayBack.ReleaseHold) == (kind == Reversal)
                && terminal.SequenceEqual(_terminal[a]) && originalRrn.SequenceEqual(_rrn[a]))
            {
                return a;
            }
        }

        return -1;
    }

    /// <summary>
    /// The adjustment whose presentment this clearing.csv row is, or -1: the row its clearing_id names, when it
    /// presents what the way back creates (the case's purchase when paying late, its refund otherwise), or a
    /// presentment of a refund that was set aside, whether named or not (without its refund it could only look
    /// like a presentment of nothing).
    /// </summary>
    public int ClearingRow(ReadOnlySpan<byte> clearingId, byte kind, ReadOnlySpan<byte> terminal, ReadOnlySpan<byte> rrn)
    {
        var id = _clearingIds.Find(clearingId);
        if (id >= 0)
        {
            var a = _byClearingId[id];
            var late = Adjustments[a].WayBack == WayBack.PayMerchantLate;
            if (terminal.SequenceEqual(_terminal[a]) && (late ? kind == Purchase && rrn.SequenceEqual(_rrn[a]) : kind == Refund && rrn.SequenceEqual(_message[a])))
            {
                return a;
            }
        }

        if (kind == Refund && _refundRrns.Count > 0)
        {
            var r = _refundRrns.Find(rrn);
            if (r >= 0)
            {
                foreach (var a in _byRefundRrn[r])
                {
                    if (terminal.SequenceEqual(_terminal[a]))
                    {
                        return a;
                    }
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// The adjustment whose money this settlements.csv row moved, or -1: a row of a presentment that was set aside,
    /// or a row of the case's purchase in the payout a pay-merchant-late without presentment names.
    /// </summary>
    public int SettlementRow(ReadOnlySpan<byte> clearingId, ReadOnlySpan<byte> payout, ReadOnlySpan<byte> terminal, ReadOnlySpan<byte> rrn)
    {
        if (_asideClearingIds.Count > 0)
        {
            var id = _asideClearingIds.Find(clearingId);
            if (id >= 0)
            {
                return _byAsideClearingId[id];
            }
        }

        if (_releasePayouts.Count > 0)
        {
            var p = _releasePayouts.Find(payout);
            if (p >= 0)
            {
                foreach (var a in _byReleasePayout[p])
                {
                    if (terminal.SequenceEqual(_terminal[a]) && rrn.SequenceEqual(_rrn[a]))
                    {
                        return a;
                    }
                }
            }
        }

        return -1;
    }

    public void Add(AsideTxn row)
    {
        lock (_gate)
        {
            Transactions.Add(row);
        }
    }

    public void Add(AsideClearing row)
    {
        lock (_gate)
        {
            Clearing.Add(row);
        }
    }

    public void Add(AsideSettlement row)
    {
        lock (_gate)
        {
            Settlements.Add(row);
        }
    }

    public void AddPurchasePayout(int txn, int payout)
    {
        lock (_gate)
        {
            PurchasePayouts.Add((txn, payout));
        }
    }

    /// <summary>
    /// Once transactions.csv is read: finds each case's purchase and marks it (so settlement can note its payouts),
    /// and lists the refunds set aside, whose presentments clearing.csv must set aside too.
    /// </summary>
    public void AfterTransactions(TransactionStore txns)
    {
        Transactions.Sort((x, y) => x.Line.CompareTo(y.Line));
        for (var a = 0; a < Adjustments.Count; a++)
        {
            var slot = txns.Find(txns.FindKey(_terminal[a], _rrn[a]));
            if (slot >= 0 && Kind(txns.Recs[slot].Flags) == Purchase)
            {
                PurchaseSlot[a] = slot;
                txns.Recs[slot].Flags |= Adjusted;
            }
        }

        foreach (var a in Transactions.Where(t => t.Kind == Refund).Select(t => t.Adjustment).Distinct())
        {
            Append(_refundRrns, _byRefundRrn, _message[a], a);
        }
    }

    /// <summary>Once clearing.csv is read: the presentments set aside, whose settlement rows are set aside with them.</summary>
    public void AfterClearing()
    {
        Clearing.Sort((x, y) => x.Line.CompareTo(y.Line));
        foreach (var c in Clearing)
        {
            var bytes = Fields.Utf8(c.ClearingId);
            if (_asideClearingIds.Find(bytes) < 0)
            {
                _asideClearingIds.GetOrAdd(bytes);
                _byAsideClearingId.Add(c.Adjustment);
            }
        }
    }

    public void AfterSettlements()
    {
        Settlements.Sort((x, y) => x.Line.CompareTo(y.Line));
        PurchasePayouts.Sort();
    }

    private static void Append(IdTable table, List<List<int>> lists, ReadOnlySpan<byte> key, int adjustment)
    {
        var id = table.GetOrAdd(key);
        if (id == lists.Count)
        {
            lists.Add([]);
        }

        lists[id].Add(adjustment);
    }

    private static void Append(IdTable table, List<int> list, ReadOnlySpan<byte> key, int adjustment)
    {
        if (table.GetOrAdd(key) == list.Count)
        {
            list.Add(adjustment);
        }
    }
}

/// <summary>A transactions.csv row a resolution created (its reversal or refund). <see cref="Amount"/> is null when the cell was empty.</summary>
internal sealed record AsideTxn(int Adjustment, byte Kind, bool Approved, long? Amount, long Line);

/// <summary>A clearing.csv row a resolution created (a late presentment, or its refund's presentment).</summary>
internal sealed record AsideClearing(int Adjustment, string ClearingId, long Amount, long Line);

/// <summary>A settlements.csv row a resolution created.</summary>
internal sealed record AsideSettlement(int Adjustment, string PayoutId, string ClearingId, long Gross, long Net, long Line);
