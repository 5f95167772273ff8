using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Internal;
using Names = PosSim.Interchange.InterchangeFiles.Payouts;

namespace PosSim.Reconciliation.Inputs;

/// <summary>
/// Payouts by payout_id: what the bank statement (payouts.csv) shows, and what the settlement detail
/// (settlements.csv) says should have been paid.
/// </summary>
internal sealed class PayoutTable
{
    private readonly object _gate = new();
    private readonly IdTable _newIds = new();

    public IdTable Ids { get; } = new();

    public List<StatementRow> Statements { get; } = [];

    public Int128[] StatementSum { get; private set; } = [];

    public int[] StatementCount { get; private set; } = [];

    /// <summary>Sum of net_minor of the settlement rows of each payout.</summary>
    public Int128[] NetSum { get; private set; } = [];

    /// <summary>Latest value_date of the settlement rows of each payout (its due date); -1 when none.</summary>
    public int[] DueDate { get; private set; } = [];

    public long[] SettlementRows { get; private set; } = [];

    /// <summary>Merchant of each payout: the ordinally smallest merchant of its settlement rows.</summary>
    public int[] Merchant { get; private set; } = [];

    /// <summary>Sum of net_minor of the settlement rows of each payout that resolutions created (set aside, not in <see cref="NetSum"/>).</summary>
    public Int128[] AsideNet { get; private set; } = [];

    /// <summary>Settlement rows of each payout that resolutions created (not in <see cref="SettlementRows"/>).</summary>
    public long[] AsideRows { get; private set; } = [];

    /// <summary>
    /// A payout with no settlement row but the ones resolutions created is itself the resolution's: its statement
    /// lines are set aside with it.
    /// </summary>
    public bool IsAside(int payout) => payout >= 0 && SettlementRows[payout] == 0 && AsideRows[payout] > 0;

    /// <summary>A line of settlements.csv behind each payout, to name if its sum overflows.</summary>
    public long[] SettlementLine { get; private set; } = [];

    public int MaxDate { get; private set; } = -1;

    public CsvFile? File { get; private set; }

    public string Name(int payout) => Ids.String(payout);

    public static PayoutTable Read(CsvFile file)
    {
        var table = new PayoutTable { File = file };
        var statementCol = file.Column(Names.StatementId);
        var payoutCol = file.Column(Names.PayoutId);
        var merchantCol = file.Column(Names.MerchantId);
        var amountCol = file.Column(Names.AmountMinor);
        var dateCol = file.Column(Names.ValueDate, required: false);
        var sums = new List<Int128>();
        var counts = new List<int>();
        var r = Cells.Sequential(file);
        while (r.MoveNext())
        {
            var statement = Fields.Text(Cells.Required(r, statementCol, Names.StatementId));
            var payoutText = r.Field(payoutCol);
            var amount = Cells.Long(r, amountCol, Names.AmountMinor);
            var valueDate = Cells.OptionalDate(r, dateCol, Names.ValueDate);
            table.MaxDate = Math.Max(table.MaxDate, valueDate);
            var payout = -1;
            if (!payoutText.IsEmpty)
            {
                payout = table.Ids.GetOrAdd(payoutText);
                if (payout == sums.Count)
                {
                    sums.Add(0);
                    counts.Add(0);
                }

                sums[payout] += amount;
                counts[payout]++;
            }

            table.Statements.Add(new StatementRow(statement, payout, Fields.Text(r.Field(merchantCol)), amount, r.Line, valueDate));
        }

        table.StatementSum = [.. sums];
        table.StatementCount = [.. counts];
        return table;
    }

    /// <summary>The index of a payout named in settlements.csv, adding it if the statement never named it.</summary>
    public int FindOrAdd(ReadOnlySpan<byte> payoutId, int knownCount)
    {
        // Ids is not written while settlements are read, so this lookup needs no lock.
        var p = Ids.Find(payoutId);
        if (p >= 0)
        {
            return p;
        }

        lock (_gate)
        {
            return knownCount + _newIds.GetOrAdd(payoutId);
        }
    }

