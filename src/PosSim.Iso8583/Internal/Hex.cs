namespace PosSim.Iso8583.Internal;

/// <summary>ASCII hex, two characters per byte. Reads either case; writes upper case.</summary>
internal static class Hex
{
    private static ReadOnlySpan<byte> Upper => "0123456789ABCDEF"u8;

    /// <summary>Decodes pairs of hex characters; returns the index of the first bad character, or -1.</summary>
    public static int Decode(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var hi = Value(hex[2 * i]);
            if (hi < 0)
            {
                return 2 * i;
            }

            var lo = Value(hex[(2 * i) + 1]);
            if (lo < 0)
            {
                return (2 * i) + 1;
            }

            destination[i] = (byte)((hi << 4) | lo);
        }

        return -1;
    }

    public static void Encode(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = Upper[bytes[i] >> 4];
            destination[(2 * i) + 1] = Upper[bytes[i] & 0x0F];
        }
    }

    public static bool TryReadUInt64(ReadOnlySpan<byte> hex16, out ulong value, out int badIndex)
    {
        value = 0;
        for (var i = 0; i < 16; i++)
        {
            var v = Value(hex16[i]);
            if (v < 0)
            {
                badIndex = i;
                return false;
            }

            value = (value << 4) | (uint)v;
        }

        badIndex = -1;
        return true;
    }

    public static void WriteUInt64(ulong value, Span<byte> destination)
    {
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = Upper[(int)(value & 0x0F)];
            value >>= 4;
        }
    }

    public static int Value(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}
