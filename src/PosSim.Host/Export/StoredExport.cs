using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Host.Stores;
using PosSim.Ledger.Storage;

namespace PosSim.Host.Export;

/// <summary>
/// The interchange files of a serve on its stores: what the back office and the switch forgot is read from ledger.db
/// and tranlog.db, one row at a time, so the files cover every day served (across restarts too) while memory holds
/// only the days still open.
/// </summary>
/// <remarks>
/// Two steps, because ledger.db has one connection (it is opened in exclusive mode) that the group commit uses off the
/// loop. <see cref="Take"/> copies, on the loop, what only memory holds; <see cref="Write"/> then runs once the turn
/// that made the last records is committed and before the next commit starts (<c>CoreLoop.AfterCommit</c>), so it
/// reads ledger.db alone.
/// </remarks>
internal sealed class StoredExport
{
    private readonly IReadOnlyList<MerchantAgreement> _merchants;
    private readonly long _retainedFrom;
    private readonly IReadOnlyList<TranlogRow> _heldRows;
    private readonly IReadOnlyList<DateOnly> _holidays;

    private StoredExport(BackOffice office)
    {
        var sw = office.Switch;
        _merchants = [.. office.Engine.Merchants];
        _retainedFrom = sw.RetainedFromTxnId;
        _heldRows = sw.Tranlog.Select(TranlogRow.Of).ToArray();
        _holidays = [.. office.Calendar.Holidays];
    }

    /// <summary>On the loop: what the files need from memory, as it is now.</summary>
    public static StoredExport Take(BackOffice office)
    {
        ArgumentNullException.ThrowIfNull(office);
        return new StoredExport(office);
    }

    /// <summary>
    /// Writes the seven files into <paramref name="folder"/>: presentments, settlement rows, statement lines and batch
    /// reports from ledger.db; the tranlog rows the switch forgot from tranlog.db, then those it held.
    /// </summary>
    public void Write(string folder, SqliteLedgerStore ledgerStore, SqliteTranlogStore tranlog)
    {
        ArgumentNullException.ThrowIfNull(ledgerStore);
        ArgumentNullException.ThrowIfNull(tranlog);
        ledgerStore.Use(db =>
        {
            InterchangeExport.Write(folder, _merchants, tranlog.RowsBefore(_retainedFrom).Concat(_heldRows.Select(r => r.ToEntry())),
                new ExportedClearing(OfficeRecords.Clearing(db), OfficeRecords.AnyStandIn(db)), OfficeRecords.Settlements(db), OfficeRecords.Statement(db),
                BatchRecords.Read(db), _holidays);
            return 0;
        });
    }
}
