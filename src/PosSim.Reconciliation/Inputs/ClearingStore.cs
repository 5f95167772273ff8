using System.Globalization;
using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Internal;
using PosSim.Reconciliation.Rules;
using static PosSim.Reconciliation.Inputs.TransactionStore;
using Names = PosSim.Interchange.InterchangeFiles.Clearing;

namespace PosSim.Reconciliation.Inputs;

/// <summary>
/// clearing.csv in columns, joined on the fly to the transactions (read-only by then) by (terminal, rrn, kind).
/// Rules that look at one clearing row against its transaction run here, in parallel; the rows are kept
/// compactly for the settlement join by clearing_id.
/// </summary>
internal sealed class ClearingStore
{
    public const int Hole = -2;
    public const int NoMatch = -1;

    private ClearingStore(CsvFile file)
    {
        File = file;
        SlotCount = file.SlotCount;
        Recs = LargeArrays.Allocate<ClearingRec>(SlotCount);
        Index = new KeyIndex<ClearingRec>(Recs, 16);
    }

    public CsvFile File { get; }

    public int SlotCount { get; }

    /// <summary>One record per line of the file; <see cref="ClearingRec.Txn"/> is <see cref="Hole"/> for a line with no row.</summary>
    public ClearingRec[] Recs { get; }

    public KeyIndex<ClearingRec> Index { get; private set; }

    /// <summary>A clearing row as the settlement join needs it, in one cache line.</summary>
    internal struct ClearingRec : IKeyed
    {
        /// <summary>clearing_id as a 64-bit code (<see cref="IdCode"/>).</summary>
        public ulong Code;

        /// <summary>net_minor of one settlement row of this clearing_id (the others are in <see cref="SettlementStore.Extra"/>).</summary>
        public long Net;

        /// <summary>The matched purchase or refund slot, <see cref="NoMatch"/>, or <see cref="Hole"/>.</summary>
        public int Txn;

        /// <summary>The merchant whose rates and settle_days apply: the matched transaction's, else the row's own.</summary>
        public int Merchant;

        /// <summary>The clearing row's business_date (settlement is due from it).</summary>
        public int Date;

        /// <summary>Settlement rows naming this clearing_id (counted on the first clearing row with that id).</summary>
        public int SettleCount;

        /// <summary>Payout of the settlement row whose net is in <see cref="Net"/>.</summary>
        public int Payout;

        /// <summary>Flags of the matched transaction (kind, channel), copied so settlement needs no second lookup.</summary>
        public byte TxnFlags;

        public readonly ulong KeyOf() => Code;
    }

    /// <summary>clearing_id values that do not pack into 64 bits.</summary>
    public IdTable LongIds { get; } = new();

    /// <summary>Clearing rows that repeat an earlier row's clearing_id: slot to the first slot.</summary>
    public Dictionary<int, int> Alias { get; } = [];

    /// <summary>Rows that match no transaction of their kind, with their own text.</summary>
    public Dictionary<int, UnmatchedRow> Unmatched { get; } = [];

    /// <summary>Matched rows whose amount differs from the transaction's.</summary>
    public Dictionary<int, long> OtherAmounts { get; } = [];

    public List<Finding> Findings { get; } = [];

    public int MaxDate { get; private set; } = -1;

    public int MinBusinessDate { get; private set; } = int.MaxValue;

    public int MaxBusinessDate { get; private set; } = int.MinValue;

    public long LineOf(int slot) => File.DataFirstLine + slot;

    public int First(int slot) => Alias.Count > 0 && Alias.TryGetValue(slot, out var first) ? first : slot;

    /// <summary>Amount of a clearing row.</summary>
    public long Amount(int slot, TransactionStore txns) =>
        Unmatched.TryGetValue(slot, out var u) ? u.Amount
        : OtherAmounts.TryGetValue(slot, out var a) ? a
        : txns.Recs[Recs[slot].Txn].Amount;

    public int FindCode(ReadOnlySpan<byte> clearingId) => TryCode(clearingId, out var code) ? Index.Find(code) : -1;

