namespace PosSim.Interchange;

/// <summary>
/// The merchant discount (the acquirer's fee) of docs/interchange-files.md, "Fee rule": the one definition that
/// settlement charges by and the matcher checks against.
/// </summary>
public static class MerchantDiscount
{
    /// <summary>The highest rate a merchant agreement may carry: 100%.</summary>
    public const int MaxBps = 10_000;

    /// <summary>
    /// Fee of one purchase: <c>(|gross| * bps + 5000) / 10000</c> in integer arithmetic, so half a minor unit
    /// rounds up (8_334 at 60 bps is 50.004 → 50; 25 at 200 bps is 0.5 → 1).
    /// </summary>
    /// <remarks>
    /// Implementation note: the result is at most |gross|, which fits in a long for every gross but
    /// <see cref="long.MinValue"/>; that one value overflows and throws.
    /// </remarks>
    public static long Fee(long grossMinor, int bps) => checked((long)ExactFee(grossMinor, bps));

    /// <summary>Fee of a settlement row: purchases pay the rate, refunds pay nothing (the fee is not returned).</summary>
    public static long Fee(bool refund, long grossMinor, int bps) => refund ? 0 : Fee(grossMinor, bps);

    /// <summary>
    /// The fee without any overflow, for checking amounts read from files, which may be anything a long holds.
    /// Amounts of everyday size take a 64-bit path; only huge ones need 128 bits.
    /// </summary>
    public static Int128 ExactFee(long grossMinor, int bps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bps, MaxBps);
        const long Safe = (long.MaxValue - 5000) / MaxBps;
        return grossMinor is > -Safe and < Safe
            ? ((Math.Abs(grossMinor) * bps) + 5000) / 10_000
            : ((Int128.Abs(grossMinor) * bps) + 5000) / 10_000;
    }
}
