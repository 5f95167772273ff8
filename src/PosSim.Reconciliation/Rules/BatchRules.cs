using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Inputs;
using Names = PosSim.Interchange.InterchangeFiles.Batches;

namespace PosSim.Reconciliation.Rules;

/// <summary>
/// batch-out-of-balance: a terminal's own batch totals (batches.csv) against the live transactions of that
/// terminal and business date. Only terminal-days with a batch row are checked; their rows are added up first.
/// </summary>
internal sealed class BatchRules
{
    private readonly Dictionary<long, Day> _byTerminalDay = [];
    private readonly List<Day> _days = [];

    // A dense terminal x date grid of day indexes (+1) when it is small enough; the dictionary otherwise.
    private int[]? _grid;
    private int _gridMinDate;
    private int _gridDates;

    public int MaxDate { get; private set; } = -1;

    public bool IsEmpty => _days.Count == 0;

    public static BatchRules Read(CsvFile? file, TransactionStore txns)
    {
        var rules = new BatchRules();
        if (file is null)
        {
            return rules;
        }

        var termCol = file.Column(Names.TerminalId);
        var merchantCol = file.Column(Names.MerchantId);
        var dateCol = file.Column(Names.BusinessDate);
        var dcCol = file.Column(Names.DebitCount);
        var daCol = file.Column(Names.DebitAmountMinor);
        var ccCol = file.Column(Names.CreditCount);
        var caCol = file.Column(Names.CreditAmountMinor);
        var byText = new Dictionary<(string, int), Day>();
        var r = Cells.Sequential(file);
        while (r.MoveNext())
        {
            var terminalBytes = Cells.Required(r, termCol, Names.TerminalId);
            var terminal = Fields.Text(terminalBytes);
            var date = Cells.Date(r, dateCol, Names.BusinessDate);
            rules.MaxDate = Math.Max(rules.MaxDate, date);
            if (!byText.TryGetValue((terminal, date), out var day))
            {
                day = new Day(terminal, date, r.Line, file.DisplayPath) { Index = rules._days.Count };
                byText.Add((terminal, date), day);
                rules._days.Add(day);
                var t = txns.Terminals.Find(terminalBytes);
                if (t >= 0)
                {
                    rules._byTerminalDay.Add(((long)t << 32) | (uint)date, day);
                }
            }

            var merchant = Fields.Text(r.Field(merchantCol));
            if (merchant.Length > 0 && (day.Merchant.Length == 0 || string.CompareOrdinal(merchant, day.Merchant) < 0))
            {
                day.Merchant = merchant;
            }

            day.BatchDebitCount += Cells.NonNegativeLong(r, dcCol, Names.DebitCount);
            day.BatchDebitAmount += Cells.NonNegativeLong(r, daCol, Names.DebitAmountMinor);
            day.BatchCreditCount += Cells.NonNegativeLong(r, ccCol, Names.CreditCount);
            day.BatchCreditAmount += Cells.NonNegativeLong(r, caCol, Names.CreditAmountMinor);
        }

        rules.BuildGrid();
        return rules;
    }

    private void BuildGrid()
    {
        if (_byTerminalDay.Count == 0)
        {
            return;
        }

        var minDate = int.MaxValue;
        var maxDate = int.MinValue;
        var maxTerminal = 0L;
        foreach (var key in _byTerminalDay.Keys)
        {
            minDate = Math.Min(minDate, (int)(key & 0xFFFF_FFFF));
            maxDate = Math.Max(maxDate, (int)(key & 0xFFFF_FFFF));
            maxTerminal = Math.Max(maxTerminal, key >> 32);
        }

        var size = (maxTerminal + 1) * (maxDate - minDate + 1L);
        if (size > 32_000_000)
        {
            return;
        }

        _grid = new int[size];
        _gridMinDate = minDate;
        _gridDates = maxDate - minDate + 1;
        foreach (var (key, day) in _byTerminalDay)
        {
            _grid[((key >> 32) * _gridDates) + ((int)(key & 0xFFFF_FFFF) - minDate)] = day.Index + 1;
        }
    }

