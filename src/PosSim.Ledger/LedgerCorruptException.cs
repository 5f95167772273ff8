namespace PosSim.Ledger;

/// <summary>
/// The store holds something the ledger could never have written (a duplicate id, a post of an
/// unknown hold, broken invariants). Thrown on rebuild only; never on the hot path.
/// </summary>
public sealed class LedgerCorruptException : Exception
{
    public LedgerCorruptException(string message)
        : base(message)
    {
    }
}
