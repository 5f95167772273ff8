namespace PosSim.Reconciliation;

/// <summary>What one reconciliation run found.</summary>
public sealed class MatchResult
{
    internal MatchResult(DateOnly? asOf, IReadOnlyList<ExceptionRow> exceptions, long live, long matched, long pending)
    {
        AsOf = asOf;
        Exceptions = exceptions;
        Live = live;
        Matched = matched;
        Pending = pending;
        var counts = ExceptionKinds.InOutputOrder.ToDictionary(k => k, _ => 0);
        foreach (var e in exceptions)
        {
            counts[e.Kind]++;
        }

        Counts = counts;
    }

    /// <summary>The date that decides pending versus overdue; null only when the inputs hold no date at all.</summary>
    public DateOnly? AsOf { get; }

    /// <summary>Exception rows in the order of exceptions.csv.</summary>
    public IReadOnlyList<ExceptionRow> Exceptions { get; }

    /// <summary>Exception rows per kind, every kind present.</summary>
    public IReadOnlyDictionary<ExceptionKind, int> Counts { get; }

    /// <summary>Live transactions: approved purchases and refunds not cancelled by an approved reversal or void.</summary>
    public long Live { get; }

    /// <summary>Live transactions cleared, settled and paid out with no exception touching them.</summary>
    public long Matched { get; }

    /// <summary>Live transactions with no exception touching them and a step not yet taken and not yet due.</summary>
    public long Pending { get; }

    /// <summary>Live transactions touched by at least one exception (Live = Matched + Pending + Touched).</summary>
    public long Touched => Live - Matched - Pending;
}
