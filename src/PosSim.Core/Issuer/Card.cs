namespace PosSim.Core.Issuer;

/// <summary>A card the issuer knows. The PAN stays inside the issuer; everything outside sees it masked or hashed.</summary>
public sealed record Card(string Pan, string Expiry, UInt128 AccountId)
{
    /// <summary>True when the card has expired by <paramref name="localDate"/>: a YYMM card is valid through the end of that month.</summary>
    public bool IsExpiredOn(DateOnly localDate)
    {
        var year = 2000 + int.Parse(Expiry.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture);
        var month = int.Parse(Expiry.AsSpan(2, 2), System.Globalization.CultureInfo.InvariantCulture);
        return localDate.Year > year || (localDate.Year == year && localDate.Month > month);
    }
}
