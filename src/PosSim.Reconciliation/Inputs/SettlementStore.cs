using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Internal;
using PosSim.Reconciliation.Rules;
using static PosSim.Reconciliation.Inputs.TransactionStore;
using Names = PosSim.Interchange.InterchangeFiles.Settlements;

namespace PosSim.Reconciliation.Inputs;

/// <summary>
/// settlements.csv, streamed: each row is joined to its clearing row by clearing_id and checked (fee, value
/// date) on the spot, in parallel; only counts, payout sums and the rare odd rows are kept.
/// </summary>
internal sealed class SettlementStore
{
    private SettlementStore(CsvFile file) => File = file;

    public CsvFile File { get; }

    public List<Finding> Findings { get; } = [];

    /// <summary>Second and later settlement rows of a clearing_id: (first clearing slot, payout, net).</summary>
    public List<(int Clearing, int Payout, long Net)> Extra { get; } = [];

    /// <summary>Settlement rows whose clearing_id is not in clearing.csv.</summary>
    public List<UnknownRow> Unknown { get; } = [];

    public int MaxDate { get; private set; } = -1;

    /// <param name="aside">Finds the settlement rows resolutions created; they are validated like any row, then kept out of every sum.</param>
    public static SettlementStore Load(CsvFile file, TransactionStore txns, ClearingStore clearing, PayoutTable payouts,
        MerchantTable merchants, SettlementDueTable due, SetAside? aside = null)
    {
        var store = new SettlementStore(file);
        var cols = new Columns(file);
        var knownPayouts = payouts.Ids.Count;
        var chunks = CsvParallel.Run(file, _ => new Chunk(store, txns, clearing, payouts, merchants, due, cols, knownPayouts, aside),
            (chunk, reader) => chunk.Parse(reader));
        foreach (var chunk in chunks)
        {
            store.Findings.AddRange(chunk.Findings);
            store.Extra.AddRange(chunk.Extra);
            store.Unknown.AddRange(chunk.Unknown);
            store.MaxDate = Math.Max(store.MaxDate, chunk.MaxDate);
        }

        payouts.Complete(chunks.Select(c => c.Payouts), merchants);
        if (aside is not null)
        {
            aside.AfterSettlements();
            payouts.SetAside(aside.Settlements);
        }

        return store;
    }

    private const ulong NoCode = ulong.MaxValue;

    /// <summary>A parsed settlement row waiting for its lookup; its text is in the batch's byte buffer.</summary>
    private readonly record struct Pending(long Line, ulong Code, int Payout, long Gross, long Fee, long Net, int ValueDate,
        int Text, int PayoutLength, int ClearingIdLength, int TerminalLength, int RrnLength, int MerchantLength);

    /// <summary>A settlement row naming a clearing_id that clearing.csv does not have.</summary>
    internal sealed record UnknownRow(string ClearingId, string Terminal, string Rrn, string Merchant, string Payout, long Gross, long Net, long Line);

    private sealed class Columns
    {
        public Columns(CsvFile f)
        {
            Payout = f.Column(Names.PayoutId);
            ClearingId = f.Column(Names.ClearingId);
            Rrn = f.Column(Names.Rrn);
            Terminal = f.Column(Names.TerminalId);
            Merchant = f.Column(Names.MerchantId);
            Gross = f.Column(Names.GrossMinor);
            Fee = f.Column(Names.FeeMinor);
            Net = f.Column(Names.NetMinor);
            ValueDate = f.Column(Names.ValueDate);
        }

        public int Payout { get; }

        public int ClearingId { get; }

        public int Rrn { get; }

        public int Terminal { get; }

        public int Merchant { get; }

        public int Gross { get; }

        public int Fee { get; }

        public int Net { get; }

        public int ValueDate { get; }
    }

