namespace PosSim.Core.Issuer;

public sealed record IssuerOptions
{
    /// <summary>ISO 4217 numeric currency of the issuer's accounts (156 = CNY).</summary>
    public ushort Currency { get; init; } = 156;

    /// <summary>How long an authorisation hold lasts before the ledger releases it unless cleared.</summary>
    public TimeSpan HoldTimeout { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The acquirer's local time zone offset: card expiry is judged on the local date (China: +08:00).</summary>
    public TimeSpan LocalOffset { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Seeds the approval codes, so a run is reproducible.</summary>
    public long Seed { get; init; } = 1;
}