    /// <summary>The index of the batch day of a live transaction, or -1.</summary>
    private int DayIndex(ulong key, int date)
    {
        if (_grid is not null)
        {
            var d = date - _gridMinDate;
            var t = (long)(key >> 40);
            var i = (t * _gridDates) + d;
            return unchecked((uint)d) < (uint)_gridDates && i < _grid.Length ? _grid[i] - 1 : -1;
        }

        return _byTerminalDay.TryGetValue(TerminalDay(key, date), out var day) ? day.Index : -1;
    }

    public static long TerminalDay(ulong key, int date) => ((long)(key >> 40) << 32) | (uint)date;

    /// <summary>A per-thread tally of live transactions by terminal-day, merged with <see cref="Merge"/>.</summary>
    public Tally NewTally() => new(this);

    public void Merge(Tally tally)
    {
        for (var i = 0; i < _days.Count; i++)
        {
            var d = _days[i];
            d.LogDebitCount += tally.DebitCount[i];
            d.LogDebitAmount += tally.DebitAmount[i];
            d.LogCreditCount += tally.CreditCount[i];
            d.LogCreditAmount += tally.CreditAmount[i];
        }
    }

    internal sealed class Tally(BatchRules rules)
    {
        public long[] DebitCount { get; } = new long[rules._days.Count];

        public Int128[] DebitAmount { get; } = new Int128[rules._days.Count];

        public long[] CreditCount { get; } = new long[rules._days.Count];

        public Int128[] CreditAmount { get; } = new Int128[rules._days.Count];

        /// <summary>Adds one live transaction to its terminal-day, if that day has a batch.</summary>
        public void Add(ulong key, int date, bool isRefund, long amount)
        {
            var i = rules.DayIndex(key, date);
            if (i >= 0)
            {
                if (isRefund)
                {
                    CreditCount[i]++;
                    CreditAmount[i] += amount;
                }
                else
                {
                    DebitCount[i]++;
                    DebitAmount[i] += amount;
                }
            }
        }
    }

    public bool HasBatch(long terminalDay) => _byTerminalDay.ContainsKey(terminalDay);

    public void Check(List<Finding> findings)
    {
        foreach (var d in _days)
        {
            if (d.BatchDebitCount == d.LogDebitCount && d.BatchDebitAmount == d.LogDebitAmount
                && d.BatchCreditCount == d.LogCreditCount && d.BatchCreditAmount == d.LogCreditAmount)
            {
                continue;
            }

            findings.Add(new Finding(ExceptionKind.BatchOutOfBalance)
            {
                Terminal = d.Terminal,
                BusinessDate = ClearingStore.Day(d.Date),
                Merchant = d.Merchant,
                Expected = d.LogDebitAmount - d.LogCreditAmount,
                Actual = d.BatchDebitAmount - d.BatchCreditAmount,
                Numbers =
                [
                    Fit(d.BatchDebitCount, d), Fit(d.BatchDebitAmount, d), Fit(d.BatchCreditCount, d), Fit(d.BatchCreditAmount, d),
                    d.LogDebitCount, Fit(d.LogDebitAmount, d), d.LogCreditCount, Fit(d.LogCreditAmount, d),
                ],
                SourceFile = d.File,
                SourceLine = d.Line,
            });
        }
    }

    private static long Fit(Int128 value, Day d) =>
        value >= long.MinValue && value <= long.MaxValue
            ? (long)value
            : throw new ReconciliationInputException(d.File, d.Line, 1, $"the amounts of terminal {d.Terminal} on {ClearingStore.Day(d.Date)} add up beyond what 64-bit minor units can hold");

    internal sealed class Day(string terminal, int date, long line, string file)
    {
        public string Terminal { get; } = terminal;

        public int Date { get; } = date;

        public long Line { get; } = line;

        public string File { get; } = file;

        public string Merchant { get; set; } = "";

        public int Index { get; init; }

        public Int128 BatchDebitCount { get; set; }

        public Int128 BatchDebitAmount { get; set; }

        public Int128 BatchCreditCount { get; set; }

        public Int128 BatchCreditAmount { get; set; }

        public long LogDebitCount { get; set; }

        public Int128 LogDebitAmount { get; set; }

        public long LogCreditCount { get; set; }

        public Int128 LogCreditAmount { get; set; }
    }
}
