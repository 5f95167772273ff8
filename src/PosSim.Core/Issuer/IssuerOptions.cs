using PosSim.Core.Time;

namespace PosSim.Core.Issuer;

public sealed record IssuerOptions
{
    /// <summary>The currency of the issuer's accounts.</summary>
    public Currency Currency { get; init; } = Currency.Cny;

    /// <summary>How long an authorisation hold lasts before the ledger releases it unless cleared.</summary>
    public TimeSpan HoldTimeout { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The acquirer's clock: card expiry is judged on its local date.</summary>
    public BusinessClock Clock { get; init; } = BusinessClock.Default;

    /// <summary>
    /// The most the issuer accepts in an advice (0220) of a purchase approved offline, in minor units; above it the
    /// advice is refused (13). 1,000.00 by default, the switch's own default floor limit.
    /// </summary>
    public long StandInLimitMinor { get; init; } = 1_000_00;

    /// <summary>Seeds the approval codes, so a run is reproducible.</summary>
    public long Seed { get; init; } = 1;
}
