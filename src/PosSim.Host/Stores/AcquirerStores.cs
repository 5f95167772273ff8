using System.Buffers.Binary;
using PosSim.Core.Issuer;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Host.Loop;
using PosSim.Ledger.Storage;
using SQLitePCL;

namespace PosSim.Host.Stores;

/// <summary>
/// The group commit of `possim serve`: everything one turn of the core loop implies (ledger changes, tranlog rows, the
/// switch's transaction sequence, the issuer's approval counter) made durable before the turn's answers leave.
/// </summary>
/// <remarks>
/// <para>Two files, one order. With a ledger (roles all and issuer) the turn is first committed to ledger.db in one
/// transaction: the ledger's batch, a copy of the turn's tranlog rows (<c>tranlog_journal</c>, which holds only the
/// latest turn) and the sequences (<c>host_meta</c>). That transaction is the commit point. Then the rows go to
/// tranlog.db, the queryable log. A crash between the two leaves ledger.db exactly one turn ahead, and the next start
/// rolls tranlog.db forward from the journal (<see cref="Reconcile"/>); any other difference between the two files'
/// turn numbers means one was lost, replaced or restored from an older backup, and the start is refused.</para>
/// <para>Without a ledger (role switch) tranlog.db is the only store and its own transaction is the commit point.</para>
/// <para>A turn that changed nothing writes nothing; a turn that changed anything writes both files, so their turn
/// numbers move together.</para>
/// </remarks>
public sealed class AcquirerStores : ILoopStore, IDisposable
{
    private const string Journal = "tranlog_journal";
    private const string Authorizations = "issuer_authorizations";

    private const string CreateAuthorizations = $$"""
        CREATE TABLE IF NOT EXISTS {{Authorizations}} (
            hold_id BLOB PRIMARY KEY NOT NULL,
            terminal_id TEXT NOT NULL,
            stan INTEGER NOT NULL,
            transmission_datetime TEXT NOT NULL,
            kind INTEGER NOT NULL,
            amount_minor INTEGER NOT NULL,
            approval_code TEXT NOT NULL,
            rrn TEXT NOT NULL) WITHOUT ROWID;
        """;

    private readonly Ledger.Ledger? _ledger;
    private readonly SqliteLedgerStore? _ledgerStore;
    private readonly SqliteTranlogStore? _tranlog;
    private readonly Func<AcquirerSwitch?> _switch;
    private readonly List<QueueRecords.Record> _queue = [];
    private readonly Action<sqlite3> _writeQueue;
    private long _sealedQueueVersion = -1;
    private readonly List<BatchReport> _newReports = [];
    private long _reportsFrom;
    private long _sealedReports = -1;
    private bool _queueSealed;
    private readonly CardIssuer? _issuer;
    private readonly List<Authorization> _authorizations = [];
    private BackOffice? _office;
    private readonly BackOfficeRecords _officeRecords = new();
    private readonly Func<long> _clearedThrough;
    private readonly LedgerCommitBatch _batch = new();
    private readonly StoreTurn _turn = new();
    private readonly Action<sqlite3> _writeJournal;
    private sqlite3_stmt? _journalInsert;
    private sqlite3_stmt? _journalMeta;
    private sqlite3_stmt? _insertAuthorization;
    private long _sealedTxnSequence;
    private long _sealedApprovalSequence;
    private long _sealedClearedThrough;
    private long _ledgerCommittedTurn = -1;

