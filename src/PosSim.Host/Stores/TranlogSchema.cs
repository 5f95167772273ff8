using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using PosSim.Core.Switch;
using SQLitePCL;

namespace PosSim.Host.Stores;

/// <summary>
/// The tranlog's table and the stores' named integers, in SQL, for both files that hold them: tranlog.db, and
/// ledger.db's copy of the last turn's rows (<c>tranlog_journal</c>, see <see cref="AcquirerStores"/>).
/// </summary>
/// <remarks>
/// Implementation note: rows are bound straight to a prepared statement through SQLite's own API, text as UTF-8 from
/// the stack: no parameter objects, no boxing.
/// </remarks>
internal static class TranlogSchema
{
    public const string TurnKey = "turn";
    public const string TxnSequenceKey = "txn_sequence";
    public const string ApprovalSequenceKey = "approval_sequence";
    public const string ClearedThroughKey = "cleared_through";
    public const string RetainedFromKey = "retained_from_txn";

    /// <summary>
    /// Lookups a long-running switch makes of rows it forgot: an original by RRN (refund, void), the refunds that
    /// name one (only refunds and voids carry original_rrn, so that index stays small), and the rows of a
    /// terminal's open batch at restart.
    /// </summary>
    public const string CreateIndexes = """
        CREATE INDEX IF NOT EXISTS tranlog_terminal_rrn ON tranlog (terminal_id, rrn);
        CREATE INDEX IF NOT EXISTS tranlog_refunds ON tranlog (terminal_id, original_rrn) WHERE original_rrn IS NOT NULL;
        CREATE INDEX IF NOT EXISTS tranlog_batches ON tranlog (terminal_id, batch_no);
        """;

    public const string CreateMeta = "CREATE TABLE IF NOT EXISTS host_meta (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;";

    public const string SetMeta = "INSERT INTO host_meta (name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = excluded.value;";

    private const string Columns = "txn_id, kind, rrn, stan, terminal_id, merchant_id, channel, pan_masked, pan_hash, amount_minor, currency, " +
        "transmission_datetime, business_date, local_time, batch_no, original_rrn, status, response_code, auth_code, late_response_code, cancelled_by";

    private static readonly string[] KindNames = Enum.GetValues<TransactionKind>().Select(k => k.ToString().ToLowerInvariant()).ToArray();
    private static readonly string[] StatusNames = Enum.GetNames<TransactionStatus>();

    public static string Create(string table) => $"""
        CREATE TABLE IF NOT EXISTS {table} (
            txn_id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            rrn TEXT NOT NULL,
            stan INTEGER NOT NULL,
            terminal_id TEXT NOT NULL,
            merchant_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            pan_masked TEXT NOT NULL,
            pan_hash TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            currency TEXT NOT NULL,
            transmission_datetime TEXT NOT NULL,
            business_date TEXT NOT NULL,
            local_time TEXT NOT NULL,
            batch_no INTEGER NOT NULL,
            original_rrn TEXT,
            status TEXT NOT NULL,
            response_code TEXT NOT NULL,
            auth_code TEXT NOT NULL,
            late_response_code TEXT,
            cancelled_by TEXT
        );
        """;

    public static string InsertInto(string table) =>
        $"INSERT OR REPLACE INTO {table} ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)";

    public static void Exec(sqlite3 db, string sql) => Check(raw.sqlite3_exec(db, sql), db);

