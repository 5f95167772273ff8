namespace PosSim.Reconciliation.Internal;

/// <summary>
/// Packs a short id into 64 bits without a table, so ids such as clearing ids can be stored and joined as
/// numbers. Three disjoint forms, chosen by a fixed rule so every string has exactly one code:
/// <list type="bullet">
/// <item>bit 63 = 0: 1 to 8 ASCII bytes (0x01-0x7F), little-endian, zero padded.</item>
/// <item>bits 63-62 = 10: up to 3 prefix characters from [A-Za-z-_.:/] then 1 to 12 digits.</item>
/// <item>bits 63-62 = 11: anything else, as an id in an <see cref="IdTable"/> (see <see cref="TableTag"/>).</item>
/// </list>
/// </summary>
internal static class IdCode
{
    public const ulong TableTag = 0xC000_0000_0000_0000UL;
    private const ulong PrefixDigitsTag = 0x8000_0000_0000_0000UL;

    public static bool TryPack(ReadOnlySpan<byte> s, out ulong code)
    {
        code = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        if (s.Length <= 8)
        {
            ulong packed = 0;
            for (var i = 0; i < s.Length; i++)
            {
                var b = s[i];
                if (b is 0 or >= 0x80)
                {
                    return false;
                }

                packed |= (ulong)b << (8 * i);
            }

            code = packed;
            return true;
        }

        var p = 0;
        ulong prefix = 0;
        while (p < s.Length && unchecked((uint)(s[p] - '0')) > 9)
        {
            var c = PrefixCode(s[p]);
            if (p == 3 || c == 0)
            {
                return false;
            }

            prefix = (prefix << 6) | c;
            p++;
        }

        var digits = s.Length - p;
        if (digits is < 1 or > 12)
        {
            return false;
        }

        ulong value = 0;
        for (var i = p; i < s.Length; i++)
        {
            var d = unchecked((uint)(s[i] - '0'));
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        code = PrefixDigitsTag | (prefix << 44) | ((ulong)digits << 40) | value;
        return true;
    }

    private static uint PrefixCode(byte b) => b switch
    {
        >= (byte)'A' and <= (byte)'Z' => (uint)(b - 'A' + 1),
        >= (byte)'a' and <= (byte)'z' => (uint)(b - 'a' + 27),
        (byte)'-' => 53,
        (byte)'_' => 54,
        (byte)'.' => 55,
        (byte)':' => 56,
        (byte)'/' => 57,
        _ => 0,
    };
}
