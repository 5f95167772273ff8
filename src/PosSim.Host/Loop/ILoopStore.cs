using PosSim.Ledger.Storage;

namespace PosSim.Host.Loop;

/// <summary>
/// What the core loop makes durable at the end of each turn before that turn's answers leave (group commit).
/// <see cref="Seal"/> runs on the loop, between turns, once the previous commit is done; <see cref="Commit"/> runs
/// off the loop while the next turn is processed, so the core keeps working during the fsync.
/// </summary>
public interface ILoopStore
{
    /// <summary>Takes what this turn changed, for the next <see cref="Commit"/>; false when nothing did (nothing to wait for).</summary>
    bool Seal();

    /// <summary>Makes what <see cref="Seal"/> took durable; returns once it is, throws when it is not.</summary>
    void Commit();

    /// <summary>
    /// After a <see cref="Commit"/> that threw: true when the sealed turn is durable all the same (its commit point
    /// passed and only a later step failed, which the next start completes). Its answers may then leave.
    /// </summary>
    bool CommitPointPassed => false;
}

/// <summary>The ledger alone: its changes of the turn, committed in one transaction.</summary>
public sealed class LedgerLoopStore(Ledger.Ledger ledger, ILedgerStore store) : ILoopStore
{
    private readonly LedgerCommitBatch _batch = new();

    public bool Seal()
    {
        if (!ledger.HasChanges)
        {
            return false;
        }

        _batch.Clear();
        ledger.DrainChanges(_batch);
        return true;
    }

    public void Commit() => store.Commit(_batch);
}
