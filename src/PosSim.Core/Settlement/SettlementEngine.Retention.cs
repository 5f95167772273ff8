namespace PosSim.Core.Settlement;

/// <summary>
/// What settlement keeps for a store (its rows, new or moved) and what a long-running back office lets it forget:
/// what is final. A payout the bank took is final at once (the bank refuses at the attempt, never afterwards), so
/// its rows and items are; a bounced payout is not until it is re-issued and paid.
/// </summary>
public sealed partial class SettlementEngine
{
    private List<SettlementDetail>? _freshDetails;
    private readonly HashSet<SettlementDetail> _freshSet = [];
    private readonly List<string> _removedDetails = [];
    private bool _forgotAny;

    /// <summary>Every cleared transaction accepted, including those no longer held.</summary>
    public long Accepted => _itemSequence;

    /// <summary>Every payout issued, including those no longer held.</summary>
    public long Issued => _payoutSequence;

    /// <summary>Entries held per business date or per returned purchase (instant quotas used, payout numbers, returns).</summary>
    internal int DatedEntries => _returned.Count + _byRegistration.Sum(b => b.InstantUsed.Count + b.PayoutsOn.Count);

    internal int BouncedCount => _bounced.Count;

    internal int WaitingCount => _byRegistration.Sum(b => b.Waiting.Count);

    /// <summary>From now on, remembers each settlement row made or moved until <see cref="DrainNew"/> takes it.</summary>
    internal void TrackNew() => _freshDetails ??= [];

    internal bool HasNew => _freshDetails is { Count: > 0 } || _removedDetails.Count > 0;

    internal void DrainNew(List<SettlementDetail> into, List<string> removed)
    {
        if (_freshDetails is { Count: > 0 } fresh)
        {
            into.AddRange(fresh);
            fresh.Clear();
            _freshSet.Clear();
        }

        removed.AddRange(_removedDetails);
        _removedDetails.Clear();
    }

    /// <summary>
    /// Forgets what became final on or before <paramref name="through"/>: items paid in a payout the bank took by
    /// then, or returned to the cardholder with a business date by then; those payouts and their rows; bookkeeping
    /// by date that no rule reads any more. What is waiting, held, delayed or bounced stays.
    /// </summary>
    /// <param name="today">The business date just settled: payout numbers of it and before are no longer needed.</param>
    /// <returns>The clearing ids of the items forgotten, so clearing forgets their presentments too.</returns>
    internal HashSet<string> ForgetFinal(DateOnly through, DateOnly today)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal);
        _items.RemoveAll(item =>
        {
            var final = item.Detail is { Payout: { Status: PayoutStatus.Paid, ValueDate: var paid } } ? paid <= through
                : item.Detail is null && item.Returned && item.Record.BusinessDate <= through;
            if (final)
            {
                gone.Add(item.Record.ClearingId);
            }

            return final;
        });
        _payouts.RemoveAll(p => p.Status == PayoutStatus.Paid && p.ValueDate <= through);
        _details.RemoveAll(d => d.Payout.Status == PayoutStatus.Paid && d.ValueDate <= through);
        Statement.ForgetThrough(through);

        foreach (var book in _byRegistration)
        {
            // Quotas of business dates long cleared: a presentment later still is a support case.
            foreach (var date in book.InstantUsed.Keys.Where(d => d < through.AddDays(-LatePresentmentDays)).ToList())
            {
                book.InstantUsed.Remove(date);
            }

            foreach (var date in book.PayoutsOn.Keys.Where(d => d <= today).ToList())
            {
                book.PayoutsOn.Remove(date); // payouts are numbered per settlement date, and each date settles once
            }
        }

        // A refund of a returned purchase comes within the refund window, and is presented within days of it.
        foreach (var (key, lastRefundDate) in _returned)
        {
            if (lastRefundDate < through.AddDays(-LatePresentmentDays))
            {
                _returned.Remove(key);
            }
        }

        _forgotAny |= gone.Count > 0;
        return gone;
    }

    /// <summary>Days after its business date within which a transaction is surely presented (in flight, logged late).</summary>
    private const int LatePresentmentDays = 7;

    /// <summary>Said when support finds no item: with forgetting, it may have been paid, final and forgotten.</summary>
    private string MaybeForgotten => _forgotAny ? " (or was paid long enough ago to be forgotten here: see the store)" : "";

    private void Fresh(SettlementDetail detail)
    {
        if (_freshDetails is { } fresh && _freshSet.Add(detail))
        {
            fresh.Add(detail);
        }
    }

    /// <summary>A payout was attempted: its value date (and status) moved, so each of its rows changed.</summary>
    private void Changed(Payout payout)
    {
        foreach (var detail in payout.Details)
        {
            Fresh(detail);
        }
    }

    /// <summary>A row was taken out of an unpaid payout (returned to the cardholder): a store must delete it.</summary>
    private void Removed(SettlementDetail detail)
    {
        if (_freshDetails is null)
        {
            return;
        }

        if (_freshSet.Remove(detail))
        {
            _freshDetails.Remove(detail);
        }

        _removedDetails.Add(detail.ClearingId);
    }
}
