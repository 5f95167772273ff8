namespace PosSim.Simulation.Support.Cases.Training;

/// <summary>
/// What a merchant says on the phone about a sale: the amount, and the time as people say it (to the quarter hour:
/// "around a quarter past nine"), never the RRN or what broke. <see cref="Variant"/> picks one of the ways of
/// saying it, so trainees do not learn one sentence.
/// </summary>
public sealed record MerchantCall(long AmountMinor, DateTime Around, int Variant)
{
    /// <summary>The ways of saying it each language has (ICaseText.MerchantWords).</summary>
    public const int Variants = 3;

    private const int Quarter = 15;

    /// <summary>The call about a sale at <paramref name="exact"/>: the time rounded to the nearest quarter hour.</summary>
    public static MerchantCall About(DateTime exact, long amountMinor, int variant)
    {
        var minutes = (exact.Minute * 60) + exact.Second;
        var rounded = (int)Math.Round(minutes / (Quarter * 60.0), MidpointRounding.AwayFromZero) * Quarter;
        var around = exact.Date.AddHours(exact.Hour).AddMinutes(rounded);
        return new MerchantCall(amountMinor, around, ((variant % Variants) + Variants) % Variants);
    }
}
