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

    /// <summary>
    /// Whether a connection must sign on (0800, field 70 = 001) as a terminal before it may send anything else for it.
    /// Off, a connection that never signed on may speak for any terminal not signed on from another connection (what
    /// loopback tools and the simulator rely on); on, it may only sign on, echo, and talk about the link. `possim
    /// serve` turns it on when it listens on an address other than loopback (docs/switch.md, "Who may say what").
    /// </summary>
    public bool RequireSignOn { get; init; }

    /// <summary>
    /// Peer IP addresses of host-to-host links: another acquirer or a terminal concentrator that speaks for many
    /// terminals on one connection. A connection from one of them may send requests for any provisioned terminal and
    /// never binds to one. Empty: no host links.
    /// </summary>
    public IReadOnlyList<string> HostLinks { get; init; } = [];

    /// <summary>
    /// The most an offline approval (0220 advice) may be for, in minor units: above it the terminal had no business
    /// approving without the issuer, and the advice is refused (13). 1,000.00 by default, a usual floor limit.
    /// </summary>
    public long StandInLimitMinor { get; init; } = 1_000_00;

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