    /// <param name="switchCore">The switch, whose sequence and store-and-forward queue are stored (null without one; read when a turn is sealed).</param>
    /// <param name="issuer">The issuer, whose approvals and approval counter are stored with the ledger (role all and issuer).</param>
    /// <param name="clearedThrough">The day number of the back office's last cut-over (0 before the first, or without one).</param>
    /// <param name="state">What <see cref="Reconcile"/> found: the turn and sequences stored.</param>
    public AcquirerStores(Ledger.Ledger? ledger, SqliteLedgerStore? ledgerStore, SqliteTranlogStore? tranlog, Func<AcquirerSwitch?>? switchCore, CardIssuer? issuer,
        Func<long>? clearedThrough, StoredSequences state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if ((ledger is null) != (ledgerStore is null))
        {
            throw new ArgumentException("A ledger and its store come together.", nameof(ledgerStore));
        }

        _ledger = ledger;
        _ledgerStore = ledgerStore;
        _tranlog = tranlog;
        _switch = switchCore ?? (static () => null);
        _writeQueue = WriteSwitchState;
        _issuer = issuer;
        issuer?.TrackNewAuthorizations();
        _clearedThrough = clearedThrough ?? (static () => 0);
        _turn.Turn = state.Turn;
        _sealedTxnSequence = state.TxnSequence;
        _sealedApprovalSequence = state.ApprovalSequence;
        _sealedClearedThrough = state.ClearedThrough;
        _writeJournal = WriteJournal;
    }

    /// <summary>
    /// From now on the back office's new presentments, settlement rows and statement lines go into ledger.db with the
    /// turn that made them (<see cref="OfficeRecords"/>), so it may forget them once final. Needs a ledger store.
    /// </summary>
    public void KeepOfficeRecords(BackOffice office)
    {
        ArgumentNullException.ThrowIfNull(office);
        if (_ledgerStore is null)
        {
            throw new InvalidOperationException("The back office's records are kept in ledger.db: a store without a ledger cannot keep them.");
        }

        office.TrackNewRecords();
        _office = office;
    }

    /// <summary>The last turn sealed (committed, once <see cref="Commit"/> returned).</summary>
    public long Turn => _turn.Turn;

    /// <summary>
    /// At start, before anything else reads the stores: checks both files (SQLite quick_check), makes them agree (rolls
    /// tranlog.db forward by the one turn a crash between the two commits can leave it behind) and returns the
    /// sequences stored. Throws <see cref="StoreRefusedException"/> with the reason when they cannot be trusted.
    /// </summary>
    public static StoredSequences Reconcile(SqliteLedgerStore? ledgerStore, SqliteTranlogStore? tranlog)
    {
        if (ledgerStore is not null)
        {
            RequireIntact(ledgerStore.Path, ledgerStore.QuickCheck());
            ledgerStore.Use(db =>
            {
                TranlogSchema.Exec(db, TranlogSchema.Create(Journal) + TranlogSchema.CreateMeta + CreateAuthorizations + QueueRecords.Create + BatchRecords.Create + OfficeRecords.Create);
                return 0;
            });
        }

        if (tranlog is not null)
        {
            RequireIntact(tranlog.Path, tranlog.QuickCheck());
        }

        if (ledgerStore is null)
        {
            return new StoredSequences(tranlog?.StoredTurn ?? 0, tranlog?.StoredTxnSequence ?? 0, 0, 0);
        }

        var (ledgerTurn, ledgerTxn, approvals, cleared) = ledgerStore.Use(db =>
            (TranlogSchema.Meta(db, TranlogSchema.TurnKey), TranlogSchema.Meta(db, TranlogSchema.TxnSequenceKey), TranlogSchema.Meta(db, TranlogSchema.ApprovalSequenceKey),
                TranlogSchema.Meta(db, TranlogSchema.ClearedThroughKey)));
        if (tranlog is null)
        {
            return new StoredSequences(ledgerTurn, 0, approvals, cleared);
        }

        if (ledgerTurn == tranlog.StoredTurn + 1)
        {
            // The crash fell between the two commits: the turn is in ledger.db, whose answers never left; finish it.
            var rows = ledgerStore.Use(db => TranlogSchema.ReadRows(db, Journal));
            tranlog.Commit(new StoreTurn { Turn = ledgerTurn, Rows = rows, TxnSequence = ledgerTxn });
        }
        else if (ledgerTurn == 0 && tranlog.StoredTurn > 0)
        {
            throw new StoreRefusedException(
                $"{ledgerStore.Path} holds no transfer, but {tranlog.Path} holds {tranlog.ApprovedRows} approvals: the ledger was lost or replaced. " +
                "Restore ledger.db from its backup, or start on an empty --data folder");
        }
        else if (ledgerTurn != tranlog.StoredTurn)
        {
            throw new StoreRefusedException(ledgerTurn < tranlog.StoredTurn
                ? $"{ledgerStore.Path} is older than {tranlog.Path} (group commit {ledgerTurn} against {tranlog.StoredTurn}): the ledger was lost or replaced. Restore ledger.db from its backup, or start on an empty --data folder"
                : $"{tranlog.Path} is older than {ledgerStore.Path} (group commit {tranlog.StoredTurn} against {ledgerTurn}): the transaction log was lost or replaced. Restore tranlog.db from its backup, or start on an empty --data folder");
        }

        return new StoredSequences(ledgerTurn, Math.Max(ledgerTxn, tranlog.StoredTxnSequence), approvals, cleared);
    }