    private sealed class Chunk(SettlementStore store, TransactionStore txns, ClearingStore clearing, PayoutTable payouts,
        MerchantTable merchants, SettlementDueTable due, Columns c, int knownPayouts, SetAside? aside)
    {
        public List<Finding> Findings { get; } = [];

        public List<(int Clearing, int Payout, long Net)> Extra { get; } = [];

        public List<UnknownRow> Unknown { get; } = [];

        public PayoutAccumulator Payouts { get; } = new(knownPayouts, merchants);

        public int MaxDate { get; private set; } = -1;

        private readonly Pending[] _batch = new Pending[64];
        private byte[] _text = new byte[64 * 128];
        private int _batchCount;
        private int _textLength;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Parse(CsvChunkReader r)
        {
            while (r.MoveNext())
            {
                var payoutText = Cells.Required(r, c.Payout, Names.PayoutId);
                var clearingId = Cells.Required(r, c.ClearingId, Names.ClearingId);
                var terminal = Cells.Required(r, c.Terminal, Names.TerminalId);
                var rrn = Cells.Required(r, c.Rrn, Names.Rrn);
                var merchantText = r.Field(c.Merchant);
                var gross = Cells.Long(r, c.Gross, Names.GrossMinor);
                var fee = Cells.Long(r, c.Fee, Names.FeeMinor);
                var net = Cells.Long(r, c.Net, Names.NetMinor);
                var valueDate = Cells.Date(r, c.ValueDate, Names.ValueDate);

                // A resolution's settlement row is checked like any row, then kept out of every count and sum (and of
                // its payout, whose statement lines are read without its money), so the payouts look as they were.
                var adjustment = aside is null ? -1 : aside.SettlementRow(clearingId, payoutText, terminal, rrn);
                if (adjustment >= 0)
                {
                    aside!.Add(new AsideSettlement(adjustment, Fields.Text(payoutText), Fields.Text(clearingId), gross, net, r.Line));
                    continue;
                }

                MaxDate = Math.Max(MaxDate, valueDate);

                var payout = payouts.FindOrAdd(payoutText, knownPayouts);
                var known = clearing.TryCode(clearingId, out var code);

                // Keep the row's text beside it (findings quote it); the lookup waits for the batch.
                var need = payoutText.Length + clearingId.Length + terminal.Length + rrn.Length + merchantText.Length;
                if (_textLength + need > _text.Length)
                {
                    Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + need));
                }

                var at = _textLength;
                payoutText.CopyTo(_text.AsSpan(_textLength));
                _textLength += payoutText.Length;
                clearingId.CopyTo(_text.AsSpan(_textLength));
                _textLength += clearingId.Length;
                terminal.CopyTo(_text.AsSpan(_textLength));
                _textLength += terminal.Length;
                rrn.CopyTo(_text.AsSpan(_textLength));
                _textLength += rrn.Length;
                merchantText.CopyTo(_text.AsSpan(_textLength));
                _textLength += merchantText.Length;
                _batch[_batchCount++] = new Pending(r.Line, known ? code : NoCode, payout, gross, fee, net, valueDate,
                    at, payoutText.Length, clearingId.Length, terminal.Length, rrn.Length, merchantText.Length);
                if (_batchCount == _batch.Length || _textLength > _text.Length - 1280)
                {
                    Flush();
                }
            }

