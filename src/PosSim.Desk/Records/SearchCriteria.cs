namespace PosSim.Desk.Records;

/// <summary>
/// A search of the switch's transaction log as support staff ask it. At least one of RRN, terminal or time
/// window anchors it (each has an index in run.sqlite); amount, STAN and card narrow it.
/// </summary>
/// <param name="CardMasked">The card as the records keep it (first 6, last 4), when given whole.</param>
/// <param name="CardLast4">The card's last four digits, when only they were given.</param>
/// <param name="Page">Which page of <see cref="PageSize"/> rows, from 1.</param>
public sealed record SearchCriteria(
    DateTime? From = null,
    DateTime? To = null,
    long? MinAmountMinor = null,
    long? MaxAmountMinor = null,
    string? TerminalId = null,
    string? Rrn = null,
    int? Stan = null,
    string? CardMasked = null,
    string? CardLast4 = null,
    int Page = 1)
{
    /// <summary>How many rows a page shows: enough to spot the one, few enough to answer at once.</summary>
    public const int PageSize = 200;

    /// <summary>
    /// The deepest page: each page skips the rows before it, so page 500 reads 100,000 rows of the index; a search
    /// that needs deeper is one to narrow, not to page through.
    /// </summary>
    public const int MaxPage = 500;

    public bool Anchored => Rrn is not null || TerminalId is not null || From is not null || To is not null;
}
