namespace PosSim.Reconciliation;

/// <summary>What one reconciliation run found.</summary>
public sealed class MatchResult
{
    internal MatchResult(DateOnly? asOf, IReadOnlyList<ExceptionRow> exceptions, long live, long matched, long pending)
        : this(asOf, exceptions, live, matched, pending, hasAdjustments: false, [], [])
    {
    }

    internal MatchResult(DateOnly? asOf, IReadOnlyList<ExceptionRow> exceptions, long live, long matched, long pending,
        bool hasAdjustments, IReadOnlyList<AdjustmentOutcome> adjustments, IReadOnlyList<ResolvedRow> resolved)
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
        HasAdjustments = hasAdjustments;
        Adjustments = adjustments;
        UnprovenAdjustments = [.. adjustments.Where(a => !a.Proven)];
        Resolved = resolved;
        var byWayBack = WayBacks.InOutputOrder.ToDictionary(w => w, _ => 0);
        foreach (var r in resolved)
        {
            byWayBack[r.WayBack]++;
        }

        ResolvedByWayBack = byWayBack;
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

    /// <summary>Whether the input folder had adjustments.csv; summary.json has the adjustment keys only then.</summary>
    public bool HasAdjustments { get; }

    /// <summary>Every row of adjustments.csv, in case_id order, with what proves it or what is missing.</summary>
    public IReadOnlyList<AdjustmentOutcome> Adjustments { get; }

    /// <summary>The adjustments whose evidence is missing or wrong: they resolve nothing.</summary>
    public IReadOnlyList<AdjustmentOutcome> UnprovenAdjustments { get; }

    /// <summary>The exceptions a proven adjustment resolved, in the order of exceptions.csv (rows of resolved.csv).</summary>
    public IReadOnlyList<ResolvedRow> Resolved { get; }

    /// <summary>Rows of <see cref="Resolved"/> per way back, every way back present.</summary>
    public IReadOnlyDictionary<WayBack, int> ResolvedByWayBack { get; }
}