            Flush();
        }

        /// <summary>Joins the batch to clearing rows with overlapped cache misses (see ClearingStore.MatchBatch).</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void Flush()
        {
            var index = clearing.Index;
            for (var j = 0; j < _batchCount; j++)
            {
                index.PrefetchSlot(_batch[j].Code);
            }

            for (var j = 0; j < _batchCount; j++)
            {
                index.PrefetchRecord(_batch[j].Code);
            }

            for (var j = 0; j < _batchCount; j++)
            {
                Settle(in _batch[j]);
            }

            _batchCount = 0;
            _textLength = 0;
        }

        private void Settle(in Pending p)
        {
            var recs = clearing.Recs;
            var t = _text.AsSpan(p.Text);
            var payoutText = t[..p.PayoutLength];
            var clearingId = t.Slice(p.PayoutLength, p.ClearingIdLength);
            var terminal = t.Slice(p.PayoutLength + p.ClearingIdLength, p.TerminalLength);
            var rrn = t.Slice(p.PayoutLength + p.ClearingIdLength + p.TerminalLength, p.RrnLength);
            var merchantText = t.Slice(p.PayoutLength + p.ClearingIdLength + p.TerminalLength + p.RrnLength, p.MerchantLength);
            var (payout, gross, fee, net, valueDate) = (p.Payout, p.Gross, p.Fee, p.Net, p.ValueDate);

            var slot = p.Code == NoCode ? -1 : clearing.Index.Find(p.Code);
            if (slot < 0)
            {
                Payouts.Add(payout, net, valueDate, merchants.Ids.Find(merchantText), p.Line);
                Unknown.Add(new UnknownRow(Fields.Text(clearingId), Fields.Text(terminal), Fields.Text(rrn), Fields.Text(merchantText),
                    Fields.Text(payoutText), gross, net, p.Line));
                return;
            }

            ref var rec = ref recs[slot];
            var merchant = rec.Merchant;
            Payouts.Add(payout, net, valueDate, merchant, p.Line);
            if (Interlocked.Increment(ref rec.SettleCount) == 1)
            {
                rec.Payout = payout;
                rec.Net = net;
            }
            else
            {
                Extra.Add((slot, payout, net));
            }

            if (rec.Txn >= 0 && (rec.TxnFlags & Adjusted) != 0)
            {
                aside?.AddPurchasePayout(rec.Txn, payout);
            }

            if (rec.Txn >= 0)
            {
                // Fees are checked only when the clearing row matches a transaction: its kind and channel decide.
                var flags = rec.TxnFlags;
                var bps = (flags & KindMask) == Refund ? 0 : (flags & Qr) != 0 ? merchants.QrBps[merchant] : merchants.CardBps[merchant];
                var expected = (flags & KindMask) == Refund ? 0 : MerchantDiscount.ExactFee(gross, bps);
                if (expected != fee)
                {
                    var f = New(ExceptionKind.FeeMismatch, p.Line, terminal, rrn, merchantText, slot, payoutText, net);
                    f.Expected = expected;
                    f.Actual = fee;
                    f.X1 = gross;
                    f.X2 = bps;
                    f.Note = (flags & Qr) != 0 ? "qr" : "card";
                    f.SourceColumn = c.Fee + 1;
                    Findings.Add(f);
                }
            }

            var dueDate = due.Due(merchant, rec.Date);
            if (valueDate > dueDate)
            {
                var f = New(ExceptionKind.SettledLate, p.Line, terminal, rrn, merchantText, slot, payoutText, net);
                f.DateA = dueDate;
                f.DateB = valueDate;
                f.X1 = gross;
                Findings.Add(f);
            }
        }

        /// <summary>(|gross| * bps + 5000) / 10000, half up; in 64 bits when it cannot overflow (always, for real amounts).</summary>
        private Finding New(ExceptionKind kind, long line, ReadOnlySpan<byte> terminal, ReadOnlySpan<byte> rrn, ReadOnlySpan<byte> merchantText, int slot,
            ReadOnlySpan<byte> payout, long net)
        {
            var rec = clearing.Recs[slot];
            var t = rec.Txn;
            return new Finding(kind)
            {
                Terminal = Fields.Text(terminal),
                Rrn = Fields.Text(rrn),
                Merchant = merchantText.IsEmpty ? merchants.Name(rec.Merchant) : Fields.Text(merchantText),
                Payout = Fields.Text(payout),
                TxnKind = t >= 0 ? KindName(rec.TxnFlags) : clearing.Unmatched[slot].Kind,
                BusinessDate = ClearingStore.Day(t >= 0 ? txns.Recs[t].Date : rec.Date),
                X3 = net,
                SourceFile = store.File.DisplayPath,
                SourceLine = line,
                SourceColumn = c.Net + 1,
            };
        }
    }
}
