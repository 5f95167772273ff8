using PosSim.Core.Time;

namespace PosSim.Core.Switch;

public sealed record SwitchOptions
{
    /// <summary>How long the switch waits for the issuer before declining with 91 and queueing a reversal.</summary>
    public TimeSpan IssuerTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A request repeating a terminal, STAN and amount seen within this window is a duplicate (response 94).</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after its business date a purchase can still be refunded (found by its RRN).</summary>
    public TimeSpan RefundWindow { get; init; } = TimeSpan.FromDays(180);

    /// <summary>How many unmatched issuer answers are kept for people to look at (the latest); all are counted.</summary>
    public int UnmatchedResponsesKept { get; init; } = 1000;

    /// <summary>
    /// How many cards' masked PAN and keyed hash the switch keeps at hand. A card not among them costs an HMAC per
    /// request; a simulation, which knows its cardholders, sizes it to all of them.
    /// </summary>
    public int CardViewsKept { get; init; } = 65_536;

    /// <summary>How long the switch waits for the issuer to acknowledge a reversal advice before repeating it.</summary>
    public TimeSpan ReversalAckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Backoff before the first repeat (0421); doubled on each further try, up to <see cref="ReversalMaxBackoff"/>.</summary>
    public TimeSpan ReversalBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReversalMaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>After this many sends without an acknowledgement, a reversal is parked for people to look at.</summary>
    public int ReversalMaxTries { get; init; } = 5;

    /// <summary>The acquirer's local offset and cut-over time: business dates and local times use it.</summary>
    public BusinessClock Clock { get; init; } = BusinessClock.Default;

    /// <summary>Field 32, the acquiring institution id the switch puts on what it forwards.</summary>
    public string AcquirerId { get; init; } = "48020000";

    /// <summary>The currency the switch accepts (field 49).</summary>
    public Currency Currency { get; init; } = Currency.Cny;

    /// <summary>
    /// The card BINs (PAN prefixes) routed to the issuer; a card under none of them is declined 14 without
    /// leaving the switch. Empty routes every card (a switch in front of a single issuer).
    /// </summary>
    public IReadOnlyList<string> IssuerBins { get; init; } = [];

    public bool RoutesTo(string pan)
    {
        ArgumentNullException.ThrowIfNull(pan);
        if (IssuerBins.Count == 0)
        {
            return true;
        }

        foreach (var bin in IssuerBins)
        {
            if (pan.StartsWith(bin, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
