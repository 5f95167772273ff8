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

    /// <summary>
    /// Terminal authentication by MAC; null (the default): off, requests are not checked for a MAC. `possim serve` turns
    /// it on when it listens on an address other than loopback (docs/security.md).
    /// </summary>
    public TerminalAuthOptions? TerminalAuth { get; init; }

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

/// <summary>
/// Terminal authentication (docs/security.md, "How it is wired"). A sign-on (0800, field 70 = 001) must prove the
/// terminal's master key: a MAC in field 128 under the sign-on key derived from it (<see cref="Security.SignOnKey"/>),
/// with field 7 within 5 minutes of the switch's clock and a field 7 and STAN not used in that time. The switch then
/// sends a fresh working MAC key under the master key, and from then on every request from the terminal (0200, 0220,
/// 0400, 0420, 0500 and their repeats) and its echoes and sign-offs must carry a MAC in field 64 (128 with a secondary
/// bitmap) made with that key. Whatever fails is answered 63. Answers to a terminal holding a working key are MACed
/// with it. Host links and 0800s without field 41 are not checked.
/// </summary>
public sealed record TerminalAuthOptions
{
    public Security.MacAlgorithm Algorithm { get; init; } = Security.MacAlgorithm.RetailMac;

    /// <summary>A terminal's master key (from the provisioning), or null when it has none: such a terminal cannot sign on.</summary>
    public required Func<string, Security.TerminalMasterKey?> MasterKeyOf { get; init; }

    /// <summary>
    /// Fills a span with the random bytes working keys are made of. Injected so that the core draws no randomness of its
    /// own: serve passes a cryptographic generator, the simulator and tests a seeded one.
    /// </summary>
    public required Action<Span<byte>> Random { get; init; }

    /// <summary>The dialect messages travel in: the MAC covers their bytes as this codec encodes them.</summary>
    public required Iso8583.IsoCodec Codec { get; init; }

    /// <summary>
    /// Told once per message refused for its MAC (or for the lack of a working key), unproven sign-ons included, for the
    /// host to log. It gets the terminal, STAN, MTI and why; never a key or a card number.
    /// </summary>
    public Action<MacRefusal>? Refused { get; init; }
}

/// <summary>A request, echo, sign-off or sign-on refused 63 for its MAC: what a log line may say about it.</summary>
public readonly record struct MacRefusal(string TerminalId, int? Stan, string? Mti, string Reason);
