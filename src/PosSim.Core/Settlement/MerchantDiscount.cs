namespace PosSim.Core.Settlement;

/// <summary>The merchant discount (the acquirer's fee), exactly as the contract's matcher expects it.</summary>
public static class MerchantDiscount
{
    /// <summary>
    /// Fee of one purchase: <c>(|gross| * bps + 5000) / 10000</c> in integer arithmetic, so half a minor unit
    /// rounds up (8_334 at 60 bps is 50.004 → 50; 25 at 200 bps is 0.5 → 1).
    /// </summary>
    /// <remarks>
    /// Implementation note: the product is taken in 128 bits, so a huge amount at a high rate cannot overflow on
    /// the way; the result is at most |gross|, which always fits back in a long.
    /// </remarks>
    public static long Fee(long grossMinor, int bps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bps, 10_000);
        var magnitude = grossMinor < 0 ? -(Int128)grossMinor : grossMinor;
        return checked((long)(((magnitude * bps) + 5000) / 10_000));
    }

    /// <summary>Fee of a settlement row: purchases pay the rate, refunds pay nothing (the fee is not returned).</summary>
    public static long Fee(ClearingKind kind, long grossMinor, int bps) => kind == ClearingKind.Purchase ? Fee(grossMinor, bps) : 0;
}
