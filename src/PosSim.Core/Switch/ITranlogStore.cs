namespace PosSim.Core.Switch;

/// <summary>
/// Where the switch writes its transaction log. The switch keeps its own indexes in memory; the store is the
/// durable, queryable copy (SQLite by default) that exports and support traces read.
/// </summary>
public interface ITranlogStore
{
    /// <summary>A new row, or a row whose outcome changed (answered, timed out, cancelled, late answer).</summary>
    void Write(TranlogEntry entry);
}

/// <summary>A store that keeps nothing (the switch's in-memory log is the only copy): for simulation and benchmarks.</summary>
public sealed class NullTranlogStore : ITranlogStore
{
    public static readonly NullTranlogStore Instance = new();

    public void Write(TranlogEntry entry)
    {
    }
}