    /// <summary>The code of a clearing_id; false when it is long and in no clearing row.</summary>
    public bool TryCode(ReadOnlySpan<byte> clearingId, out ulong code)
    {
        if (IdCode.TryPack(clearingId, out code))
        {
            return true;
        }

        var id = LongIds.Find(clearingId);
        code = IdCode.TableTag | (ulong)(uint)id;
        return id >= 0;
    }

    /// <param name="aside">Finds the presentments resolutions created; they are validated like any row, then kept out of the store.</param>
    public static ClearingStore Load(CsvFile file, TransactionStore txns, MerchantTable merchants, SetAside? aside = null)
    {
        var store = new ClearingStore(file);
        var cols = new Columns(file);
        var chunks = CsvParallel.Run(file, c => new Chunk(store, txns, merchants, cols, c, aside), (chunk, reader) => chunk.Parse(reader));
        var rows = 0;
        foreach (var chunk in chunks)
        {
            var longIdMap = new ulong[chunk.LongIds.Count];
            for (var i = 0; i < longIdMap.Length; i++)
            {
                longIdMap[i] = IdCode.TableTag | (ulong)(uint)store.LongIds.GetOrAdd(chunk.LongIds.Bytes(i));
            }

            if (longIdMap.Length > 0)
            {
                for (var slot = chunk.FirstSlot; slot < chunk.EndSlot; slot++)
                {
                    ref var rec = ref store.Recs[slot];
                    if (rec.Txn != Hole && (rec.Code & IdCode.TableTag) == IdCode.TableTag)
                    {
                        rec.Code = longIdMap[(int)(rec.Code & ~IdCode.TableTag)];
                    }
                }
            }

            foreach (var (slot, row) in chunk.Unmatched)
            {
                store.Unmatched.Add(slot, row);
            }

            foreach (var (slot, amount) in chunk.OtherAmounts)
            {
                store.OtherAmounts.Add(slot, amount);
            }

            store.Findings.AddRange(chunk.Findings);
            store.MaxDate = Math.Max(store.MaxDate, chunk.MaxDate);
            store.MinBusinessDate = Math.Min(store.MinBusinessDate, chunk.MinBusinessDate);
            store.MaxBusinessDate = Math.Max(store.MaxBusinessDate, chunk.MaxBusinessDate);
            rows += chunk.Rows;
        }

        store.Index = new KeyIndex<ClearingRec>(store.Recs, rows);
        var recs = store.Recs;
        foreach (var (slot, first) in store.Index.Build(store.SlotCount, new Rows(recs)))
        {
            store.Alias.Add(slot, first);
        }

        return store;
    }

    private readonly struct Rows(ClearingRec[] recs) : IRowFilter
    {
        public bool Include(int row) => recs[row].Txn != Hole;
    }

    /// <summary>A clearing row that matched no transaction of its kind, kept as text.</summary>
    internal sealed record UnmatchedRow(string Terminal, string Rrn, string Kind, long Amount, string BusinessDate);

    private sealed class Columns
    {
        public Columns(CsvFile f)
        {
            ClearingId = f.Column(Names.ClearingId);
            Kind = f.Column(Names.Kind);
            Rrn = f.Column(Names.Rrn);
            Terminal = f.Column(Names.TerminalId);
            Merchant = f.Column(Names.MerchantId);
            Amount = f.Column(Names.AmountMinor);
            BusinessDate = f.Column(Names.BusinessDate);
            ClearingDate = f.Column(Names.ClearingDate, required: false);
        }

        public int ClearingId { get; }

        public int Kind { get; }

        public int Rrn { get; }

        public int Terminal { get; }

        public int Merchant { get; }

        public int Amount { get; }

        public int BusinessDate { get; }

        public int ClearingDate { get; }
    }

    private sealed class Chunk
    {
        private readonly ClearingStore _store;
        private readonly TransactionStore _txns;
        private readonly MerchantTable _merchants;
        private readonly Columns _c;
        private readonly SetAside? _aside;

        public Chunk(ClearingStore store, TransactionStore txns, MerchantTable merchants, Columns columns, CsvChunk chunk, SetAside? aside)
        {
            _store = store;
            _txns = txns;
            _merchants = merchants;
            _c = columns;
            _aside = aside;
            FirstSlot = (int)(chunk.FirstLine - store.File.DataFirstLine);
            EndSlot = FirstSlot;
        }

