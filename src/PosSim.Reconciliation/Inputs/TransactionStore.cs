using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Internal;

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

    public const ulong NoKey = ulong.MaxValue;
    public const long RrnTableBase = 1_000_000_000_000L;
    public const ulong RrnMask = (1UL << 40) - 1;
    public const int MaxTerminals = (1 << 24) - 1;

    private TransactionStore(CsvFile file)
    {
        File = file;
        SlotCount = file.SlotCount;
        Keys = new ulong[SlotCount];
        Amounts = new long[SlotCount];
        Merchants = new int[SlotCount];
        Dates = new int[SlotCount];
        Flags = new byte[SlotCount];
        ClearCount = new int[SlotCount];
        Index = new KeyIndex(Keys, 16);
    }

    public CsvFile File { get; }

    public int SlotCount { get; }

    public ulong[] Keys { get; }

    public long[] Amounts { get; }

    /// <summary>Merchant index, -1 when the merchant is not in merchants.csv (allowed for rows that were not approved).</summary>
    public int[] Merchants { get; }

    public int[] Dates { get; }

    public byte[] Flags { get; }

    /// <summary>Clearing rows that matched this purchase or refund (incremented from several threads).</summary>
    public int[] ClearCount { get; }

    public IdTable Terminals { get; } = new();

    public IdTable Rrns { get; } = new();

    public KeyIndex Index { get; private set; }

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

    public static TransactionStore Load(CsvFile file, MerchantTable merchants)
    {
        var store = new TransactionStore(file);
        var cols = new Columns(file);
        store.RrnColumn = cols.Rrn;
        store.AmountColumn = cols.Amount;
        var chunks = CsvParallel.Run(file, c => new Chunk(store, merchants, cols, c), (chunk, reader) => chunk.Parse(reader));
        store.Merge(chunks, cols);
        return store;
    }

    private void Merge(Chunk[] chunks, Columns cols)
    {
        // Intern terminals and non-numeric RRNs globally in file order, then rewrite each chunk's keys.
        foreach (var chunk in chunks)
        {
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

            ulong Remap(ulong key)
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

            for (var slot = chunk.FirstSlot; slot < chunk.EndSlot; slot++)
            {
                if (Flags[slot] != 0)
                {
                    Keys[slot] = Remap(Keys[slot]);
                }
            }

            foreach (var refund in chunk.Refunds)
            {
                Refunds.Add(refund with { OriginalKey = Remap(refund.OriginalKey) });
            }

            MaxDate = Math.Max(MaxDate, chunk.MaxDate);
            PurchaseAndRefundCount += chunk.PurchaseAndRefundCount;
        }

        // Purchases and refunds are unique by (terminal, rrn): index them, in file order so the second of a
        // pair is the one reported.
        Index = new KeyIndex(Keys, PurchaseAndRefundCount);
        for (var slot = 0; slot < SlotCount; slot++)
        {
            var kind = Flags[slot] & KindMask;
            if (kind is Purchase or Refund)
            {
                var existing = Index.AddOrGet(slot);
                if (existing >= 0)
                {
                    throw File.Error(LineOf(slot), cols.Rrn + 1,
                        $"terminal {TerminalName(Keys[slot])} already has a purchase or refund with rrn {RrnName(Keys[slot])} (line {LineOf(existing)}); purchases and refunds are unique by (terminal_id, rrn)");
                }
            }
        }

        // An approved reversal or void cancels the purchase or refund it names, whole.
        for (var slot = 0; slot < SlotCount; slot++)
        {
            var flags = Flags[slot];
            var kind = flags & KindMask;
            if (kind is Reversal or Void && (flags & Approved) != 0 && Keys[slot] != NoKey)
            {
                var target = Index.Find(Keys[slot]);
                if (target >= 0)
                {
                    Flags[target] |= Cancelled;
                }
            }
        }
    }

    /// <summary>A refund's pointer to its original and its time, for the refund rules.</summary>
    internal readonly record struct RefundLink(int Slot, ulong OriginalKey, long LocalTime);

    private sealed class Columns
    {
        public Columns(CsvFile f)
        {
            Kind = f.Column("kind");
            Rrn = f.Column("rrn");
            Terminal = f.Column("terminal_id");
            Merchant = f.Column("merchant_id");
            Channel = f.Column("channel");
            Amount = f.Column("amount_minor");
            Response = f.Column("response_code");
            BusinessDate = f.Column("business_date");
            LocalTime = f.Column("local_time");
            OriginalRrn = f.Column("original_rrn");
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
        private readonly TransactionStore store;
        private readonly MerchantTable merchants;
        private readonly Columns c;
        private readonly long firstLine;

        public Chunk(TransactionStore store, MerchantTable merchants, Columns columns, CsvChunk chunk)
        {
            this.store = store;
            this.merchants = merchants;
            c = columns;
            firstLine = store.File.DataFirstLine;
            FirstSlot = (int)(chunk.FirstLine - firstLine);
            EndSlot = FirstSlot;
        }

        public IdTable Terminals { get; } = new();

        public IdTable Rrns { get; } = new();

        public List<RefundLink> Refunds { get; } = [];

        public int FirstSlot { get; }

        public int EndSlot { get; private set; }

        public int MaxDate { get; private set; } = -1;

        public int PurchaseAndRefundCount { get; private set; }

        public void Parse(CsvChunkReader r)
        {
            var keys = store.Keys;
            var amounts = store.Amounts;
            var merchantIds = store.Merchants;
            var dates = store.Dates;
            var flagsOut = store.Flags;
            var lastTerminal = -1;
            var lastTerminalBytes = new byte[64];
            var lastTerminalLength = -1;
            while (r.MoveNext())
            {
                var slot = (int)(r.Line - firstLine);
                var kindText = r.Field(c.Kind);
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
                    throw r.Error(c.Kind, $"kind {Fields.Show(kindText)} is not one of purchase, refund, reversal, void");
                }

                var terminal = Cells.Required(r, c.Terminal, "terminal_id");
                int term;
                if (terminal.Length == lastTerminalLength && terminal.SequenceEqual(lastTerminalBytes.AsSpan(0, lastTerminalLength)))
                {
                    term = lastTerminal;
                }
                else
                {
                    term = Terminals.GetOrAdd(terminal);
                    if (term >= MaxTerminals)
                    {
                        throw r.Error(c.Terminal, $"more than {MaxTerminals} distinct terminal ids");
                    }

                    if (terminal.Length <= lastTerminalBytes.Length)
                    {
                        terminal.CopyTo(lastTerminalBytes);
                        lastTerminalLength = terminal.Length;
                        lastTerminal = term;
                    }
                }

                var response = r.Field(c.Response);
                var approved = response.Length == 2 && response[0] == (byte)'0' && response[1] == (byte)'0';
                byte flags = (byte)(kind | (approved ? Approved : 0));

                var date = kind is Purchase or Refund
                    ? Cells.Date(r, c.BusinessDate, "business_date")
                    : Cells.OptionalDate(r, c.BusinessDate, "business_date");
                if (date > MaxDate)
                {
                    MaxDate = date;
                }

                var channel = r.Field(c.Channel);
                if (channel.SequenceEqual("qr"u8))
                {
                    flags |= Qr;
                }
                else if (!channel.SequenceEqual("card"u8) && !(channel.IsEmpty && kind != Purchase))
                {
                    throw r.Error(c.Channel, channel.IsEmpty
                        ? "channel is empty but a purchase needs it (card or qr) for its fee"
                        : $"channel {Fields.Show(channel)} is not card or qr");
                }

                if (kind is Purchase or Refund)
                {
                    var rrn = Cells.Required(r, c.Rrn, "rrn");
                    keys[slot] = ((ulong)term << 40) | RrnCode(rrn);
                    amounts[slot] = Cells.Long(r, c.Amount, "amount_minor");
                    var merchantText = Cells.Required(r, c.Merchant, "merchant_id");
                    var merchant = merchants.Ids.Find(merchantText);
                    if (merchant < 0 && approved)
                    {
                        throw r.Error(c.Merchant, $"merchant_id {Fields.Show(merchantText)} is not in merchants.csv");
                    }

                    merchantIds[slot] = merchant;
                    dates[slot] = date;
                    PurchaseAndRefundCount++;
                    if (kind == Refund)
                    {
                        var time = Cells.Time(r, c.LocalTime, "local_time");
                        var original = r.Field(c.OriginalRrn);
                        var originalKey = original.IsEmpty ? NoKey : ((ulong)term << 40) | RrnCode(original);
                        Refunds.Add(new RefundLink(slot, originalKey, time));
                    }
                    else if (!r.Field(c.LocalTime).IsEmpty)
                    {
                        Cells.Time(r, c.LocalTime, "local_time");
                    }
                }
                else
                {
                    var original = r.Field(c.OriginalRrn);
                    keys[slot] = original.IsEmpty ? NoKey : ((ulong)term << 40) | RrnCode(original);
                    if (!r.Field(c.Amount).IsEmpty)
                    {
                        Cells.Long(r, c.Amount, "amount_minor");
                    }

                    if (!r.Field(c.LocalTime).IsEmpty)
                    {
                        Cells.Time(r, c.LocalTime, "local_time");
                    }
                }

                flagsOut[slot] = flags;
                EndSlot = slot + 1;
            }
        }

        private ulong RrnCode(ReadOnlySpan<byte> rrn) =>
            Fields.TryTwelveDigits(rrn, out var value) ? (ulong)value : (ulong)(RrnTableBase + Rrns.GetOrAdd(rrn));
    }
}
