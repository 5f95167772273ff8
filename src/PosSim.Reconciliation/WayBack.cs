namespace PosSim.Reconciliation;

/// <summary>How a support case moved the money back (<c>way_back</c> in adjustments.csv).</summary>
public enum WayBack
{
    /// <summary>A reversal advice released the issuer's hold on a purchase that was never cleared.</summary>
    ReleaseHold,

    /// <summary>A refund from the acquirer's clearing account; the merchant, never paid, is not debited.</summary>
    ReturnFromClearing,

    /// <summary>An ordinary refund; the merchant, already paid, is debited.</summary>
    RefundFromMerchant,

    /// <summary>The merchant was paid late: a late presentment, or a released or re-issued payout.</summary>
    PayMerchantLate,
}

public static class WayBacks
{
    private static readonly string[] Names =
    [
        InterchangeFiles.WayBacks.ReleaseHold,
        InterchangeFiles.WayBacks.ReturnFromClearing,
        InterchangeFiles.WayBacks.RefundFromMerchant,
        InterchangeFiles.WayBacks.PayMerchantLate,
    ];

    /// <summary>Every way back, sorted by its name with ordinal comparison: the order of summary.json.</summary>
    public static IReadOnlyList<WayBack> InOutputOrder { get; } =
        Enum.GetValues<WayBack>().OrderBy(w => Names[(int)w], StringComparer.Ordinal).ToArray();

    /// <summary>The name of a way back in the files, e.g. <c>release-hold</c>.</summary>
    public static string Name(this WayBack wayBack) => Names[(int)wayBack];

    private static readonly byte[][] Utf8Names = [.. Names.Select(System.Text.Encoding.UTF8.GetBytes)];

    public static bool TryParse(ReadOnlySpan<byte> name, out WayBack wayBack)
    {
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (name.SequenceEqual(Utf8Names[i]))
            {
                wayBack = (WayBack)i;
                return true;
            }
        }

        wayBack = default;
        return false;
    }

    /// <summary>The names in the order of the file format's word list, for error messages.</summary>
    internal static string List => string.Join(", ", Names);
}
