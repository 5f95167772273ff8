using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Internal;
using Names = PosSim.Interchange.InterchangeFiles.Transactions;

namespace PosSim.Reconciliation.Inputs;

/// <summary>
/// transactions.csv in columns. Row storage is indexed by slot (physical line minus the first data line), so
/// a row's line is known without storing it. Purchases and refunds are keyed by (terminal, rrn) packed into
/// 64 bits: terminal index in the top 24 bits, RRN code in the low 40 (the number itself for a 12-digit RRN,
/// otherwise 10^12 plus an interned id). Reversal and void rows keep the key of the row they cancel.
/// </summary>
internal sealed class TransactionStore
{
    public const int KindMask = 7;
    public const byte Purchase = 1;
    public const byte Refund = 2;
    public const byte Reversal = 3;
    public const byte Void = 4;
    public const byte Approved = 8;
    public const byte Qr = 16;
    public const byte Cancelled = 32;

    /// <summary>A purchase a support case is about (adjustments.csv); 64 is the matcher's own mark.</summary>
    public const byte Adjusted = 128;

    public const ulong NoKey = ulong.MaxValue;
    public const long RrnTableBase = 1_000_000_000_000L;
    public const ulong RrnMask = (1UL << 40) - 1;
    public const int MaxTerminals = (1 << 24) - 1;

    private TransactionStore(CsvFile file)
    {
        File = file;
        SlotCount = file.SlotCount;
        Recs = LargeArrays.Allocate<TxnRec>(SlotCount);
        Index = new KeyIndex<TxnRec>(Recs, 16);
    }

    public CsvFile File { get; }

    public int SlotCount { get; }

    /// <summary>One record per line of the file (empty for lines with no row), all fields a join needs in one cache line.</summary>
    public TxnRec[] Recs { get; }

    public IdTable Terminals { get; } = new();

    public IdTable Rrns { get; } = new();

    public KeyIndex<TxnRec> Index { get; private set; }

    public List<RefundLink> Refunds { get; } = [];

    public int MaxDate { get; private set; } = -1;

    public int PurchaseAndRefundCount { get; private set; }

    public int RrnColumn { get; private set; }

    public int AmountColumn { get; private set; }

    public long LineOf(int slot) => File.DataFirstLine + slot;

    public static int Kind(byte flags) => flags & KindMask;

    public static bool IsLive(byte flags) =>
        (flags & (Approved | Cancelled)) == Approved && (flags & KindMask) is Purchase or Refund;

    public static string KindName(byte flags) => (flags & KindMask) switch
    {
        Purchase => "purchase",
        Refund => "refund",
        Reversal => "reversal",
        Void => "void",
        _ => "",
    };

    public ulong Key(int slot) => Recs[slot].Key;

    public string TerminalName(ulong key) => Terminals.String((int)(key >> 40));

    public string RrnName(ulong key)
    {
        var code = (long)(key & RrnMask);
        return code < RrnTableBase ? code.ToString("D12", System.Globalization.CultureInfo.InvariantCulture) : Rrns.String((int)(code - RrnTableBase));
    }

    /// <summary>The key of (terminal, rrn) given as text, or <see cref="NoKey"/> when no purchase or refund could have it.</summary>
    public ulong FindKey(ReadOnlySpan<byte> terminal, ReadOnlySpan<byte> rrn)
    {
        var t = Terminals.Find(terminal);
        if (t < 0)
        {
            return NoKey;
        }

        long code;
        if (!Fields.TryTwelveDigits(rrn, out code))
        {
            var id = Rrns.Find(rrn);
            if (id < 0)
            {
                return NoKey;
            }

            code = RrnTableBase + id;
        }

        return ((ulong)t << 40) | (ulong)code;
    }

    public int Find(ulong key) => key == NoKey ? -1 : Index.Find(key);

    /// <summary>
    /// A row of transactions.csv as the joins need it. For purchases and refunds <see cref="Key"/> is the row's own
    /// (terminal, rrn); for reversals and voids, the key of the row they cancel.
    /// </summary>
    internal struct TxnRec : IKeyed
    {
        public ulong Key;
        public long Amount;