        public int FirstSlot { get; }

        public int EndSlot { get; private set; }

        public int Rows { get; private set; }

        public IdTable LongIds { get; } = new();

        public List<(int Slot, UnmatchedRow Row)> Unmatched { get; } = [];

        public List<(int Slot, long Amount)> OtherAmounts { get; } = [];

        public List<Finding> Findings { get; } = [];

        public int MaxDate { get; private set; } = -1;

        public int MinBusinessDate { get; private set; } = int.MaxValue;

        public int MaxBusinessDate { get; private set; } = int.MinValue;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Parse(CsvChunkReader r)
        {
            var firstLine = _store.File.DataFirstLine;
            var txnRecs = _txns.Recs;
            var merchantCache = new MerchantCache(_merchants);
            var recs = _store.Recs;
            var nextSlot = FirstSlot;
            var batch = new Pending[64];
            var batchCount = 0;
            while (r.MoveNext())
            {
                var slot = (int)(r.Line - firstLine);

                // Lines without a row (blank lines, continuation lines of quoted fields) are holes.
                for (; nextSlot < slot; nextSlot++)
                {
                    recs[nextSlot].Txn = Hole;
                }

                nextSlot = slot + 1;
                var id = Cells.Required(r, _c.ClearingId, Names.ClearingId);
                var kindText = r.Field(_c.Kind);
                byte kind = kindText.SequenceEqual("purchase"u8) ? Purchase : kindText.SequenceEqual("refund"u8) ? Refund : (byte)0;
                if (kind == 0)
                {
                    throw r.Error(_c.Kind, $"kind {Fields.Show(kindText)} is not purchase or refund");
                }

                var terminal = Cells.Required(r, _c.Terminal, Names.TerminalId);
                var rrn = Cells.Required(r, _c.Rrn, Names.Rrn);
                var merchantText = Cells.Required(r, _c.Merchant, Names.MerchantId);
                var key = _txns.FindKey(terminal, rrn);
                var merchant = merchantCache.Find(key == NoKey ? -1 : (int)(key >> 40), merchantText);
                if (merchant < 0)
                {
                    throw r.Error(_c.Merchant, $"merchant_id {Fields.Show(merchantText)} is not in merchants.csv");
                }

                var amount = Cells.Long(r, _c.Amount, Names.AmountMinor);
                var date = Cells.Date(r, _c.BusinessDate, Names.BusinessDate);
                var clearingDate = Cells.OptionalDate(r, _c.ClearingDate, Names.ClearingDate);

                // A resolution's presentment is checked like any row, then kept apart (its dates included), so the
                // rules see clearing as it was before the case: a late presentment leaves the purchase uncleared.
                var adjustment = _aside is null ? -1 : _aside.ClearingRow(id, kind, terminal, rrn);
                if (adjustment >= 0)
                {
                    recs[slot].Txn = Hole;
                    _aside!.Add(new AsideClearing(adjustment, Fields.Text(id), amount, r.Line));
                    continue;
                }

                if (!IdCode.TryPack(id, out var code))
                {
                    code = IdCode.TableTag | (ulong)(uint)LongIds.GetOrAdd(id);
                }

                MaxDate = Math.Max(MaxDate, Math.Max(date, clearingDate));
                MinBusinessDate = Math.Min(MinBusinessDate, date);
                MaxBusinessDate = Math.Max(MaxBusinessDate, date);

                var pending = new Pending(slot, key, code, kind, merchant, amount, date);
                if (key == NoKey)
                {
                    // Terminal or RRN unknown to the switch log: no lookup to wait for, and the row's own text is the key.
                    Match(pending, Fields.Text(terminal), Fields.Text(rrn));
                    continue;
                }

                batch[batchCount++] = pending;
                if (batchCount == batch.Length)
                {
                    MatchBatch(batch, batchCount);
                    batchCount = 0;
                }
            }

            MatchBatch(batch, batchCount);

            for (var end = Math.Min((int)(r.NextLine - firstLine), recs.Length); nextSlot < end; nextSlot++)
            {
                recs[nextSlot].Txn = Hole;
            }

            EndSlot = Math.Max(EndSlot, nextSlot);
        }

