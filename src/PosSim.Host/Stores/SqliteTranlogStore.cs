using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using PosSim.Core.Switch;

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

    private readonly Channel<TranlogRow> _rows = Channel.CreateUnbounded<TranlogRow>(new UnboundedChannelOptions { SingleReader = true });
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

        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The highest txn_id stored when the store was opened: a restarted switch carries on after it.</summary>
    public long LastTxnId { get; }

    /// <summary>Rows written so far (for tests and metrics).</summary>
    public long RowsWritten { get; private set; }

    public void Write(TranlogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _rows.Writer.TryWrite(TranlogRow.Of(entry));
    }

    /// <summary>Writes what is queued and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        _rows.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        using var insert = _connection.CreateCommand();
        insert.CommandText = """
            INSERT OR REPLACE INTO tranlog VALUES (
                $txn_id, $kind, $rrn, $stan, $terminal_id, $merchant_id, $channel, $pan_masked, $pan_hash,
                $amount_minor, $currency, $transmission_datetime, $business_date, $local_time, $batch_no,
                $original_rrn, $status, $response_code, $auth_code, $late_response_code, $cancelled_by)
            """;
        var names = new[]
        {
            "$txn_id", "$kind", "$rrn", "$stan", "$terminal_id", "$merchant_id", "$channel", "$pan_masked", "$pan_hash",
            "$amount_minor", "$currency", "$transmission_datetime", "$business_date", "$local_time", "$batch_no",
            "$original_rrn", "$status", "$response_code", "$auth_code", "$late_response_code", "$cancelled_by",
        };
        var parameters = names.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        insert.Prepare();

        var reader = _rows.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            using var transaction = _connection.BeginTransaction();
            insert.Transaction = transaction;
            var count = 0;
            while (count < 10_000 && reader.TryRead(out var row))
            {
                row.Bind(parameters);
                insert.ExecuteNonQuery();
                count++;
            }

            transaction.Commit();
            RowsWritten += count;
        }
    }

    /// <summary>An immutable snapshot of a tranlog entry at the moment it was written.</summary>
    private sealed record TranlogRow(object?[] Values)
    {
        public static TranlogRow Of(TranlogEntry e) => new(
        [
            e.TxnId, e.Kind.ToString().ToLowerInvariant(), e.Rrn, e.Stan, e.TerminalId, e.MerchantId, e.Channel, e.PanMasked, e.PanHash,
            e.AmountMinor, e.Currency.ToString(), e.TransmissionDateTime, e.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.LocalTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), e.BatchNumber, e.OriginalRrn,
            e.Status.ToString(), e.ResponseCode, e.AuthCode, e.LateIssuerResponseCode, e.CancelledBy,
        ]);

        public void Bind(SqliteParameter[] parameters)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = Values[i] ?? DBNull.Value;
            }
        }
    }
}
