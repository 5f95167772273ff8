namespace PosSim.Iso8583.Internal;

/// <summary>Packed BCD: two decimal digits per byte, high nibble first.</summary>
internal static class Bcd
{
    /// <summary>
    /// Unpacks <paramref name="digits"/>.Length digits from <paramref name="source"/> into ASCII.
    /// With an odd count, the pad nibble sits first (right-justified) or last (left-justified).
    /// <paramref name="track2"/> admits the nibbles A-F, which stand for the ISO 7813 track 2 characters
    /// <c>: ; &lt; = &gt; ?</c> (so D is the separator '=').
    /// Returns the index in <paramref name="source"/> of the first bad byte, or -1.
    /// </summary>
    public static int Unpack(ReadOnlySpan<byte> source, Span<byte> digits, bool rightJustified, bool track2)
    {
        var count = digits.Length;
        var odd = (count & 1) == 1;
        var nibble = odd && rightJustified ? 1 : 0; // skip the leading pad nibble
        for (var i = 0; i < count; i++, nibble++)
        {
            var b = source[nibble >> 1];
            var v = (nibble & 1) == 0 ? b >> 4 : b & 0x0F;
            if (v > 9 && !track2)
            {
                return nibble >> 1;
            }

            digits[i] = (byte)('0' + v);
        }

        if (odd)
        {
            // The pad nibble must be 0 (or F, which some terminals send); anything else is a corrupt field.
            var padByte = rightJustified ? source[0] >> 4 : source[(count - 1) >> 1] & 0x0F;
            if (padByte is not (0 or 0x0F))
            {
                return rightJustified ? 0 : (count - 1) >> 1;
            }
        }

        return -1;
    }

    /// <summary>Packs ASCII digits (or track 2 characters 0x30-0x3F, already validated) into <paramref name="destination"/>; pads with a 0 nibble.</summary>
    public static void Pack(ReadOnlySpan<byte> digits, Span<byte> destination, bool rightJustified)
    {
        var count = digits.Length;
        var odd = (count & 1) == 1;
        var nibble = odd && rightJustified ? 1 : 0;
        var byteCount = (count + 1) / 2;
        destination[..byteCount].Clear();
        for (var i = 0; i < count; i++, nibble++)
        {
            var v = digits[i] - '0';
            if ((nibble & 1) == 0)
            {
                destination[nibble >> 1] = (byte)(v << 4);
            }
            else
            {
                destination[nibble >> 1] |= (byte)v;
            }
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
}
