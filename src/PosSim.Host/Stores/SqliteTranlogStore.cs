using System.Globalization;
using Microsoft.Data.Sqlite;
using PosSim.Core.Switch;
using SQLitePCL;

namespace PosSim.Host.Stores;

/// <summary>
/// The tranlog in SQLite (WAL). Nothing is written behind the loop's back: <see cref="Write"/> only stages a
/// snapshot of the row, and the core loop's group commit (<see cref="AcquirerStores"/>) takes the staged rows of a
/// turn and commits them, with the sequences, before any answer of that turn leaves. Rows are keyed by txn_id and
/// replaced as a transaction's outcome changes. Only the masked PAN and its keyed hash are stored.
/// </summary>
/// <remarks>
/// Schema: <c>tranlog</c>, one row per financial request; <c>host_meta</c>, named integers: <c>turn</c> (the last
/// group commit stored), <c>txn_sequence</c> (the switch's transaction numbering, which the RRN comes from; never the
/// last row's id, since numbers handed to requests still at the issuer must not be reused).
/// </remarks>
public sealed class SqliteTranlogStore : ITranlogStore, ITranlogHistory, IAsyncDisposable, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private SqliteConnection? _reader;
    private long? _approvedRows;
    private long _storedRetainedFrom;
    private sqlite3_stmt? _findOriginal;
    private sqlite3_stmt? _sumRefunds;
    private List<TranlogRow> _staged = [];
    private sqlite3_stmt? _insert;
    private sqlite3_stmt? _setMeta;

    /// <param name="synchronousFull">
    /// synchronous=FULL (the default): every commit is fsynced, so an answered request survives power loss, not only
    /// a crash of the process; the group commit pays one fsync per turn, not per request.
    /// </param>
    public SqliteTranlogStore(string path, bool synchronousFull = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        _db = _connection.Handle!;
        try
        {
            TranlogSchema.Exec(_db, "PRAGMA journal_mode = WAL;");
            TranlogSchema.Exec(_db, synchronousFull ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
            TranlogSchema.Exec(_db, TranlogSchema.Create("tranlog") + TranlogSchema.CreateMeta + QueueRecords.Create + BatchRecords.Create + TranlogSchema.CreateIndexes);
            LastTxnId = TranlogSchema.Scalar(_db, "SELECT COALESCE(MAX(txn_id), 0) FROM tranlog");
            StoredTurn = TranlogSchema.Meta(_db, TranlogSchema.TurnKey);
            StoredTxnSequence = Math.Max(LastTxnId, TranlogSchema.Meta(_db, TranlogSchema.TxnSequenceKey));
            RetainedFromTxnId = _storedRetainedFrom = TranlogSchema.Meta(_db, TranlogSchema.RetainedFromKey);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The highest txn_id stored when the store was opened.</summary>
    public long LastTxnId { get; }

    /// <summary>Approved purchases and refunds stored (counted at the first ask, at start): each took a hold in the ledger.</summary>
    /// <remarks>Counted when asked (a scan of the whole log), which only a refused start does: not on every start.</remarks>
    public long ApprovedRows => _approvedRows ??= TranlogSchema.Scalar(_db, "SELECT COUNT(*) FROM tranlog WHERE response_code = '00' AND kind IN ('purchase', 'refund')");

    /// <summary>The last group commit stored (0 for a new file, or one written before turns were counted).</summary>
    public long StoredTurn { get; private set; }

    /// <summary>The switch's transaction sequence as stored: a restarted switch numbers on after it.</summary>
    public long StoredTxnSequence { get; private set; }

    /// <summary>
    /// The first txn_id the switch still held in memory at the last group commit (0 when never stored): a restart
    /// reads the rows from there, and older ones only for the terminals' open batches.
    /// </summary>
    public long RetainedFromTxnId { get; }

    /// <summary>With this store the switch forgets cleared rows and finds them here again.</summary>
    public ITranlogHistory History => this;

    /// <summary>Rows written so far (for tests and metrics).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Rows staged since the last <see cref="TakeStaged"/>.</summary>
    public bool HasStaged => _staged.Count > 0;

    /// <summary>Stages a snapshot of the row; it reaches the disk with the turn's group commit.</summary>
    public void Write(TranlogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _staged.Add(TranlogRow.Of(entry));
    }

    /// <summary>Takes the rows staged so far (on the loop), handing back <paramref name="spare"/> to stage the next ones in.</summary>
    public List<TranlogRow> TakeStaged(List<TranlogRow> spare)
    {
        ArgumentNullException.ThrowIfNull(spare);
        spare.Clear();
        var taken = _staged;
        _staged = spare;
        return taken;
    }

    /// <summary>Commits a turn's rows and sequence in one transaction; returns once durable, throws when it is not.</summary>
    /// <param name="alongside">Writes more in the same transaction (the switch's queue, when this file is the commit point).</param>
    public void Commit(StoreTurn turn, Action<SQLitePCL.sqlite3>? alongside = null)
    {
        ArgumentNullException.ThrowIfNull(turn);
        _insert ??= TranlogSchema.Prepare(_db, TranlogSchema.InsertInto("tranlog"));
        _setMeta ??= TranlogSchema.Prepare(_db, TranlogSchema.SetMeta);
        TranlogSchema.Exec(_db, "BEGIN IMMEDIATE;");
        try
        {
            foreach (var row in turn.Rows)
            {
                TranlogSchema.Run(_db, _insert, row);
            }

            alongside?.Invoke(_db);
            TranlogSchema.SetMetaValue(_db, _setMeta, TranlogSchema.TurnKey, turn.Turn);
            TranlogSchema.SetMetaValue(_db, _setMeta, TranlogSchema.TxnSequenceKey, turn.TxnSequence);
            if (turn.RetainedFromTxnId > 0 && turn.RetainedFromTxnId != _storedRetainedFrom)
            {
                // It moves once a day, at the cut-over that forgets: not a write in every turn.
                TranlogSchema.SetMetaValue(_db, _setMeta, TranlogSchema.RetainedFromKey, turn.RetainedFromTxnId);
            }

            TranlogSchema.Exec(_db, "COMMIT;");
        }
        catch
        {
            raw.sqlite3_exec(_db, "ROLLBACK;");
            throw;
        }

        if (turn.RetainedFromTxnId > 0)
        {
            _storedRetainedFrom = turn.RetainedFromTxnId;
        }

        RowsWritten += turn.Rows.Count;
        StoredTurn = turn.Turn;
        StoredTxnSequence = turn.TxnSequence;
    }

    /// <summary>Every stored row, in txn_id order.</summary>
    public List<TranlogEntry> LoadRows() => TranlogSchema.ReadRows(_db, "tranlog").ConvertAll(r => r.ToEntry());

    /// <summary>
    /// What a restarted switch rebuilds its indexes from, in txn_id order: the rows from <see cref="RetainedFromTxnId"/>
    /// on, and older rows of each provisioned terminal's open batch (the one after its last balanced close in
    /// <paramref name="reports"/>), whose totals the batch carries. Not the whole history: that stays in the store.
    /// </summary>
    public List<TranlogEntry> LoadRetainedRows(IReadOnlyList<BatchReport> reports, IEnumerable<string> terminalIds)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(terminalIds);
        if (RetainedFromTxnId <= 0)
        {
            return LoadRows();
        }

        var older = TranlogSchema.ReadOpenBatchRows(_db, RetainedFromTxnId, terminalIds, BatchReport.LastBalancedCloses(reports));
        var rows = TranlogSchema.ReadRows(_db, "tranlog", RetainedFromTxnId);
        older.AddRange(rows);
        return older.ConvertAll(r => r.ToEntry());
    }

    /// <summary>
    /// A refund's or void's original the switch forgot: one indexed read on a connection of its own, since the group
    /// commit writes on the store's connection from another thread. WAL lets it read what was committed.
    /// </summary>
    public StoredOriginal? FindOriginal(string terminalId, string rrn)
    {
        var db = Reader();
        _findOriginal ??= TranlogSchema.Prepare(db, TranlogSchema.SelectByRrn);
        _sumRefunds ??= TranlogSchema.Prepare(db, TranlogSchema.SumRefunds);
        if (TranlogSchema.ReadOne(db, _findOriginal!, terminalId, rrn) is not { } row)
        {
            return null;
        }

        return new StoredOriginal(row.ToEntry(), TranlogSchema.SumOf(db, _sumRefunds!, terminalId, rrn));
    }

    /// <summary>The store-and-forward queue kept here (role switch, where this file is the commit point).</summary>
    internal (List<QueuedAdvice> Pending, List<QueuedAdvice> Parked) ReadQueue(IReadOnlyList<TranlogEntry> rows, Func<string, string?>? panOf) =>
        QueueRecords.Read(_db, rows, panOf, LoadRow);

    /// <summary>One stored row by txn_id, or null.</summary>
    public TranlogEntry? LoadRow(long txnId) =>
        TranlogSchema.ReadRows(_db, "tranlog", txnId, txnId) is [var row] ? row.ToEntry() : null;

    /// <summary>The terminals' batch reports kept here (role switch).</summary>
    internal List<BatchReport> ReadBatchReports() => BatchRecords.Read(_db);

    /// <summary>
    /// The committed rows before <paramref name="txnId"/> (those a switch forgot), in txn_id order, read one at a time
    /// on the reader connection: for exports, on the loop, while the group commit may be writing.
    /// </summary>
    public IEnumerable<TranlogEntry> RowsBefore(long txnId) =>
        TranlogSchema.Stream(Reader(), "tranlog", 0, txnId - 1).Select(r => r.ToEntry());

    /// <summary>The read-only connection of the loop's lookups, opened on first use.</summary>
    private sqlite3 Reader()
    {
        if (_reader is null)
        {
            _reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
            _reader.Open();
        }

        return _reader.Handle!;
    }

    /// <summary>SQLite's quick_check: "ok", or what is wrong with the file.</summary>
    public string QuickCheck() => TranlogSchema.QuickCheck(_db);

    public void Dispose()
    {
        _findOriginal?.Dispose();
        _sumRefunds?.Dispose();
        _findOriginal = null;
        _sumRefunds = null;
        _reader?.Dispose();
        _reader = null;
        _insert?.Dispose();
        _setMeta?.Dispose();
        _insert = null;
        _setMeta = null;
        _connection.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>What one turn of the core loop gives the stores to make durable before its answers leave.</summary>
public sealed class StoreTurn
{
    public long Turn { get; set; }

    public List<TranlogRow> Rows { get; set; } = [];

    public long TxnSequence { get; set; }

    public long ApprovalSequence { get; set; }

    /// <summary>The back office's last cut-over, as a day number; 0 for none.</summary>
    public long ClearedThrough { get; set; }

    /// <summary>The first txn_id the switch still holds in memory (<see cref="AcquirerSwitch.RetainedFromTxnId"/>); 0 when unknown.</summary>
    public long RetainedFromTxnId { get; set; }
}

/// <summary>A snapshot of a tranlog entry at the moment it was written: values only.</summary>
public readonly record struct TranlogRow(
    long TxnId, TransactionKind Kind, string Rrn, int Stan, string TerminalId, string MerchantId, string Channel, string PanMasked,
    string PanHash, long AmountMinor, Currency Currency, string TransmissionDateTime, DateOnly BusinessDate, DateTime LocalTime,
    int BatchNumber, string? OriginalRrn, TransactionStatus Status, string ResponseCode, string AuthCode, string? LateResponseCode,
    string? CancelledBy)
{
    public static TranlogRow Of(TranlogEntry e) => new(
        e.TxnId, e.Kind, e.Rrn, e.Stan, e.TerminalId, e.MerchantId, e.Channel, e.PanMasked, e.PanHash, e.AmountMinor, e.Currency,
        e.TransmissionDateTime, e.BusinessDate, e.LocalTime, e.BatchNumber, e.OriginalRrn, e.Status, e.ResponseCode, e.AuthCode,
        e.LateIssuerResponseCode, e.CancelledBy);

    public TranlogEntry ToEntry() => new()
    {
        TxnId = TxnId,
        Kind = Kind,
        Rrn = Rrn,
        Stan = Stan,
        TerminalId = TerminalId,
        MerchantId = MerchantId,
        Channel = Channel,
        PanMasked = PanMasked,
        PanHash = PanHash,
        AmountMinor = AmountMinor,
        Currency = Currency,
        TransmissionDateTime = TransmissionDateTime,
        BusinessDate = BusinessDate,
        LocalTime = LocalTime,
        BatchNumber = BatchNumber,
        OriginalRrn = OriginalRrn,
        Status = Status,
        ResponseCode = ResponseCode,
        AuthCode = AuthCode,
        LateIssuerResponseCode = LateResponseCode,
        CancelledBy = CancelledBy,
    };
}
