using System.Globalization;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Host.Export;
using SQLitePCL;

namespace PosSim.Host.Stores;

/// <summary>
/// The back office's records in ledger.db, written in the group commit that made them: presentments (clearing.csv),
/// settlement rows (settlements.csv) and bank statement lines (payouts.csv). A back office that forgets what is final
/// keeps only what is open in memory; the export at stop reads these tables, so the files cover every day served,
/// across restarts too.
/// </summary>
/// <remarks>
/// Rows keep their insertion order (rowid), which is the order the files list them in. A settlement row is upserted by
/// clearing id (a presentment is in at most one row, ever), so a payout tried again moves its rows' value date without
/// moving them in the file; a row support took out of an unpaid payout is deleted.
/// </remarks>
internal static class OfficeRecords
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS office_clearing (
            clearing_id TEXT NOT NULL UNIQUE,
            kind INTEGER NOT NULL,
            rrn TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            merchant_id TEXT NOT NULL,
            auth_code TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            currency INTEGER NOT NULL,
            business_date TEXT NOT NULL,
            clearing_date TEXT NOT NULL,
            channel TEXT NOT NULL,
            local_time TEXT NOT NULL,
            txn_id INTEGER NOT NULL,
            original_rrn TEXT,
            stand_in INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS office_settlements (
            clearing_id TEXT NOT NULL UNIQUE,
            payout_id TEXT NOT NULL,
            rrn TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            merchant_id TEXT NOT NULL,
            gross_minor INTEGER NOT NULL,
            fee_minor INTEGER NOT NULL,
            net_minor INTEGER NOT NULL,
            value_date TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS office_statement (
            statement_id TEXT NOT NULL UNIQUE,
            payout_id TEXT NOT NULL,
            merchant_id TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            value_date TEXT NOT NULL);
        """;

    private const string InsertClearing = "INSERT OR IGNORE INTO office_clearing VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

    private const string UpsertSettlement = "INSERT INTO office_settlements VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) " +
        "ON CONFLICT(clearing_id) DO UPDATE SET payout_id = excluded.payout_id, gross_minor = excluded.gross_minor, fee_minor = excluded.fee_minor, " +
        "net_minor = excluded.net_minor, value_date = excluded.value_date";

    private const string DeleteSettlement = "DELETE FROM office_settlements WHERE clearing_id = ?1";

    private const string InsertStatement = "INSERT OR IGNORE INTO office_statement VALUES (?1, ?2, ?3, ?4, ?5)";

    /// <summary>Writes one drain's records, inside the commit point's transaction.</summary>
    public static void Write(sqlite3 db, BackOfficeRecords records)
    {
        if (records.Clearing.Count > 0)
        {
            using var insert = TranlogSchema.Prepare(db, InsertClearing);
            foreach (var c in records.Clearing)
            {
                TranlogSchema.BindText(insert, 1, c.ClearingId);
                raw.sqlite3_bind_int(insert, 2, (int)c.Kind);
                TranlogSchema.BindText(insert, 3, c.Rrn);
                TranlogSchema.BindText(insert, 4, c.TerminalId);
                TranlogSchema.BindText(insert, 5, c.MerchantId);
                TranlogSchema.BindText(insert, 6, c.AuthCode);
                raw.sqlite3_bind_int64(insert, 7, c.AmountMinor);
                raw.sqlite3_bind_int(insert, 8, c.Currency.NumericCode);
                TranlogSchema.BindText(insert, 9, Date(c.BusinessDate));
                TranlogSchema.BindText(insert, 10, Date(c.ClearingDate));
                TranlogSchema.BindText(insert, 11, c.Channel);
                TranlogSchema.BindText(insert, 12, c.LocalTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
                raw.sqlite3_bind_int64(insert, 13, c.TxnId);
                TranlogSchema.BindText(insert, 14, c.OriginalRrn);
                raw.sqlite3_bind_int(insert, 15, c.StandIn ? 1 : 0);
                TranlogSchema.Step(db, insert);
            }
        }

        if (records.Settlements.Count > 0)
        {
            using var upsert = TranlogSchema.Prepare(db, UpsertSettlement);
            foreach (var s in records.Settlements)
            {
                TranlogSchema.BindText(upsert, 1, s.ClearingId);
                TranlogSchema.BindText(upsert, 2, s.PayoutId);
                TranlogSchema.BindText(upsert, 3, s.Rrn);
                TranlogSchema.BindText(upsert, 4, s.TerminalId);
                TranlogSchema.BindText(upsert, 5, s.MerchantId);
                raw.sqlite3_bind_int64(upsert, 6, s.GrossMinor);
                raw.sqlite3_bind_int64(upsert, 7, s.FeeMinor);
                raw.sqlite3_bind_int64(upsert, 8, s.NetMinor);
                TranlogSchema.BindText(upsert, 9, Date(s.ValueDate));
                TranlogSchema.Step(db, upsert);
            }
        }

        if (records.RemovedSettlements.Count > 0)
        {
            using var delete = TranlogSchema.Prepare(db, DeleteSettlement);
            foreach (var clearingId in records.RemovedSettlements)
            {
                TranlogSchema.BindText(delete, 1, clearingId);
                TranlogSchema.Step(db, delete);
            }
        }

        if (records.Statement.Count > 0)
        {
            using var insert = TranlogSchema.Prepare(db, InsertStatement);
            foreach (var r in records.Statement)
            {
                TranlogSchema.BindText(insert, 1, r.StatementId);
                TranlogSchema.BindText(insert, 2, r.PayoutId);
                TranlogSchema.BindText(insert, 3, r.MerchantId);
                raw.sqlite3_bind_int64(insert, 4, r.AmountMinor);
                TranlogSchema.BindText(insert, 5, Date(r.ValueDate));
                TranlogSchema.Step(db, insert);
            }
        }
    }

    /// <summary>Whether any presentment was paid under a stand-in policy (clearing.csv then has its authorisation column).</summary>
    public static bool AnyStandIn(sqlite3 db) => TranlogSchema.Scalar(db, "SELECT EXISTS (SELECT 1 FROM office_clearing WHERE stand_in = 1)") != 0;

    /// <summary>Every presentment stored, in the order sent, read one at a time.</summary>
    public static IEnumerable<ClearingRecord> Clearing(sqlite3 db) => ReadClearing(db, "");

    /// <summary>
    /// The presentments no settlement row names yet, in the order sent: what a restarted back office still owes the
    /// merchants. One pass over the presentments (its time grows with the history; only the unpaid are held).
    /// </summary>
    public static List<ClearingRecord> Unpaid(sqlite3 db) =>
        [.. ReadClearing(db, "WHERE NOT EXISTS (SELECT 1 FROM office_settlements s WHERE s.clearing_id = office_clearing.clearing_id)")];

    /// <summary>What a restarted back office resumes from: the unpaid presentments, and how many presentments and statement lines were numbered.</summary>
    public static BackOfficeResumption Resumption(sqlite3 db) =>
        new(Unpaid(db), TranlogSchema.Scalar(db, "SELECT COALESCE(MAX(rowid), 0) FROM office_clearing"), TranlogSchema.Scalar(db, "SELECT COALESCE(MAX(rowid), 0) FROM office_statement"));

    private static IEnumerable<ClearingRecord> ReadClearing(sqlite3 db, string where)
    {
        using var select = TranlogSchema.Prepare(db, "SELECT clearing_id, kind, rrn, terminal_id, merchant_id, auth_code, amount_minor, currency, business_date, " +
            $"clearing_date, channel, local_time, txn_id, original_rrn, stand_in FROM office_clearing {where} ORDER BY rowid");
        while (Next(db, select))
        {
            yield return new ClearingRecord
            {
                ClearingId = TranlogSchema.Text(select, 0)!,
                Kind = (ClearingKind)raw.sqlite3_column_int(select, 1),
                Rrn = TranlogSchema.Text(select, 2)!,
                TerminalId = TranlogSchema.Text(select, 3)!,
                MerchantId = TranlogSchema.Text(select, 4)!,
                AuthCode = TranlogSchema.Text(select, 5)!,
                AmountMinor = raw.sqlite3_column_int64(select, 6),
                Currency = new Currency(checked((ushort)raw.sqlite3_column_int(select, 7))),
                BusinessDate = ParseDate(TranlogSchema.Text(select, 8)!),
                ClearingDate = ParseDate(TranlogSchema.Text(select, 9)!),
                Channel = TranlogSchema.Text(select, 10)!,
                LocalTime = DateTime.ParseExact(TranlogSchema.Text(select, 11)!, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                TxnId = raw.sqlite3_column_int64(select, 12),
                OriginalRrn = TranlogSchema.Text(select, 13),
                StandIn = raw.sqlite3_column_int(select, 14) != 0,
            };
        }
    }

    /// <summary>Every settlement row stored, in the order first made, read one at a time.</summary>
    public static IEnumerable<SettlementRow> Settlements(sqlite3 db)
    {
        using var select = TranlogSchema.Prepare(db, "SELECT payout_id, clearing_id, rrn, terminal_id, merchant_id, gross_minor, fee_minor, net_minor, value_date " +
            "FROM office_settlements ORDER BY rowid");
        while (Next(db, select))
        {
            yield return new SettlementRow(TranlogSchema.Text(select, 0)!, TranlogSchema.Text(select, 1)!, TranlogSchema.Text(select, 2)!, TranlogSchema.Text(select, 3)!, TranlogSchema.Text(select, 4)!,
                raw.sqlite3_column_int64(select, 5), raw.sqlite3_column_int64(select, 6), raw.sqlite3_column_int64(select, 7), ParseDate(TranlogSchema.Text(select, 8)!));
        }
    }

    /// <summary>Every bank statement line stored, in booking order, read one at a time.</summary>
    public static IEnumerable<StatementRow> Statement(sqlite3 db)
    {
        using var select = TranlogSchema.Prepare(db, "SELECT statement_id, payout_id, merchant_id, amount_minor, value_date FROM office_statement ORDER BY rowid");
        while (Next(db, select))
        {
            yield return new StatementRow(TranlogSchema.Text(select, 0)!, TranlogSchema.Text(select, 1)!, TranlogSchema.Text(select, 2)!, raw.sqlite3_column_int64(select, 3), ParseDate(TranlogSchema.Text(select, 4)!));
        }
    }

    private static bool Next(sqlite3 db, sqlite3_stmt select)
    {
        var rc = raw.sqlite3_step(select);
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, db);
        }

        return rc == raw.SQLITE_ROW;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