    public static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        return statement;
    }

    public static long Scalar(sqlite3 db, string sql)
    {
        using var statement = Prepare(db, sql);
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return raw.sqlite3_column_int64(statement, 0);
        }

        Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc, db);
        return 0;
    }

    /// <summary>A named integer, 0 when absent.</summary>
    public static long Meta(sqlite3 db, string name)
    {
        using var statement = Prepare(db, "SELECT value FROM host_meta WHERE name = ?1");
        raw.sqlite3_bind_text(statement, 1, name);
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return raw.sqlite3_column_int64(statement, 0);
        }

        Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc, db);
        return 0;
    }

    public static void SetMetaValue(sqlite3 db, sqlite3_stmt setMeta, string name, long value)
    {
        raw.sqlite3_bind_text(setMeta, 1, name);
        raw.sqlite3_bind_int64(setMeta, 2, value);
        Step(db, setMeta);
    }

    /// <summary>Writes one row through a prepared <see cref="InsertInto"/>.</summary>
    public static void Run(sqlite3 db, sqlite3_stmt insert, in TranlogRow row)
    {
        Bind(insert, row);
        Step(db, insert);
    }

    /// <summary>The row logged on a terminal under an RRN (the latest, should a reused number ever give two).</summary>
    public const string SelectByRrn = $"SELECT {Columns} FROM tranlog WHERE terminal_id = ?1 AND rrn = ?2 ORDER BY txn_id DESC LIMIT 1";

    /// <summary>What was refunded of a purchase: its approved, uncancelled refunds.</summary>
    public const string SumRefunds =
        "SELECT COALESCE(SUM(amount_minor), 0) FROM tranlog WHERE terminal_id = ?1 AND original_rrn = ?2 AND kind = 'refund' AND status = 'Answered' AND response_code = '00' AND cancelled_by IS NULL";

    /// <summary>The rows of <paramref name="table"/> in txn_id order: all, or those from <paramref name="fromTxnId"/> through <paramref name="toTxnId"/>.</summary>
    public static List<TranlogRow> ReadRows(sqlite3 db, string table, long fromTxnId = 0, long toTxnId = long.MaxValue) =>
        [.. Stream(db, table, fromTxnId, toTxnId)];

    /// <summary>
    /// Rows before <paramref name="beforeTxnId"/> in each terminal's open batch (the one after its last balanced close;
    /// batch 1 for a terminal that never closed one), in txn_id order: one indexed read per terminal.
    /// </summary>
    public static List<TranlogRow> ReadOpenBatchRows(sqlite3 db, long beforeTxnId, IEnumerable<string> terminalIds, IReadOnlyDictionary<string, int> lastClosed)
    {
        var rows = new List<TranlogRow>();
        using var select = Prepare(db, $"SELECT {Columns} FROM tranlog WHERE terminal_id = ?1 AND batch_no = ?2 AND txn_id < ?3");
        foreach (var terminal in terminalIds)
        {
            raw.sqlite3_bind_text(select, 1, terminal);
            raw.sqlite3_bind_int(select, 2, lastClosed.GetValueOrDefault(terminal) + 1);
            raw.sqlite3_bind_int64(select, 3, beforeTxnId);
            ReadAll(db, select, rows);
            raw.sqlite3_reset(select);
        }

        rows.Sort(static (a, b) => a.TxnId.CompareTo(b.TxnId));
        return rows;
    }

    /// <summary>The one row <paramref name="select"/> finds for (terminal, key), or null.</summary>
    public static TranlogRow? ReadOne(sqlite3 db, sqlite3_stmt select, string terminalId, string key)
    {
        raw.sqlite3_bind_text(select, 1, terminalId);
        raw.sqlite3_bind_text(select, 2, key);
        try
        {
            var rc = raw.sqlite3_step(select);
            Check(rc is raw.SQLITE_ROW or raw.SQLITE_DONE ? raw.SQLITE_OK : rc, db);
            return rc == raw.SQLITE_ROW ? Row(select) : null;
        }
        finally
        {
            raw.sqlite3_reset(select);
        }
    }

    /// <summary>The integer <paramref name="select"/> gives for (terminal, key).</summary>
    public static long SumOf(sqlite3 db, sqlite3_stmt select, string terminalId, string key)
    {
        raw.sqlite3_bind_text(select, 1, terminalId);
        raw.sqlite3_bind_text(select, 2, key);
        try
        {
            var rc = raw.sqlite3_step(select);
            Check(rc is raw.SQLITE_ROW or raw.SQLITE_DONE ? raw.SQLITE_OK : rc, db);
            return rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(select, 0) : 0;
        }
        finally
        {
            raw.sqlite3_reset(select);
        }
    }

    private static void ReadAll(sqlite3 db, sqlite3_stmt select, List<TranlogRow> rows)
    {
        int rc;
        while ((rc = raw.sqlite3_step(select)) == raw.SQLITE_ROW)
        {
            rows.Add(Row(select));
        }

        Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc, db);
    }

    /// <summary>
    /// The rows of <paramref name="table"/> from <paramref name="fromTxnId"/> through <paramref name="toTxnId"/>, read one
    /// at a time as they are enumerated: an export of a long history never holds it.
    /// </summary>
    public static IEnumerable<TranlogRow> Stream(sqlite3 db, string table, long fromTxnId, long toTxnId)
    {
        using var select = Prepare(db, $"SELECT {Columns} FROM {table} WHERE txn_id BETWEEN ?1 AND ?2 ORDER BY txn_id");
        raw.sqlite3_bind_int64(select, 1, fromTxnId);
        raw.sqlite3_bind_int64(select, 2, toTxnId);
        int rc;
        while ((rc = raw.sqlite3_step(select)) == raw.SQLITE_ROW)
        {
            yield return Row(select);
        }

        Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc, db);
    }

    private static TranlogRow Row(sqlite3_stmt select) => new TranlogRow(
        raw.sqlite3_column_int64(select, 0),
        Enum.Parse<TransactionKind>(Text(select, 1)!, ignoreCase: true),
        Text(select, 2)!,
        raw.sqlite3_column_int(select, 3),
        Text(select, 4)!,
        Text(select, 5)!,
        Text(select, 6)!,
        Text(select, 7)!,
        Text(select, 8)!,
        raw.sqlite3_column_int64(select, 9),
        new Currency(ushort.Parse(Text(select, 10)!, CultureInfo.InvariantCulture)),
        Text(select, 11)!,
        DateOnly.ParseExact(Text(select, 12)!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime.ParseExact(Text(select, 13)!, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        raw.sqlite3_column_int(select, 14),
        Text(select, 15),
        Enum.Parse<TransactionStatus>(Text(select, 16)!),
        Text(select, 17)!,
        Text(select, 18)!,
        Text(select, 19),
        Text(select, 20));

    /// <summary>PRAGMA quick_check: "ok", or the first problems SQLite found, on one line.</summary>
    public static string QuickCheck(sqlite3 db)
    {
        using var check = Prepare(db, "PRAGMA quick_check(5)");
        var found = new List<string>();
        int rc;
        while ((rc = raw.sqlite3_step(check)) == raw.SQLITE_ROW)
        {
            found.Add(raw.sqlite3_column_text(check, 0).utf8_to_string());
        }

        Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc, db);
        return string.Join("; ", found);
    }

    public static void Step(sqlite3 db, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc, db);
    }

    private static void Check(int rc, sqlite3 db) => SqliteException.ThrowExceptionForRC(rc, db);

    /// <summary>A text column, or null for NULL.</summary>
    internal static string? Text(sqlite3_stmt s, int column) =>
        raw.sqlite3_column_type(s, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(s, column).utf8_to_string();

    private static void Bind(sqlite3_stmt s, in TranlogRow row)
    {
        Span<byte> scratch = stackalloc byte[32];
        raw.sqlite3_bind_int64(s, 1, row.TxnId);
        BindText(s, 2, KindNames[(int)row.Kind]);
        BindText(s, 3, row.Rrn);
        raw.sqlite3_bind_int(s, 4, row.Stan);
        BindText(s, 5, row.TerminalId);
        BindText(s, 6, row.MerchantId);
        BindText(s, 7, row.Channel);
        BindText(s, 8, row.PanMasked);
        BindText(s, 9, row.PanHash);
        raw.sqlite3_bind_int64(s, 10, row.AmountMinor);
        row.Currency.NumericCode.TryFormat(scratch, out var written, "D3", CultureInfo.InvariantCulture);
        raw.sqlite3_bind_text(s, 11, scratch[..written]);
        BindText(s, 12, row.TransmissionDateTime);
        row.BusinessDate.TryFormat(scratch, out written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        raw.sqlite3_bind_text(s, 13, scratch[..written]);
        row.LocalTime.TryFormat(scratch, out written, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        raw.sqlite3_bind_text(s, 14, scratch[..written]);
        raw.sqlite3_bind_int(s, 15, row.BatchNumber);
        BindText(s, 16, row.OriginalRrn);
        BindText(s, 17, StatusNames[(int)row.Status]);
        BindText(s, 18, row.ResponseCode);
        BindText(s, 19, row.AuthCode);
        BindText(s, 20, row.LateResponseCode);
        BindText(s, 21, row.CancelledBy);
    }

    /// <summary>Binds text as UTF-8 (from the stack when short), or NULL.</summary>
    internal static void BindText(sqlite3_stmt s, int index, string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(s, index);
            return;
        }

        Span<byte> utf8 = stackalloc byte[256];
        if (Encoding.UTF8.TryGetBytes(value, utf8, out var written))
        {
            raw.sqlite3_bind_text(s, index, utf8[..written]);
        }
        else
        {
            raw.sqlite3_bind_text(s, index, value);
        }
    }
}