    /// <summary>Called once settlements are read: sizes the arrays to every payout seen.</summary>
    public void Complete(IEnumerable<PayoutAccumulator> parts, MerchantTable merchants)
    {
        for (var i = 0; i < _newIds.Count; i++)
        {
            Ids.GetOrAdd(_newIds.Bytes(i));
        }

        var n = Ids.Count;
        var statementSum = StatementSum;
        var statementCount = StatementCount;
        Array.Resize(ref statementSum, n);
        Array.Resize(ref statementCount, n);
        StatementSum = statementSum;
        StatementCount = statementCount;
        NetSum = new Int128[n];
        DueDate = new int[n];
        Array.Fill(DueDate, -1);
        SettlementRows = new long[n];
        Merchant = new int[n];
        Array.Fill(Merchant, -1);
        SettlementLine = new long[n];
        AsideNet = new Int128[n];
        AsideRows = new long[n];
        foreach (var part in parts)
        {
            foreach (var (p, acc) in part.Entries())
            {
                NetSum[p] += acc.Net;
                DueDate[p] = Math.Max(DueDate[p], acc.MaxValueDate);
                SettlementRows[p] += acc.Rows;
                SettlementLine[p] = SettlementLine[p] == 0 ? acc.Line : Math.Min(SettlementLine[p], acc.Line);
                Merchant[p] = MinMerchant(merchants, Merchant[p], acc.Merchant);
            }
        }
    }

    /// <summary>
    /// Takes the settlement rows resolutions created out of their payouts: a payout that also carried other rows
    /// keeps its statement lines, read without the resolution's money; a payout of nothing else is set aside whole,
    /// and its statement lines no longer count for the default as-of date.
    /// </summary>
    public void SetAside(List<AsideSettlement> rows)
    {
        foreach (var row in rows)
        {
            var p = Ids.Find(Fields.Utf8(row.PayoutId));
            if (p >= 0)
            {
                AsideNet[p] += row.Net;
                AsideRows[p]++;
            }
        }

        if (Statements.Any(s => IsAside(s.Payout)))
        {
            MaxDate = Statements.Where(s => !IsAside(s.Payout)).Select(s => s.ValueDate).DefaultIfEmpty(-1).Max();
        }
    }

    public static int MinMerchant(MerchantTable merchants, int a, int b) =>
        a < 0 ? b : b < 0 || a == b ? a : string.CompareOrdinal(merchants.Name(a), merchants.Name(b)) <= 0 ? a : b;

    internal sealed record StatementRow(string StatementId, int Payout, string Merchant, long Amount, long Line, int ValueDate);
}

/// <summary>Per-chunk sums of settlement rows by payout (a struct array for the payouts the statement names).</summary>
internal sealed class PayoutAccumulator
{
    private readonly MerchantTable _merchants;
    private readonly Acc[] _known;
    private readonly Dictionary<int, Acc> _extra = [];

    public PayoutAccumulator(int knownCount, MerchantTable merchants)
    {
        _merchants = merchants;
        _known = new Acc[knownCount];
    }

    public void Add(int payout, long net, int valueDate, int merchant, long line)
    {
        if (payout < _known.Length)
        {
            Update(ref _known[payout], net, valueDate, merchant, line);
        }
        else
        {
            var acc = _extra.GetValueOrDefault(payout);
            Update(ref acc, net, valueDate, merchant, line);
            _extra[payout] = acc;
        }
    }

    private void Update(ref Acc acc, long net, int valueDate, int merchant, long line)
    {
        if (acc.Rows == 0)
        {
            acc.Line = line;
            acc.MaxValueDate = -1;
            acc.Merchant = -1;
        }

        acc.Net += net;
        acc.Rows++;
        acc.MaxValueDate = Math.Max(acc.MaxValueDate, valueDate);
        if (merchant != acc.Merchant)
        {
            acc.Merchant = PayoutTable.MinMerchant(_merchants, acc.Merchant, merchant);
        }
    }

    public IEnumerable<(int Payout, Acc Acc)> Entries()
    {
        for (var i = 0; i < _known.Length; i++)
        {
            if (_known[i].Rows > 0)
            {
                yield return (i, _known[i]);
            }
        }

        foreach (var (p, acc) in _extra)
        {
            yield return (p, acc);
        }
    }

    internal struct Acc
    {
        public Int128 Net;
        public long Rows;
        public long Line;
        public int MaxValueDate;
        public int Merchant;
    }
}
