using PosSim.Core.Storage;
using PosSim.Core.Switch;

namespace PosSim.Core.Settlement;

/// <summary>What clearing keeps for a store (new presentments) and what a long-running back office lets it forget.</summary>
public sealed partial class Clearing
{
    private DateOnly _forgottenThrough = DateOnly.MinValue;

    /// <summary>Every presentment sent, including those no longer held.</summary>
    public long Presented => _clearingSequence;

    /// <summary>Every offline approval withheld, including those no longer held.</summary>
    public long WithheldTotal { get; private set; }

    /// <summary>Every presentment the issuer could not post, including those no longer held.</summary>
    public long IssuesTotal { get; private set; }

    /// <summary>Entries held that only mattered until their presentment was accepted by settlement (delays, presented late).</summary>
    internal int PerPresentmentEntries => _delays.Count + _presentedLate.Count;

    /// <summary>New presentments, for a store (once tracked).</summary>
    internal NewRecords<ClearingRecord> Fresh { get; } = new();

    /// <summary>Settlement has taken these presentments in: their delay and presented-late marks have done their work.</summary>
    internal void ForgetAccepted(IReadOnlyList<ClearingRecord> accepted)
    {
        foreach (var record in accepted)
        {
            _delays.Remove(record.ClearingId);
            _presentedLate.Remove(record.ClearingId);
        }
    }

    /// <summary>
    /// Forgets the presentments whose money settlement has made final, and trims the withheld advices and issues to
    /// the latest <paramref name="recentKept"/> (all are counted).
    /// </summary>
    internal void Forget(HashSet<string> finalClearingIds, int recentKept)
    {
        if (finalClearingIds.Count > 0)
        {
            _records.RemoveAll(r =>
            {
                if (!finalClearingIds.Contains(r.ClearingId))
                {
                    return false;
                }

                if (r.BusinessDate > _forgottenThrough)
                {
                    _forgottenThrough = r.BusinessDate;
                }

                return true;
            });
        }

        Latest.Keep(_withheld, recentKept);
        Latest.Keep(_issues, recentKept);
    }

    /// <summary>Whether the entry's business date is one whose presentments may have been forgotten.</summary>
    private bool MayHaveForgotten(TranlogEntry entry) => entry.BusinessDate <= _forgottenThrough;
}
