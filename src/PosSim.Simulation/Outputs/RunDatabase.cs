using Microsoft.Data.Sqlite;
using PosSim.Simulation.Outputs.Database;
using PosSim.Simulation.Runs;
using SQLitePCL;

namespace PosSim.Simulation.Outputs;

/// <summary>
/// Writes run.sqlite: everything a finished run produced, one table per collection (docs/run-database.md), for
/// support staff to query with the sqlite3 shell or any SQLite browser. No PAN is written in clear: the switch
/// log holds only masked PANs and their keyed hash, and cardholder accounts are named by the masked PAN.
/// </summary>
/// <remarks>
/// The same run gives the same rows in the same order. The file is built beside <c>path</c> under a temporary
/// name and moved over it at the end, so an existing database is replaced whole and a failed write leaves no
/// half-written one behind.
/// </remarks>
public static class RunDatabase
{
    /// <summary>The usual file name in a run's output folder.</summary>
    public const string FileName = "run.sqlite";

    public static void Write(string path, RunResult run)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(run);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.Delete(temp);
        try
        {
            WriteFile(temp, run);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static void WriteFile(string path, RunResult run)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        var db = connection.Handle!;

        // A new file nobody reads until it is moved into place: no journal and no fsync until the end; a crash
        // leaves a temp file that the next write deletes.
        Exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;");
        Exec(db, "BEGIN;");
        foreach (var table in Schema.Tables)
        {
            Exec(db, table.CreateSql);
        }

        var accounts = new AccountDirectory(run.Office, run.Issuer);
        Rows.Run(db, run);
        Rows.Tranlog(db, run);
        Rows.Authorizations(db, run);
        Rows.Clearing(db, run);
        Rows.Settlements(db, run);
        Rows.Payouts(db, run);
        Rows.PayoutAttempts(db, run);
        Rows.Statement(db, run);
        Rows.Merchants(db, run);
        Rows.Incidents(db, run);
        Rows.LedgerBalances(db, run, accounts);
        Rows.LedgerTransfers(db, run, accounts);
        Rows.Exceptions(db, run);
        Rows.Faults(db, run);
        Rows.Expectations(db, run);
        Rows.Resolutions(db, run);

        // Indexes after the rows: one sort per index instead of a b-tree insert per row.
        foreach (var index in Schema.Indexes)
        {
            Exec(db, index.CreateSql);
        }

        // No ANALYZE: without statistics SQLite takes an index for every equality or range it can, which is what
        // support's lookups want; with them it scans the small tables of a short run, and plans would differ by size.
        Exec(db, "COMMIT;");
    }

    private static void Exec(sqlite3 db, string sql) => SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(db, sql), db);
}