        /// <summary>Merchant index, -1 when the merchant is not in merchants.csv (allowed for rows that were not approved).</summary>
        public int Merchant;
        public int Date;

        /// <summary>Clearing rows that matched this purchase or refund (incremented from several threads).</summary>
        public int ClearCount;
        public byte Flags;

        public readonly ulong KeyOf() => Key;
    }

    /// <param name="aside">Finds the rows resolutions created; they are validated like any row, then kept out of the store.</param>
    public static TransactionStore Load(CsvFile file, MerchantTable merchants, SetAside? aside = null)
    {
        var store = new TransactionStore(file);
        var cols = new Columns(file);
        store.RrnColumn = cols.Rrn;
        store.AmountColumn = cols.Amount;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var chunks = CsvParallel.Run(file, c => new Chunk(store, merchants, cols, c, aside), (chunk, reader) => chunk.Parse(reader));
        var parsed = sw.Elapsed;
        store.Merge(chunks, cols);
        if (Environment.GetEnvironmentVariable("POSSIM_MATCH_TRACE") == "1")
        {
            Console.Error.WriteLine($"[match]   transactions parse {parsed.TotalMilliseconds:F0} ms, merge and index {(sw.Elapsed - parsed).TotalMilliseconds:F0} ms");
        }
        return store;
    }

    private void Merge(Chunk[] chunks, Columns cols)
    {
        // Intern terminals and non-numeric RRNs globally in file order, then rewrite each chunk's keys (in parallel).
        var maps = new (ulong[] Terms, long[] Rrns)[chunks.Length];
        for (var c = 0; c < chunks.Length; c++)
        {
            var chunk = chunks[c];
            var termMap = new ulong[chunk.Terminals.Count];
            for (var i = 0; i < termMap.Length; i++)
            {
                var t = Terminals.GetOrAdd(chunk.Terminals.Bytes(i));
                if (t >= MaxTerminals)
                {
                    throw File.Error(0, 0, $"more than {MaxTerminals} distinct terminal ids");
                }

                termMap[i] = (ulong)t << 40;
            }

            var rrnMap = new long[chunk.Rrns.Count];
            for (var i = 0; i < rrnMap.Length; i++)
            {
                rrnMap[i] = RrnTableBase + Rrns.GetOrAdd(chunk.Rrns.Bytes(i));
            }

            maps[c] = (termMap, rrnMap);
            MaxDate = Math.Max(MaxDate, chunk.MaxDate);
            PurchaseAndRefundCount += chunk.PurchaseAndRefundCount;
        }

        var recs = Recs;
        Parallel.For(0, chunks.Length, c =>
        {
            var chunk = chunks[c];
            var (termMap, rrnMap) = maps[c];
            for (var slot = chunk.FirstSlot; slot < chunk.EndSlot; slot++)
            {
                if (recs[slot].Flags != 0)
                {
                    recs[slot].Key = Remap(recs[slot].Key, termMap, rrnMap);
                }
            }

            for (var i = 0; i < chunk.Refunds.Count; i++)
            {
                chunk.Refunds[i] = chunk.Refunds[i] with { OriginalKey = Remap(chunk.Refunds[i].OriginalKey, termMap, rrnMap) };
            }
        });

        foreach (var chunk in chunks)
        {
            Refunds.AddRange(chunk.Refunds);
        }

        // Purchases and refunds are unique by (terminal, rrn): index them; of a pair, the later line is reported.
        Index = new KeyIndex<TxnRec>(recs, PurchaseAndRefundCount);
        var duplicates = Index.Build(SlotCount, new PurchasesAndRefunds(recs));
        if (duplicates.Count > 0)
        {
            var (slot, existing) = duplicates[0];
            throw File.Error(LineOf(slot), cols.Rrn + 1,
                $"terminal {TerminalName(recs[slot].Key)} already has a purchase or refund with rrn {RrnName(recs[slot].Key)} (line {LineOf(existing)}); purchases and refunds are unique by (terminal_id, rrn)");
        }

        // An approved reversal or void cancels the purchase or refund it names, whole.
        for (var slot = 0; slot < SlotCount; slot++)
        {
            var flags = recs[slot].Flags;
            var kind = flags & KindMask;
            if (kind is Reversal or Void && (flags & Approved) != 0 && recs[slot].Key != NoKey)
            {
                var target = Index.Find(recs[slot].Key);
                if (target >= 0)
                {
                    recs[target].Flags |= Cancelled;
                }
            }
        }
    }

