using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using PosSim.Core.Switch;
using SQLitePCL;

namespace PosSim.Host.Stores;

/// <summary>
/// The tranlog in SQLite (WAL). Writes are snapshots queued to a background writer that commits them in
/// batches, so the switch's loop never waits on the disk for the log; the ledger's own group commit is what
/// guards the money. Rows are keyed by txn_id and replaced as a transaction's outcome changes. Only the
/// masked PAN and its keyed hash are stored.
/// </summary>
public sealed class SqliteTranlogStore : ITranlogStore, IAsyncDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS tranlog (
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
        CREATE INDEX IF NOT EXISTS tranlog_terminal_rrn ON tranlog (terminal_id, rrn);
        """;

    private const string Insert = """
        INSERT OR REPLACE INTO tranlog VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
        """;

    private static readonly string[] KindNames = Enum.GetValues<TransactionKind>().Select(k => k.ToString().ToLowerInvariant()).ToArray();
    private static readonly string[] StatusNames = Enum.GetNames<TransactionStatus>();

    private readonly Channel<Row> _rows = Channel.CreateUnbounded<Row>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly Task _writer;

    public SqliteTranlogStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = Schema;
            command.ExecuteNonQuery();
        }

        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT COALESCE(MAX(txn_id), 0) FROM tranlog";
            LastTxnId = (long)command.ExecuteScalar()!;
        }

        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM tranlog WHERE response_code = '00' AND kind IN ('purchase', 'refund')";
            ApprovedRows = (long)command.ExecuteScalar()!;
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The highest txn_id stored when the store was opened: a restarted switch carries on after it.</summary>
    public long LastTxnId { get; }

    /// <summary>Approved purchases and refunds stored when the store was opened: each took a hold in the ledger.</summary>
    public long ApprovedRows { get; }

    /// <summary>Rows written so far (for tests and metrics).</summary>
    public long RowsWritten { get; private set; }

    public void Write(TranlogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _rows.Writer.TryWrite(Row.Of(entry));
    }

    /// <summary>Writes what is queued and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        _rows.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <remarks>
    /// Implementation note: rows are bound straight to a prepared statement through SQLite's own API, text as
    /// UTF-8 from the stack: no parameter objects, no boxing, nothing allocated per row.
    /// </remarks>
    private async Task WriteLoopAsync()
    {
        var db = _connection.Handle!;
        Check(raw.sqlite3_prepare_v2(db, Insert, out var insert), db);
        using (insert)
        {
            var reader = _rows.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                Check(raw.sqlite3_exec(db, "BEGIN;"), db);
                var count = 0;
                while (count < 10_000 && reader.TryRead(out var row))
                {
                    row.Bind(insert);
                    Check(raw.sqlite3_step(insert) == raw.SQLITE_DONE ? raw.SQLITE_OK : raw.sqlite3_errcode(db), db);
                    raw.sqlite3_reset(insert);
                    count++;
                }

                Check(raw.sqlite3_exec(db, "COMMIT;"), db);
                RowsWritten += count;
            }
        }
    }

    private static void Check(int rc, sqlite3 db) => SqliteException.ThrowExceptionForRC(rc, db);

    /// <summary>A snapshot of a tranlog entry at the moment it was written: values only, no objects made for it.</summary>
    private readonly record struct Row(
        long TxnId, TransactionKind Kind, string Rrn, int Stan, string TerminalId, string MerchantId, string Channel, string PanMasked,
        string PanHash, long AmountMinor, Currency Currency, string TransmissionDateTime, DateOnly BusinessDate, DateTime LocalTime,
        int BatchNumber, string? OriginalRrn, TransactionStatus Status, string ResponseCode, string AuthCode, string? LateResponseCode,
        string? CancelledBy)
    {
        public static Row Of(TranlogEntry e) => new(
            e.TxnId, e.Kind, e.Rrn, e.Stan, e.TerminalId, e.MerchantId, e.Channel, e.PanMasked, e.PanHash, e.AmountMinor, e.Currency,
            e.TransmissionDateTime, e.BusinessDate, e.LocalTime, e.BatchNumber, e.OriginalRrn, e.Status, e.ResponseCode, e.AuthCode,
            e.LateIssuerResponseCode, e.CancelledBy);

        public void Bind(sqlite3_stmt s)
        {
            Span<byte> scratch = stackalloc byte[32];
            raw.sqlite3_bind_int64(s, 1, TxnId);
            Text(s, 2, KindNames[(int)Kind]);
            Text(s, 3, Rrn);
            raw.sqlite3_bind_int(s, 4, Stan);
            Text(s, 5, TerminalId);
            Text(s, 6, MerchantId);
            Text(s, 7, Channel);
            Text(s, 8, PanMasked);
            Text(s, 9, PanHash);
            raw.sqlite3_bind_int64(s, 10, AmountMinor);
            Currency.NumericCode.TryFormat(scratch, out var written, "D3", CultureInfo.InvariantCulture);
            raw.sqlite3_bind_text(s, 11, scratch[..written]);
            Text(s, 12, TransmissionDateTime);
            BusinessDate.TryFormat(scratch, out written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            raw.sqlite3_bind_text(s, 13, scratch[..written]);
            LocalTime.TryFormat(scratch, out written, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
            raw.sqlite3_bind_text(s, 14, scratch[..written]);
            raw.sqlite3_bind_int(s, 15, BatchNumber);
            Text(s, 16, OriginalRrn);
            Text(s, 17, StatusNames[(int)Status]);
            Text(s, 18, ResponseCode);
            Text(s, 19, AuthCode);
            Text(s, 20, LateResponseCode);
            Text(s, 21, CancelledBy);
        }

        private static void Text(sqlite3_stmt s, int index, string? value)
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
}
