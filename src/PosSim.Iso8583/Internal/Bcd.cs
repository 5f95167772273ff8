namespace PosSim.Iso8583.Internal;

/// <summary>Packed BCD: two decimal digits per byte, high nibble first.</summary>
internal static class Bcd
{
    /// <summary>
    /// Unpacks <paramref name="digits"/>.Length digits from <paramref name="source"/> into ASCII.
    /// With an odd count, the pad nibble sits first (right-justified) or last (left-justified); it must be 0
    /// (or F, which some terminals send). <paramref name="track2"/> admits the nibbles A-F, which stand for
    /// the ISO 7813 track 2 characters <c>: ; &lt; = &gt; ?</c> (so D is the separator '=').
    /// Returns the index in <paramref name="source"/> of the first bad byte, or -1.
    /// </summary>
    public static int Unpack(ReadOnlySpan<byte> source, Span<byte> digits, bool rightJustified, bool track2)
    {
        var count = digits.Length;
        var di = 0;
        var si = 0;
        if ((count & 1) == 1 && rightJustified)
        {
            var first = source[0];
            if (!IsPad(first >> 4) || !IsDigit(first & 0x0F, track2))
            {
                return 0;
            }

            digits[0] = (byte)('0' + (first & 0x0F));
            di = 1;
            si = 1;
        }

        // Two digits per byte: the common case, and the hot one.
        for (; di + 1 < count; di += 2, si++)
        {
            var b = source[si];
            int hi = b >> 4, lo = b & 0x0F;
            if (!track2 && (hi > 9 || lo > 9))
            {
                return si;
            }

            digits[di] = (byte)('0' + hi);
            digits[di + 1] = (byte)('0' + lo);
        }

        if (di < count)
        {
            // Odd count, left-justified: the last byte holds one digit and the pad nibble.
            var last = source[si];
            if (!IsDigit(last >> 4, track2) || !IsPad(last & 0x0F))
            {
                return si;
            }

            digits[di] = (byte)('0' + (last >> 4));
        }

        return -1;
    }

    /// <summary>Packs ASCII digits (or track 2 characters 0x30-0x3F, already validated) into <paramref name="destination"/>; pads with a 0 nibble.</summary>
    public static void Pack(ReadOnlySpan<byte> digits, Span<byte> destination, bool rightJustified)
    {
        var count = digits.Length;
        var di = 0;
        var si = 0;
        if ((count & 1) == 1 && rightJustified)
        {
            destination[0] = (byte)(digits[0] - '0');
            di = 1;
            si = 1;
        }

        for (; si + 1 < count; si += 2, di++)
        {
            destination[di] = (byte)(((digits[si] - '0') << 4) | (digits[si + 1] - '0'));
        }

        if (si < count)
        {
            destination[di] = (byte)((digits[si] - '0') << 4);
        }
    }

    /// <summary>Reads a BCD-coded number of <paramref name="digits"/> digits; false when a nibble is not a digit.</summary>
    public static bool TryReadNumber(ReadOnlySpan<byte> source, int digits, out int value)
    {
        value = 0;
        var odd = (digits & 1) == 1;
        var nibble = odd ? 1 : 0;
        if (odd && (source[0] >> 4) != 0)
        {
            return false;
        }

        for (var i = 0; i < digits; i++, nibble++)
        {
            var b = source[nibble >> 1];
            var v = (nibble & 1) == 0 ? b >> 4 : b & 0x0F;
            if (v > 9)
            {
                return false;
            }

            value = (value * 10) + v;
        }

        return true;
    }

    public static void WriteNumber(int value, int digits, Span<byte> destination)
    {
        var byteCount = (digits + 1) / 2;
        for (var i = byteCount - 1; i >= 0; i--)
        {
            var lo = value % 10;
            value /= 10;
            var hi = value % 10;
            value /= 10;
            destination[i] = (byte)((hi << 4) | lo);
        }
    }

    private static bool IsPad(int nibble) => nibble is 0 or 0x0F;

    private static bool IsDigit(int nibble, bool track2) => track2 || nibble <= 9;
}
