using PosSim.Core.Settlement;

namespace PosSim.Core.Tests.Settlement;

/// <summary>
/// What a host's store would hold after draining a back office: presentments and statement lines appended, settlement
/// rows upserted by clearing id (as they were when drained) and deleted when taken out.
/// </summary>
internal sealed class DrainedStore
{
    private readonly BackOfficeRecords _batch = new();

    public List<ClearingRecord> Clearing { get; } = [];

    /// <summary>Settlement rows by clearing id, in the order first stored.</summary>
    public Dictionary<string, Row> Settlements { get; } = new(StringComparer.Ordinal);

    public List<StatementRow> Statement { get; } = [];

    public int Drains { get; private set; }

    /// <summary>Drains <paramref name="office"/> when it has anything new, as a group commit would.</summary>
    public void Absorb(BackOffice office)
    {
        if (!office.HasNewRecords)
        {
            return;
        }

        office.DrainNewRecords(_batch);
        Assert.False(office.HasNewRecords);
        Clearing.AddRange(_batch.Clearing);
        foreach (var detail in _batch.Settlements)
        {
            Settlements[detail.ClearingId] = Row.Of(detail);
        }

        foreach (var removed in _batch.RemovedSettlements)
        {
            Settlements.Remove(removed);
        }

        Statement.AddRange(_batch.Statement);
        _batch.Clear();
        Drains++;
    }

    /// <summary>A settlement row as stored: its values at the time it was drained.</summary>
    public readonly record struct Row(string PayoutId, string ClearingId, string MerchantId, long GrossMinor, long FeeMinor, long NetMinor, DateOnly ValueDate)
    {
        public static Row Of(SettlementDetail d) => new(d.PayoutId, d.ClearingId, d.MerchantId, d.GrossMinor, d.FeeMinor, d.NetMinor, d.ValueDate);
    }
}