    public bool Seal()
    {
        var ledgerChanged = _ledger is { HasChanges: true };
        var rowsStaged = _tranlog is { HasStaged: true };
        var acquirer = _switch();
        var txnSequence = acquirer?.TxnSequence ?? 0;
        var queueChanged = acquirer is not null && acquirer.QueueVersion != _sealedQueueVersion;
        if (acquirer is not null && _sealedReports < 0)
        {
            _sealedReports = acquirer.BatchReportsReceived; // no recovery told us: a fresh switch
        }

        var reportsAdded = acquirer is not null && acquirer.BatchReportsReceived > _sealedReports;
        var approvalSequence = _issuer?.ApprovalSequence ?? 0;
        var clearedThrough = _clearedThrough();
        var officeChanged = _office is { HasNewRecords: true };
        if (!ledgerChanged && !queueChanged && !reportsAdded && !officeChanged && _issuer is not { HasNewAuthorizations: true } && !rowsStaged && txnSequence == _sealedTxnSequence && approvalSequence == _sealedApprovalSequence && clearedThrough == _sealedClearedThrough)
        {
            return false;
        }

        _turn.Turn = checked(_turn.Turn + 1);
        _turn.TxnSequence = _sealedTxnSequence = txnSequence;
        _turn.ApprovalSequence = _sealedApprovalSequence = approvalSequence;
        _turn.ClearedThrough = _sealedClearedThrough = clearedThrough;
        _turn.Rows = _tranlog is not null ? _tranlog.TakeStaged(_turn.Rows) : _turn.Rows;
        _turn.RetainedFromTxnId = acquirer?.RetainedFromTxnId ?? 0;
        _authorizations.Clear();
        _issuer?.DrainNewAuthorizations(_authorizations);
        _officeRecords.Clear();
        _office?.DrainNewRecords(_officeRecords);
        _queueSealed = queueChanged;
        _newReports.Clear();
        _reportsFrom = _sealedReports;
        if (reportsAdded)
        {
            // Reports are numbered from the first ever received; the switch holds those from BatchReportsForgotten on.
            for (var i = _sealedReports; i < acquirer!.BatchReportsReceived; i++)
            {
                _newReports.Add(acquirer.BatchReports[checked((int)(i - acquirer.BatchReportsForgotten))]);
            }

            _sealedReports = acquirer.BatchReportsReceived;
        }

        if (queueChanged)
        {
            QueueRecords.Snapshot(acquirer!, _queue);
            _sealedQueueVersion = acquirer!.QueueVersion;
        }

        _batch.Clear();
        if (ledgerChanged)
        {
            _ledger!.DrainChanges(_batch);
        }

        return true;
    }

    /// <summary>ledger.db's transaction is the commit point: once it went through, a start rolls tranlog.db forward from it.</summary>
    public bool CommitPointPassed => _ledgerStore is not null && _ledgerCommittedTurn == _turn.Turn;

    /// <summary>ledger.db first (the commit point, with the journal), then tranlog.db: the order <see cref="Reconcile"/> relies on.</summary>
    /// <remarks>
    /// A retry after a failure (the loop retries the same sealed turn) skips the part that went through already: the
    /// ledger's batch must not be journalled twice.
    /// </remarks>
    public void Commit()
    {
        if (_ledgerStore is not null && _ledgerCommittedTurn != _turn.Turn)
        {
            _ledgerStore.Commit(_batch, _writeJournal);
            _ledgerCommittedTurn = _turn.Turn;
        }

        _tranlog?.Commit(_turn, _ledgerStore is null && (_queueSealed || _newReports.Count > 0) ? _writeQueue : null);
    }