    private readonly struct PurchasesAndRefunds(TxnRec[] recs) : IRowFilter
    {
        public bool Include(int row) => (recs[row].Flags & KindMask) is Purchase or Refund;
    }

    private static ulong Remap(ulong key, ulong[] termMap, long[] rrnMap)
    {
        if (key == NoKey)
        {
            return key;
        }

        var code = (long)(key & RrnMask);
        if (code >= RrnTableBase)
        {
            code = rrnMap[code - RrnTableBase];
        }

        return termMap[key >> 40] | (ulong)code;
    }

    /// <summary>A refund's pointer to its original and its time, for the refund rules.</summary>
    internal readonly record struct RefundLink(int Slot, ulong OriginalKey, long LocalTime);

    private sealed class Columns
    {
        public Columns(CsvFile f)
        {
            Kind = f.Column(Names.Kind);
            Rrn = f.Column(Names.Rrn);
            Terminal = f.Column(Names.TerminalId);
            Merchant = f.Column(Names.MerchantId);
            Channel = f.Column(Names.Channel);
            Amount = f.Column(Names.AmountMinor);
            Response = f.Column(Names.ResponseCode);
            BusinessDate = f.Column(Names.BusinessDate);
            LocalTime = f.Column(Names.LocalTime);
            OriginalRrn = f.Column(Names.OriginalRrn);
        }

        public int Kind { get; }

        public int Rrn { get; }

        public int Terminal { get; }

        public int Merchant { get; }

        public int Channel { get; }

        public int Amount { get; }

        public int Response { get; }

        public int BusinessDate { get; }

        public int LocalTime { get; }

        public int OriginalRrn { get; }
    }

    private sealed class Chunk
    {
        private readonly TransactionStore _store;
        private readonly MerchantTable _merchants;
        private readonly Columns _c;
        private readonly SetAside? _aside;
        private readonly long _firstLine;

        public Chunk(TransactionStore store, MerchantTable merchants, Columns columns, CsvChunk chunk, SetAside? aside)
        {
            _store = store;
            _merchants = merchants;
            _c = columns;
            _aside = aside;
            _firstLine = store.File.DataFirstLine;
            FirstSlot = (int)(chunk.FirstLine - _firstLine);
            EndSlot = FirstSlot;
        }

        public IdTable Terminals { get; } = new();

        public IdTable Rrns { get; } = new();

        public List<RefundLink> Refunds { get; } = [];

        public int FirstSlot { get; }

        public int EndSlot { get; private set; }

        public int MaxDate { get; private set; } = -1;

