namespace PosSim.Iso8583.Internal;

/// <summary>
/// EBCDIC code page 037 for the printable ASCII range, which is all ISO 8583 text fields may hold.
/// Implementation note: hand-built rather than Encoding.GetEncoding(37) so the codec has no
/// dependency on the code-pages provider and the hot path is a table lookup; a test checks the
/// table against the provider.
/// </summary>
internal static class Ebcdic
{
    private static readonly byte[] AsciiToEbcdic = BuildAsciiToEbcdic();
    private static readonly short[] EbcdicToAscii = BuildReverse();

    /// <summary>Translates EBCDIC to ASCII; returns the index of the first byte with no printable ASCII twin, or -1.</summary>
    public static int ToAscii(ReadOnlySpan<byte> ebcdic, Span<byte> ascii)
    {
        for (var i = 0; i < ebcdic.Length; i++)
        {
            var a = EbcdicToAscii[ebcdic[i]];
            if (a < 0)
            {
                return i;
            }

            ascii[i] = (byte)a;
        }

        return -1;
    }

    /// <summary>Translates printable ASCII (already validated) to EBCDIC.</summary>
    public static void FromAscii(ReadOnlySpan<byte> ascii, Span<byte> ebcdic)
    {
        for (var i = 0; i < ascii.Length; i++)
        {
            ebcdic[i] = AsciiToEbcdic[ascii[i] & 0x7F];
        }
    }

    public static bool IsMapped(byte ascii) => ascii is >= 0x20 and <= 0x7E;

    private static byte[] BuildAsciiToEbcdic()
    {
        var t = new byte[128];
        void Run(char first, char last, int ebcdicFirst)
        {
            for (var c = first; c <= last; c++)
            {
                t[c] = (byte)(ebcdicFirst + (c - first));
            }
        }

        Run('0', '9', 0xF0);
        Run('A', 'I', 0xC1);
        Run('J', 'R', 0xD1);
        Run('S', 'Z', 0xE2);
        Run('a', 'i', 0x81);
        Run('j', 'r', 0x91);
        Run('s', 'z', 0xA2);
        const string punctuation = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
        byte[] codes =
        [
            0x40, 0x5A, 0x7F, 0x7B, 0x5B, 0x6C, 0x50, 0x7D, 0x4D, 0x5D, 0x5C, 0x4E, 0x6B, 0x60, 0x4B, 0x61,
            0x7A, 0x5E, 0x4C, 0x7E, 0x6E, 0x6F, 0x7C, 0xBA, 0xE0, 0xBB, 0xB0, 0x6D, 0x79, 0xC0, 0x4F, 0xD0, 0xA1,
        ];
        for (var i = 0; i < punctuation.Length; i++)
        {
            t[punctuation[i]] = codes[i];
        }

        return t;
    }

    private static short[] BuildReverse()
    {
        var r = new short[256];
        Array.Fill(r, (short)-1);
        for (var a = 0x20; a <= 0x7E; a++)
        {
            r[AsciiToEbcdic[a]] = (short)a;
        }

        return r;
    }
}
