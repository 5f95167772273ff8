using PosSim.Interchange;
using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Inputs;
using PosSim.Reconciliation.Internal;
using PosSim.Reconciliation.Outputs;
using PosSim.Reconciliation.Rules;
using static PosSim.Reconciliation.Inputs.TransactionStore;

namespace PosSim.Reconciliation;

/// <summary>
/// The reconciliation engine: reads the interchange files (docs/interchange-files.md) from a
/// folder, applies the 15 rules and returns (or writes) exceptions.csv, summary.json and resolved.csv.
/// </summary>
/// <remarks>
/// Implementation note: files are read as UTF-8 bytes in parallel chunks (<see cref="CsvParallel"/>), in
/// dependency order: merchants, holidays and the bank statement (small), then transactions (indexed by a
/// packed 64-bit (terminal, rrn) key), then clearing (joined to transactions as it is read), then
/// settlements (joined to clearing by clearing_id as they are read). Row data lives in struct-free column
/// arrays indexed by line; only findings, which are rare, become objects with strings. The optional
/// adjustments.csv is read first: each reader sets aside the rows support's resolutions created
/// (<see cref="SetAside"/>), so the rules see the files as they were before, and the rows set aside are
/// checked afterwards as proof (<see cref="Resolutions"/>).
/// </remarks>
public static class Matcher
{
    private const byte Touched = 64;
    private const byte StatusCleared = 1;
    private const byte StatusSettled = 2;
    private const byte StatusPaid = 4;
    private const byte StatusPayoutException = 8;

    /// <summary>Reconciles the files in <paramref name="inDir"/>.</summary>
    /// <param name="inDir">Folder with the input files.</param>
    /// <param name="asOf">Pending versus overdue cut-off; by default the day after the latest date in the inputs.</param>
    /// <exception cref="ReconciliationInputException">A file is missing or malformed (names file, line and column).</exception>
    public static MatchResult Run(string inDir, DateOnly? asOf = null) => Run(inDir, asOf, ReadOptions.Default);

    internal static MatchResult Run(string inDir, DateOnly? asOf, ReadOptions options)
    {
        CsvFile Required(string name) => CsvFile.Open(Path.Combine(inDir, name), Path.Combine(inDir, name), options);
        CsvFile? Optional(string name) => CsvFile.TryOpen(Path.Combine(inDir, name), Path.Combine(inDir, name), options);

        using var merchantsFile = Required(InterchangeFiles.Merchants.Name);
        using var transactionsFile = Required(InterchangeFiles.Transactions.Name);
        using var clearingFile = Required(InterchangeFiles.Clearing.Name);
        using var settlementsFile = Required(InterchangeFiles.Settlements.Name);
        using var payoutsFile = Required(InterchangeFiles.Payouts.Name);
        using var batchesFile = Optional(InterchangeFiles.Batches.Name);
        using var holidaysFile = Optional(InterchangeFiles.Holidays.Name);
        using var adjustmentsFile = Optional(InterchangeFiles.Adjustments.Name);

        var trace = new PhaseTrace();
        var merchants = MerchantTable.Read(merchantsFile);
        var calendar = new BusinessCalendar(Holidays.Read(holidaysFile));
        var payouts = PayoutTable.Read(payoutsFile);
        var adjustments = AdjustmentTable.Read(adjustmentsFile);
        var aside = adjustments.Items.Count > 0 ? new SetAside(adjustments.Items) : null;

        trace.Mark("small files");
        var txns = TransactionStore.Load(transactionsFile, merchants, aside);
        aside?.AfterTransactions(txns);
        trace.Mark("transactions");
        var batches = BatchRules.Read(batchesFile, txns);
        var clearing = ClearingStore.Load(clearingFile, txns, merchants, aside);
        aside?.AfterClearing();
        trace.Mark("clearing");
        var due = new SettlementDueTable(calendar, merchants.SettleDays, clearing.MinBusinessDate, clearing.MaxBusinessDate);
        var settlements = SettlementStore.Load(settlementsFile, txns, clearing, payouts, merchants, due, aside);
        trace.Mark("settlements");

        var latest = new[] { txns.MaxDate, clearing.MaxDate, settlements.MaxDate, payouts.MaxDate, batches.MaxDate }.Max();
        var cutOff = asOf ?? (latest >= 0 ? DateOnly.FromDayNumber(latest + 1) : null);
        var cut = cutOff?.DayNumber ?? int.MinValue;

        var findings = new List<Finding>();
        findings.AddRange(clearing.Findings);
        findings.AddRange(settlements.Findings);
        TransactionRules.Refunds(txns, merchants, findings);
        ClearingRules.Duplicates(clearing, txns, merchants, findings);
        ClearingRules.NotSettled(clearing, txns, merchants, due, cut, findings);
        ClearingRules.DuplicateSettlements(clearing, settlements, txns, merchants, payouts, findings);
        PayoutRules.Check(payouts, merchants, settlementsFile.DisplayPath, cut, findings);
        var live = LiveScan(txns, merchants, batches, cut, findings);
        batches.Check(findings);

        trace.Mark("rules");
        var rows = FindingMerger.Merge(findings);
        var (matched, pending) = Classify(rows, txns, clearing, payouts, batches);
        var (resolved, outcomes) = Resolutions.Resolve(aside, txns, clearing, payouts, rows);
        trace.Mark("merge and classify");
        return new MatchResult(cutOff, rows, live, matched, pending, adjustments.Present, outcomes, resolved);
    }

