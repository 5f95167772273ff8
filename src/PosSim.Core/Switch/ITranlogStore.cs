namespace PosSim.Core.Switch;

/// <summary>
/// Where the switch writes its transaction log. The switch keeps its own indexes in memory; the store is the
/// durable, queryable copy (SQLite by default) that exports and support traces read.
/// </summary>
public interface ITranlogStore
{
    /// <summary>A new row, or a row whose outcome changed (answered, timed out, cancelled, late answer).</summary>
    void Write(TranlogEntry entry);

    /// <summary>
    /// The rows this store can look up again, or null when it keeps nothing to look up. With a history the switch
    /// forgets the rows of cleared business dates and asks the store when a refund or void names one
    /// (docs/switch.md, "What a long-running switch keeps").
    /// </summary>
    ITranlogHistory? History => null;
}

/// <summary>
/// The rows a switch forgot once their business date was cleared, found again in the store that keeps them. Asked on
/// the core loop, so one lookup must be an indexed read, not a scan.
/// </summary>
public interface ITranlogHistory
{
    /// <summary>
    /// The request logged on <paramref name="terminalId"/> under <paramref name="rrn"/>, with the sum of the approved,
    /// uncancelled refunds that name it; null when the store holds no such row. The entry is a fresh copy: the switch
    /// keeps it from then on as its own.
    /// </summary>
    StoredOriginal? FindOriginal(string terminalId, string rrn);
}

/// <summary>A row found again in the store, and what has been refunded of it so far.</summary>
public readonly record struct StoredOriginal(TranlogEntry Entry, long Refunded);

/// <summary>A store that keeps nothing (the switch's in-memory log is the only copy): for simulation and benchmarks.</summary>
public sealed class NullTranlogStore : ITranlogStore
{
    public static readonly NullTranlogStore Instance = new();

    public void Write(TranlogEntry entry)
    {
    }
}