        public int PurchaseAndRefundCount { get; private set; }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Parse(CsvChunkReader r)
        {
            var recs = _store.Recs;
            var merchantCache = new MerchantCache(_merchants);
            var lastTerminal = -1;
            var lastTerminalBytes = new byte[64];
            var lastTerminalLength = -1;
            while (r.MoveNext())
            {
                var slot = (int)(r.Line - _firstLine);
                var kindText = r.Field(_c.Kind);
                byte kind = kindText switch
                {
                    _ when kindText.SequenceEqual("purchase"u8) => Purchase,
                    _ when kindText.SequenceEqual("refund"u8) => Refund,
                    _ when kindText.SequenceEqual("reversal"u8) => Reversal,
                    _ when kindText.SequenceEqual("void"u8) => Void,
                    _ => 0,
                };
                if (kind == 0)
                {
                    throw r.Error(_c.Kind, $"kind {Fields.Show(kindText)} is not one of purchase, refund, reversal, void");
                }

                var terminal = Cells.Required(r, _c.Terminal, Names.TerminalId);

                // A resolution's own message is read and checked like any row, then kept apart: nothing of it reaches
                // the store (not even its terminal or date), so the rules see the log as it was before the case.
                var adjustment = _aside is null ? -1 : _aside.Transaction(kind, terminal, r.Field(_c.Rrn), r.Field(_c.OriginalRrn));
                var setAside = adjustment >= 0;
                var term = -1;
                if (!setAside)
                {
                    if (terminal.Length == lastTerminalLength && terminal.SequenceEqual(lastTerminalBytes.AsSpan(0, lastTerminalLength)))
                    {
                        term = lastTerminal;
                    }
                    else
                    {
                        term = Terminals.GetOrAdd(terminal);
                        if (term >= MaxTerminals)
                        {
                            throw r.Error(_c.Terminal, $"more than {MaxTerminals} distinct terminal ids");
                        }

                        if (terminal.Length <= lastTerminalBytes.Length)
                        {
                            terminal.CopyTo(lastTerminalBytes);
                            lastTerminalLength = terminal.Length;
                            lastTerminal = term;
                        }
                    }
                }

                var response = r.Field(_c.Response);
                var approved = response.Length == 2 && response[0] == (byte)'0' && response[1] == (byte)'0';
                byte flags = (byte)(kind | (approved ? Approved : 0));

                var date = kind is Purchase or Refund
                    ? Cells.Date(r, _c.BusinessDate, Names.BusinessDate)
                    : Cells.OptionalDate(r, _c.BusinessDate, Names.BusinessDate);
                if (date > MaxDate && !setAside)
                {
                    MaxDate = date;
                }

                var channel = r.Field(_c.Channel);
                if (channel.SequenceEqual("qr"u8))
                {
                    flags |= Qr;
                }
                else if (!channel.SequenceEqual("card"u8) && !(channel.IsEmpty && kind != Purchase))
                {
                    throw r.Error(_c.Channel, channel.IsEmpty
                        ? "channel is empty but a purchase needs it (card or qr) for its fee"
                        : $"channel {Fields.Show(channel)} is not card or qr");
                }

                if (kind is Purchase or Refund)
                {
                    var rrn = Cells.Required(r, _c.Rrn, Names.Rrn);
                    var amount = Cells.Long(r, _c.Amount, Names.AmountMinor);
                    var merchantText = Cells.Required(r, _c.Merchant, Names.MerchantId);
                    var merchant = merchantCache.Find(term, merchantText);
                    if (merchant < 0 && approved)
                    {
                        throw r.Error(_c.Merchant, $"merchant_id {Fields.Show(merchantText)} is not in merchants.csv");
                    }

                    var time = kind == Refund || !r.Field(_c.LocalTime).IsEmpty ? Cells.Time(r, _c.LocalTime, Names.LocalTime) : 0;
                    if (setAside)
                    {
                        _aside!.Add(new AsideTxn(adjustment, kind, approved, amount, r.Line));
                    }
                    else
                    {
                        ref var rec = ref recs[slot];
                        rec.Key = ((ulong)term << 40) | RrnCode(rrn);
                        rec.Amount = amount;
                        rec.Merchant = merchant;
                        rec.Date = date;
                        PurchaseAndRefundCount++;
                        if (kind == Refund)
                        {
                            var original = r.Field(_c.OriginalRrn);
                            var originalKey = original.IsEmpty ? NoKey : ((ulong)term << 40) | RrnCode(original);
                            Refunds.Add(new RefundLink(slot, originalKey, time));
                        }
                    }
                }
                else
                {
                    long? amount = r.Field(_c.Amount).IsEmpty ? null : Cells.Long(r, _c.Amount, Names.AmountMinor);
                    if (!r.Field(_c.LocalTime).IsEmpty)
                    {
                        Cells.Time(r, _c.LocalTime, Names.LocalTime);
                    }

                    if (setAside)
                    {
                        _aside!.Add(new AsideTxn(adjustment, kind, approved, amount, r.Line));
                    }
                    else
                    {
                        var original = r.Field(_c.OriginalRrn);
                        recs[slot].Key = original.IsEmpty ? NoKey : ((ulong)term << 40) | RrnCode(original);
                    }
                }

                if (!setAside)
                {
                    recs[slot].Flags = flags;
                }

                EndSlot = slot + 1;
            }
        }

        private ulong RrnCode(ReadOnlySpan<byte> rrn) =>
            Fields.TryTwelveDigits(rrn, out var value) ? (ulong)value : (ulong)(RrnTableBase + Rrns.GetOrAdd(rrn));
    }
}
