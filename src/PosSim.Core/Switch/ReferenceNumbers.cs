using System.Globalization;

namespace PosSim.Core.Switch;

/// <summary>
/// Six-character tails for reference numbers (the RRN's last six, field 37; the approval code, field 38), from a
/// counter that only grows. The first 999,999 are the plain decimal digits every terminal expects; beyond them the
/// tail goes on with a letter first and five base-36 characters (A00000..ZZZZZZ), so the space is
/// 999,999 + 26 x 36^5 = 1,573,120,575 before a tail recurs instead of 999,999. Fields 37 and 38 are `an`, so
/// letters are valid on the wire; a run that stays below a million keeps the digits it always had.
/// </summary>
public static class ReferenceNumbers
{
    /// <summary>Decimal tails: 000001..999999.</summary>
    public const long DecimalTails = 999_999;

    /// <summary>Letter-led tails: A00000..ZZZZZZ.</summary>
    public const long LetterTails = 26L * 36 * 36 * 36 * 36 * 36;

    /// <summary>Distinct tails before one recurs.</summary>
    public const long Cycle = DecimalTails + LetterTails;

    private const string Base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>The tail for the <paramref name="n"/>-th number (n ≥ 1): 1..999,999 as six digits, then letter-led, cycling.</summary>
    public static string Tail(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var k = ((n - 1) % Cycle) + 1;
        return k <= DecimalTails ? k.ToString("D6", CultureInfo.InvariantCulture) : LetterLed(k - DecimalTails - 1);
    }

    /// <summary>A letter (A-Z) and five base-36 characters for 0 ≤ <paramref name="m"/> &lt; <see cref="LetterTails"/>.</summary>
    public static string LetterLed(long m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(m, LetterTails);
        return string.Create(6, m, static (chars, value) =>
        {
            for (var i = 5; i >= 1; i--)
            {
                chars[i] = Base36[(int)(value % 36)];
                value /= 36;
            }

            chars[0] = (char)('A' + (int)value); // value < 26 here
        });
    }
}