    /// <summary>Inside ledger.db's transaction: this turn's rows replace the last turn's, and the sequences are set.</summary>
    private void WriteJournal(sqlite3 db)
    {
        if (_journalInsert is null)
        {
            _journalInsert = TranlogSchema.Prepare(db, TranlogSchema.InsertInto(Journal));
            _journalMeta = TranlogSchema.Prepare(db, TranlogSchema.SetMeta);
            _insertAuthorization = TranlogSchema.Prepare(db, $"INSERT OR REPLACE INTO {Authorizations} VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        }

        Span<byte> id = stackalloc byte[16];
        foreach (var a in _authorizations)
        {
            var s = _insertAuthorization!;
            BinaryPrimitives.WriteUInt128BigEndian(id, a.HoldId);
            raw.sqlite3_bind_blob(s, 1, id);
            raw.sqlite3_bind_text(s, 2, a.Key.TerminalId);
            raw.sqlite3_bind_int(s, 3, a.Key.Stan);
            raw.sqlite3_bind_text(s, 4, a.Key.TransmissionDateTime);
            raw.sqlite3_bind_int(s, 5, (int)a.Kind);
            raw.sqlite3_bind_int64(s, 6, a.Amount);
            raw.sqlite3_bind_text(s, 7, a.ApprovalCode);
            raw.sqlite3_bind_text(s, 8, a.Rrn);
            TranlogSchema.Step(db, s);
        }

        if (_tranlog is not null)
        {
            TranlogSchema.Exec(db, $"DELETE FROM {Journal};");
            foreach (var row in _turn.Rows)
            {
                TranlogSchema.Run(db, _journalInsert, row);
            }
        }

        WriteSwitchState(db);
        OfficeRecords.Write(db, _officeRecords);
        TranlogSchema.SetMetaValue(db, _journalMeta!, TranlogSchema.TurnKey, _turn.Turn);
        TranlogSchema.SetMetaValue(db, _journalMeta!, TranlogSchema.TxnSequenceKey, _turn.TxnSequence);
        TranlogSchema.SetMetaValue(db, _journalMeta!, TranlogSchema.ApprovalSequenceKey, _turn.ApprovalSequence);
        TranlogSchema.SetMetaValue(db, _journalMeta!, TranlogSchema.ClearedThroughKey, _turn.ClearedThrough);
    }

    /// <summary>After <see cref="AcquirerSwitch.Recover"/>: the batch reports it holds are stored already.</summary>
    public void SwitchRecovered(AcquirerSwitch recovered)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        _sealedReports = recovered.BatchReportsReceived;
    }

    /// <summary>The switch's queue (when it changed) and new batch reports, in the commit point's transaction.</summary>
    private void WriteSwitchState(sqlite3 db)
    {
        if (_queueSealed)
        {
            QueueRecords.Write(db, _queue);
        }

        if (_newReports.Count > 0)
        {
            BatchRecords.Write(db, _newReports, _reportsFrom);
        }
    }

    /// <summary>The terminals' batch reports as the commit point stored them (ledger.db with a ledger, else tranlog.db).</summary>
    public static List<BatchReport> LoadBatchReports(SqliteLedgerStore? ledgerStore, SqliteTranlogStore tranlog)
    {
        ArgumentNullException.ThrowIfNull(tranlog);
        return ledgerStore is not null ? ledgerStore.Use(BatchRecords.Read) : tranlog.ReadBatchReports();
    }

    /// <summary>Lets go of the statements prepared on ledger.db's connection; call before the ledger store is disposed.</summary>
    public void Dispose()
    {
        _journalInsert?.Dispose();
        _journalMeta?.Dispose();
        _insertAuthorization?.Dispose();
        _insertAuthorization = null;
        _journalInsert = null;
        _journalMeta = null;
    }

    /// <summary>
    /// Gives the issuer back the approvals stored beside its holds (after the ledger was rebuilt), so voids, reversals
    /// and clearing of transactions approved before a restart find their hold. Returns how many.
    /// </summary>
    public static int RestoreIssuer(SqliteLedgerStore ledgerStore, CardIssuer issuer)
    {
        ArgumentNullException.ThrowIfNull(ledgerStore);
        ArgumentNullException.ThrowIfNull(issuer);
        return ledgerStore.Use(db =>
        {
            var restored = 0;
            using var select = TranlogSchema.Prepare(db, $"SELECT hold_id, terminal_id, stan, transmission_datetime, kind, amount_minor, approval_code, rrn FROM {Authorizations}");
            while (raw.sqlite3_step(select) == raw.SQLITE_ROW)
            {
                var holdId = BinaryPrimitives.ReadUInt128BigEndian(raw.sqlite3_column_blob(select, 0));
                var key = new AuthorizationKey(raw.sqlite3_column_text(select, 1).utf8_to_string(), raw.sqlite3_column_int(select, 2),
                    raw.sqlite3_column_text(select, 3).utf8_to_string());
                if (issuer.RestoreAuthorization(key, (AuthorizationKind)raw.sqlite3_column_int(select, 4), holdId, raw.sqlite3_column_int64(select, 5),
                        raw.sqlite3_column_text(select, 6).utf8_to_string(), raw.sqlite3_column_text(select, 7).utf8_to_string()))
                {
                    restored++;
                }
            }

            return restored;
        });
    }

    /// <summary>
    /// Opens or reads a store file, turning SQLite's "damaged" errors (corrupt, not a database) and a ledger that does
    /// not rebuild into one refusal that names the file.
    /// </summary>
    public static T Guard<T>(string path, Func<T> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        try
        {
            return open();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is raw.SQLITE_CORRUPT or raw.SQLITE_NOTADB)
        {
            throw new StoreRefusedException($"{path} is damaged ({e.Message}). Restore it from its backup, or start on an empty --data folder", e);
        }
        catch (Ledger.LedgerCorruptException e)
        {
            throw new StoreRefusedException($"{path} does not rebuild into a consistent ledger ({e.Message}). Restore it from its backup, or start on an empty --data folder", e);
        }
    }

    /// <summary>
    /// The store-and-forward queue as the commit point stored it (ledger.db with a ledger, else tranlog.db), tied to
    /// the recovered <paramref name="rows"/>. <paramref name="panOf"/> puts field 2 back from the row's PAN hash.
    /// </summary>
    public static (List<QueuedAdvice> Pending, List<QueuedAdvice> Parked) LoadQueue(SqliteLedgerStore? ledgerStore, SqliteTranlogStore tranlog,
        IReadOnlyList<TranlogEntry> rows, Func<string, string?>? panOf)
    {
        ArgumentNullException.ThrowIfNull(tranlog);
        return ledgerStore is not null
            ? ledgerStore.Use(db => QueueRecords.Read(db, rows, panOf, tranlog.LoadRow))
            : tranlog.ReadQueue(rows, panOf);
    }

    private static void RequireIntact(string path, string check)
    {
        if (!string.Equals(check, "ok", StringComparison.Ordinal))
        {
            throw new StoreRefusedException($"{path} is damaged (SQLite quick_check: {check}). Restore it from its backup, or start on an empty --data folder");
        }
    }
}

/// <summary>The group commit and sequences the stores hold at start.</summary>
/// <param name="ClearedThrough">The day number (<see cref="DateOnly.DayNumber"/>) of the last cut-over; 0 for none.</param>
public sealed record StoredSequences(long Turn, long TxnSequence, long ApprovalSequence, long ClearedThrough);

/// <summary>The stores cannot be trusted (damaged, or one lost or replaced): the server must not start on them.</summary>
public sealed class StoreRefusedException : InvalidOperationException
{
    public StoreRefusedException(string message)
        : base(message)
    {
    }

    public StoreRefusedException()
    {
    }

    public StoreRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
