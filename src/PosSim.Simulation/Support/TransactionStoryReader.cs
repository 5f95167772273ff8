using Microsoft.Data.Sqlite;
using PosSim.Simulation.Outputs;

namespace PosSim.Simulation.Support;

/// <summary>
/// Reads one transaction's rows out of a run's run.sqlite (docs/run-database.md), read-only: the run folder is
/// evidence, and tracing must never change it. Each query uses an index the writer built for exactly it.
/// </summary>
public sealed class TransactionStoryReader : IDisposable
{
    /// <summary>The tranlog's columns in the order <see cref="ReadTranlog"/> reads them.</summary>
    public const string TranlogColumns =
        "txn_id, kind, rrn, stan, terminal_id, merchant_id, channel, pan_masked, amount_minor, currency, business_date, " +
        "local_time, batch_no, original_rrn, status, response_code, auth_code, late_response_code, cancelled_by";

    private readonly SqliteConnection _connection;
    private bool? _hasRefundWindows;

    private TransactionStoryReader(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens DIR/run.sqlite as <c>possim run --out DIR</c> left it.</summary>
    /// <exception cref="TraceInputException">DIR is not a run folder.</exception>
    public static TransactionStoryReader Open(string runDir)
    {
        if (!Directory.Exists(runDir))
        {
            throw new TraceInputException($"{runDir}: no such folder; give --run the folder `possim run --out DIR` wrote");
        }

        var path = Path.Combine(runDir, RunDatabase.FileName);
        if (!File.Exists(path))
        {
            throw new TraceInputException($"{runDir}: not a run folder (no {RunDatabase.FileName}); give --run the folder `possim run --out DIR` wrote");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'tranlog'";
            if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                throw new TraceInputException($"{path}: not a run database (no tranlog table); rerun `possim run` to write it");
            }
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new TraceInputException($"{path}: cannot read it ({e.Message}); rerun `possim run` to write it again");
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new TransactionStoryReader(connection);
    }

    /// <summary>
    /// The transactions the query fits, in arrival order. A reversal or void found by its own RRN stands for the
    /// transaction it cancels, because its story is part of that one's.
    /// </summary>
    public IReadOnlyList<TranlogRow> Find(TraceQuery query)
    {
        var rows = query switch
        {
            TraceQuery.ByRrn q => Tranlog("rrn = $rrn", ("$rrn", q.Rrn)),
            TraceQuery.ByTerminalStan q => Tranlog("terminal_id = $terminal AND stan = $stan", ("$terminal", q.TerminalId), ("$stan", q.Stan)),
            TraceQuery.Around q => Tranlog(
                "local_time BETWEEN $from AND $to AND amount_minor = $amount AND kind IN ('purchase', 'refund')",
                ("$from", q.From), ("$to", q.To), ("$amount", q.AmountMinor)),
            _ => throw new ArgumentOutOfRangeException(nameof(query)),
        };
        var found = new List<TranlogRow>();
        foreach (var row in rows)
        {
            var root = row;
            if (row.Kind is "reversal" or "void" && row.OriginalRrn is { } original)
            {
                root = Tranlog("terminal_id = $terminal AND rrn = $rrn", ("$terminal", row.TerminalId), ("$rrn", original)).FirstOrDefault() ?? row;
            }

            if (!found.Any(f => f.TxnId == root.TxnId))
            {
                found.Add(root);
            }
        }

        return found;
    }

    /// <summary>The merchant's purchases between two moments (local time), of one terminal and one amount when given, in arrival order.</summary>
    public IReadOnlyList<TranlogRow> Purchases(string merchantId, string? terminalId, DateTime from, DateTime to, long? amountMinor)
    {
        var where = "kind = 'purchase' AND merchant_id = $merchant AND local_time BETWEEN $from AND $to";
        var parameters = new List<(string, object)>
        {
            ("$merchant", merchantId),
            ("$from", from.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)),
            ("$to", to.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (terminalId is not null)
        {
            where += " AND terminal_id = $terminal";
            parameters.Add(("$terminal", terminalId));
        }

        if (amountMinor is { } amount)
        {
            where += " AND amount_minor = $amount";
            parameters.Add(("$amount", amount));
        }

        return Tranlog(where, [.. parameters]);
    }

    /// <summary>The refund window of a merchant's agreement; null in run databases written before it was kept.</summary>
    public int? RefundWindowDays(string merchantId)
    {
        if (_hasRefundWindows ??= Query("SELECT 1 FROM pragma_table_info('merchants') WHERE name = 'refund_window_days'", r => r.GetInt64(0)).Count > 0)
        {
            return Query("SELECT refund_window_days FROM merchants WHERE merchant_id = $m", r => (int?)r.GetInt32(0), ("$m", merchantId)).FirstOrDefault();
        }

        return null;
    }

    /// <summary>A value of the run table (docs/run-database.md), or null.</summary>
    public string? RunValue(string key) =>
        Query("SELECT value FROM run WHERE key = $key", r => r.GetString(0), ("$key", key)).FirstOrDefault();

    /// <summary>Everything the run recorded about one transaction.</summary>
    public TransactionRecords Read(TranlogRow transaction)
    {
        var key = new (string, object)[] { ("$terminal", transaction.TerminalId), ("$rrn", transaction.Rrn) };
        var followUps = Tranlog("original_rrn = $rrn AND terminal_id = $terminal", key);
        var authorizations = Query(
            "SELECT kind, amount_minor, auth_code, status FROM authorizations WHERE terminal_id = $terminal AND rrn = $rrn ORDER BY hold_id",
            r => new AuthorizationRow(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3)), key);
        var clearing = Query(
            "SELECT clearing_id, kind, amount_minor, business_date, clearing_date FROM clearing WHERE terminal_id = $terminal AND rrn = $rrn ORDER BY clearing_id",
            r => new ClearingRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4)), key);
        var settlements = Query(
            "SELECT payout_id, clearing_id, gross_minor, fee_minor, net_minor, value_date, due_date, late_causes FROM settlements " +
            "WHERE terminal_id = $terminal AND rrn = $rrn ORDER BY value_date, clearing_id",
            r => new SettlementRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7)), key);

        var payouts = new List<PayoutRow>();
        var attempts = new List<PayoutAttemptRow>();
        var statement = new List<StatementRow>();
        foreach (var payoutId in settlements.Select(s => s.PayoutId).Distinct())
        {
            var id = ("$payout", (object)payoutId);
            payouts.AddRange(Query(
                "SELECT payout_id, status, first_value_date, value_date, net_minor, statement_id FROM payouts WHERE payout_id = $payout",
                r => new PayoutRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.IsDBNull(5) ? null : r.GetString(5)), id));
            attempts.AddRange(Query(
                "SELECT payout_id, attempt, date, accepted, outcome FROM payout_attempts WHERE payout_id = $payout ORDER BY attempt",
                r => new PayoutAttemptRow(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetInt64(3) != 0, r.GetString(4)), id));
            statement.AddRange(Query(
                "SELECT statement_id, payout_id, amount_minor, value_date FROM statement WHERE payout_id = $payout ORDER BY statement_id",
                r => new StatementRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3)), id));
        }

        // A batch finding names no RRN, yet a sale missing from the terminal's batch is exactly what it is about.
        var exceptions = Query(
            "SELECT kind, terminal_id, rrn, payout_id, business_date, expected_minor, actual_minor, detail FROM exceptions " +
            "WHERE (terminal_id = $terminal AND rrn = $rrn) " +
            "OR (kind = 'batch-out-of-balance' AND terminal_id = $terminal AND business_date = $date) " +
            "OR (payout_id <> '' AND payout_id IN (SELECT payout_id FROM settlements WHERE terminal_id = $terminal AND rrn = $rrn))",
            r => new ExceptionRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7)),
            [.. key, ("$date", transaction.BusinessDate)]);
        var faults = Query(
            "SELECT local_time, fault, payout_id, expected_kind, detail FROM faults " +
            "WHERE (terminal_id = $terminal AND rrn = $rrn) " +
            "OR (payout_id <> '' AND payout_id IN (SELECT payout_id FROM settlements WHERE terminal_id = $terminal AND rrn = $rrn)) " +
            "ORDER BY sequence",
            r => new FaultRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), key);

        // Runs written before support cases could be carried out have no resolutions table.
        var resolutions = HasTable("resolutions")
            ? Query(
                "SELECT case_id, way_back, amount_minor, executed_at, message_rrn, clearing_id, payout_id, proof, failure FROM resolutions " +
                "WHERE terminal_id = $terminal AND rrn = $rrn ORDER BY executed_at, case_id",
                r => new ResolutionRow(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                    r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8)), key)
            : [];

        return new TransactionRecords(transaction, followUps, authorizations, clearing, settlements, payouts, attempts, statement, exceptions, faults)
        {
            Resolutions = resolutions,
        };
    }

    public void Dispose() => _connection.Dispose();

    private bool HasTable(string name) =>
        Query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name", r => r.GetInt64(0), ("$name", name)).Count > 0;

    private List<TranlogRow> Tranlog(string where, params (string Name, object Value)[] parameters) =>
        Query($"SELECT {TranlogColumns} FROM tranlog WHERE {where} ORDER BY txn_id", ReadTranlog, parameters);

    /// <summary>A row selected with <see cref="TranlogColumns"/>.</summary>
    public static TranlogRow ReadTranlog(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        r.GetInt64(8), r.GetString(9), r.GetString(10), r.GetString(11), r.GetInt32(12), r.IsDBNull(13) ? null : r.GetString(13),
        r.GetString(14), r.GetString(15), r.GetString(16), r.IsDBNull(17) ? null : r.GetString(17), r.IsDBNull(18) ? null : r.GetString(18));

    /// <summary>Any read-only query of run.sqlite, for the other faces of the records (the evidence pack, the desk).</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