    /// <summary>Reconciles and writes exceptions.csv, summary.json and resolved.csv to <paramref name="outDir"/>, only if the input is good.</summary>
    public static MatchResult Run(string inDir, string outDir, DateOnly? asOf = null)
    {
        var result = Run(inDir, asOf);
        WriteOutputs(result, outDir);
        return result;
    }

    /// <summary>Writes every output to a temporary name first and moves them into place, so a failure leaves no half file.</summary>
    public static void WriteOutputs(MatchResult result, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var exceptionsPath = Path.Combine(outDir, InterchangeFiles.Exceptions.Name);
        var summaryPath = Path.Combine(outDir, InterchangeFiles.Summary.Name);
        var resolvedPath = Path.Combine(outDir, InterchangeFiles.Resolved.Name);
        var exceptionsTemp = exceptionsPath + ".tmp";
        var summaryTemp = summaryPath + ".tmp";
        var resolvedTemp = resolvedPath + ".tmp";
        try
        {
            using (var stream = new FileStream(exceptionsTemp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new StreamWriter(stream, ExceptionsCsvWriter.Utf8, 1 << 16))
            {
                ExceptionsCsvWriter.Write(writer, result.Exceptions);
            }

            File.WriteAllText(summaryTemp, SummaryJsonWriter.ToText(result), ExceptionsCsvWriter.Utf8);
            File.WriteAllText(resolvedTemp, ResolvedCsvWriter.ToText(result.Resolved), ExceptionsCsvWriter.Utf8);
            File.Move(exceptionsTemp, exceptionsPath, overwrite: true);
            File.Move(summaryTemp, summaryPath, overwrite: true);
            File.Move(resolvedTemp, resolvedPath, overwrite: true);
        }
        finally
        {
            File.Delete(exceptionsTemp);
            File.Delete(summaryTemp);
            File.Delete(resolvedTemp);
        }
    }

    /// <summary>Phase timings on stderr when POSSIM_MATCH_TRACE=1 (for profiling; never in outputs).</summary>
    private sealed class PhaseTrace
    {
        private readonly bool _on = Environment.GetEnvironmentVariable("POSSIM_MATCH_TRACE") == "1";
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private TimeSpan _last;
        private TimeSpan _lastCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

        public void Mark(string phase)
        {
            if (_on)
            {
                var now = _clock.Elapsed;
                var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                Console.Error.WriteLine($"[match] {phase,-20} {(now - _last).TotalMilliseconds,8:F0} ms wall {(cpu - _lastCpu).TotalMilliseconds,8:F0} ms cpu (heap {GC.GetTotalMemory(false) >> 20} MB)");
                _last = now;
                _lastCpu = cpu;
            }
        }
    }

    /// <summary>One pass over the log, on all cores: live count, approved-not-cleared, and the switch's side of each batch.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long LiveScan(TransactionStore txns, MerchantTable merchants, BatchRules batches, int cut, List<Finding> findings)
    {
        var recs = txns.Recs;
        var withBatches = !batches.IsEmpty;
        var parts = Ranges.Run(recs.Length, (from, to) =>
        {
            long live = 0;
            var notCleared = new List<int>();
            var days = withBatches ? batches.NewTally() : null;
            for (var slot = from; slot < to; slot++)
            {
                ref var rec = ref recs[slot];
                if (!IsLive(rec.Flags))
                {
                    continue;
                }

                live++;
                if (rec.ClearCount == 0 && rec.Date + 1 < cut)
                {
                    notCleared.Add(slot);
                }

                days?.Add(rec.Key, rec.Date, (rec.Flags & KindMask) == Refund, rec.Amount);
            }

            return (live, notCleared, days);
        });

        long total = 0;
        foreach (var (live, notCleared, days) in parts)
        {
            total += live;
            foreach (var slot in notCleared)
            {
                var finding = TransactionRules.ForTransaction(ExceptionKind.ApprovedNotCleared, txns, merchants, slot);
                finding.Expected = recs[slot].Amount;
                finding.Actual = 0;
                finding.DateA = recs[slot].Date + 1;
                findings.Add(finding);
            }

            if (days is not null)
            {
                batches.Merge(days);
            }
        }

        return total;
    }

    /// <summary>Sorts every live transaction into matched, pending or touched by an exception.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (long Matched, long Pending) Classify(List<ExceptionRow> rows, TransactionStore txns, ClearingStore clearing, PayoutTable payouts, BatchRules batches)
    {
        var payoutHit = new bool[payouts.Ids.Count];
        var batchHit = new HashSet<long>();
        var recs = txns.Recs;
        foreach (var row in rows)
        {
            switch (row.Kind.Key())
            {
                case ExceptionKey.Transaction:
                    var slot = txns.Find(txns.FindKey(Fields.Utf8(row.TerminalId), Fields.Utf8(row.Rrn)));
                    if (slot >= 0)
                    {
                        recs[slot].Flags |= Touched;
                    }

                    break;
                case ExceptionKey.Payout:
                    var p = payouts.Ids.Find(Fields.Utf8(row.PayoutId));
                    if (p >= 0)
                    {
                        payoutHit[p] = true;
                    }

                    break;
                case ExceptionKey.TerminalDay:
                    var t = txns.Terminals.Find(Fields.Utf8(row.TerminalId));
                    if (t >= 0)
                    {
                        batchHit.Add(((long)t << 32) | (uint)DateOnly.ParseExact(row.BusinessDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).DayNumber);
                    }

                    break;
            }
        }

        // The state of each live transaction that was cleared exactly once (more is an exception anyway).
        // The state of each live transaction that was cleared exactly once (more is an exception anyway), so each
        // transaction is written by one clearing row only and the ranges can run at once.
        var status = new byte[txns.SlotCount];
        var clearingRecs = clearing.Recs;
        var hasAlias = clearing.Alias.Count > 0;
        var statementCount = payouts.StatementCount;
        Ranges.Run(clearing.SlotCount, (from, to) =>
        {
            for (var slot = from; slot < to; slot++)
            {
                var t = clearingRecs[slot].Txn;
                if (t < 0 || recs[t].ClearCount != 1)
                {
                    continue;
                }

                ref var first = ref clearingRecs[hasAlias ? clearing.First(slot) : slot];
                byte s = StatusCleared;
                if (first.SettleCount > 0)
                {
                    s |= StatusSettled;
                    var p = first.Payout;
                    if (statementCount[p] > 0)
                    {
                        s |= StatusPaid;
                    }

                    if (payoutHit[p])
                    {
                        s |= StatusPayoutException;
                    }
                }

                status[t] = s;
            }

            return 0;
        });

        var counts = Ranges.Run(recs.Length, (from, to) =>
        {
            long matched = 0;
            long pending = 0;
            for (var slot = from; slot < to; slot++)
            {
                var f = recs[slot].Flags;
                if (!IsLive(f))
                {
                    continue;
                }

                var s = status[slot];
                if ((f & Touched) != 0 || (s & StatusPayoutException) != 0
                    || (batchHit.Count > 0 && batchHit.Contains(BatchRules.TerminalDay(recs[slot].Key, recs[slot].Date))))
                {
                    continue;
                }

                if (s == (StatusCleared | StatusSettled | StatusPaid))
                {
                    matched++;
                }
                else
                {
                    pending++;
                }
            }

            return (matched, pending);
        });

        return (counts.Sum(c => c.matched), counts.Sum(c => c.pending));
    }
}
