using System.Globalization;

namespace PosSim.Interchange;

/// <summary>
/// An ISO 4217 numeric currency code: the one currency type of PosSim. Written as three digits ("156"), as in
/// field 49 and the interchange files; the ledger keeps the number.
/// </summary>
public readonly record struct Currency(ushort NumericCode)
{
    /// <summary>Renminbi, the default.</summary>
    public static Currency Cny { get; } = new(156);

    /// <summary>Reads three digits (001 to 999); false for anything else.</summary>
    public static bool TryParse(string? text, out Currency currency)
    {
        currency = default;
        if (text is not { Length: 3 } || !ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code == 0)
        {
            return false;
        }

        currency = new Currency(code);
        return true;
    }

    /// <summary>The three-digit code, e.g. "156".</summary>
    public override string ToString() => NumericCode.ToString("D3", CultureInfo.InvariantCulture);
}
