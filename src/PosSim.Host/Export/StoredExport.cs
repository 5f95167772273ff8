using Microsoft.Data.Sqlite;
using PosSim.Core.Settlement;
using PosSim.Host.Stores;

namespace PosSim.Host.Export;

/// <summary>
/// The interchange files of a serve on its stores: what the back office and the switch forgot is read from ledger.db
/// and tranlog.db, one row at a time, so the files cover every day served (across restarts too) while memory holds
/// only the days still open.
/// </summary>
internal static class StoredExport
{
    /// <summary>
    /// Writes the seven files into <paramref name="folder"/>. Call on the loop, once every turn that made a record is
    /// committed: presentments, settlement rows and statement lines are read from ledger.db only; the tranlog is the
    /// rows the switch forgot, from tranlog.db, then the rows it holds.
    /// </summary>
    public static void Write(string folder, BackOffice office, string ledgerPath, SqliteTranlogStore tranlog)
    {
        ArgumentNullException.ThrowIfNull(office);
        ArgumentNullException.ThrowIfNull(tranlog);

        // A connection of its own: the group commit may be writing on the store's connection from another thread.
        using var ledger = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ledgerPath, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        ledger.Open();
        var db = ledger.Handle!;
        var sw = office.Switch;
        InterchangeExport.Write(folder, office.Engine.Merchants, tranlog.RowsBefore(sw.RetainedFromTxnId).Concat(sw.Tranlog),
            new ExportedClearing(OfficeRecords.Clearing(db), OfficeRecords.AnyStandIn(db)), OfficeRecords.Settlements(db), OfficeRecords.Statement(db),
            sw.BatchReports, office.Calendar.Holidays);
    }
}