        /// <summary>
        /// Joins a batch of clearing rows to the transactions. The lookups are random accesses into large arrays,
        /// so the batch first asks for every index slot, then for every record, and only then uses them: the
        /// cache misses of the batch overlap instead of following one another.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void MatchBatch(Pending[] batch, int count)
        {
            var index = _txns.Index;
            for (var j = 0; j < count; j++)
            {
                index.PrefetchSlot(batch[j].Key);
            }

            for (var j = 0; j < count; j++)
            {
                index.PrefetchRecord(batch[j].Key);
            }

            for (var j = 0; j < count; j++)
            {
                Match(batch[j], null, null);
            }
        }

        private void Match(in Pending p, string? terminalText, string? rrnText)
        {
            var txnRecs = _txns.Recs;
            var slot = p.Slot;
            var kind = p.Kind;
            var amount = p.Amount;
            var date = p.Date;
            var merchant = p.Merchant;
            var found = _txns.Find(p.Key);
            var t = found >= 0 && (txnRecs[found].Flags & KindMask) == kind ? found : NoMatch;
            ref var txn = ref t >= 0 ? ref txnRecs[t] : ref NoTransaction;

            // The merchant of the matched transaction decides fees and settle_days; the clearing row's otherwise.
            if (t >= 0 && txn.Merchant >= 0)
            {
                merchant = txn.Merchant;
            }

            var businessDate = t >= 0 ? txn.Date : date;
            var flags = t >= 0 ? txn.Flags : (byte)0;
            ref var rec = ref _store.Recs[slot];
            rec.Code = p.Code;
            rec.Merchant = merchant;
            rec.Date = date;
            rec.Txn = t;
            rec.TxnFlags = flags;
            Rows++;
            EndSlot = Math.Max(EndSlot, slot + 1);

            if (t >= 0)
            {
                Interlocked.Increment(ref txn.ClearCount);
                if (amount != txn.Amount)
                {
                    OtherAmounts.Add((slot, amount));
                }
            }
            else
            {
                Unmatched.Add((slot, new UnmatchedRow(terminalText ?? _txns.TerminalName(p.Key), rrnText ?? _txns.RrnName(p.Key),
                    kind == Purchase ? "purchase" : "refund", amount, Day(date))));
            }

            if ((flags & Approved) == 0)
            {
                Findings.Add(Row(ExceptionKind.ClearedWithoutApproval, p, terminalText, rrnText, merchant, businessDate, expected: 0,
                    note: t >= 0 ? "declined" : found >= 0 ? "other-kind" : "unknown"));
            }
            else
            {
                if ((flags & Cancelled) != 0)
                {
                    Findings.Add(Row(ExceptionKind.ClearedAfterReversal, p, terminalText, rrnText, merchant, businessDate, expected: 0, note: ""));
                }

                if (amount != txn.Amount)
                {
                    Findings.Add(Row(ExceptionKind.ClearingAmountMismatch, p, terminalText, rrnText, merchant, businessDate, expected: txn.Amount, note: ""));
                }
            }
        }

        private Finding Row(ExceptionKind kind, in Pending p, string? terminal, string? rrn, int merchant, int date, long expected, string note) =>
            new(kind)
            {
                Terminal = terminal ?? _txns.TerminalName(p.Key),
                Rrn = rrn ?? _txns.RrnName(p.Key),
                Merchant = _merchants.Name(merchant),
                TxnKind = p.Kind == Purchase ? "purchase" : "refund",
                BusinessDate = Day(date),
                Expected = expected,
                Actual = p.Amount,
                Note = note,
                X1 = p.Amount,
                SourceFile = _store.File.DisplayPath,
                SourceLine = _store.LineOf(p.Slot),
                SourceColumn = _c.Amount + 1,
            };
    }

    /// <summary>A parsed clearing row waiting for its lookup.</summary>
    private readonly record struct Pending(int Slot, ulong Key, ulong Code, byte Kind, int Merchant, long Amount, int Date);

    private static TxnRec noTransaction;

    private static ref TxnRec NoTransaction => ref noTransaction;

    public static string Day(int dayNumber) =>
        dayNumber < 0 ? "" : DateOnly.FromDayNumber(dayNumber).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
