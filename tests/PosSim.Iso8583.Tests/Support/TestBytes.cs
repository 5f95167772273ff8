using System.Text;

namespace PosSim.Iso8583.Tests.Support;

/// <summary>Readable byte literals for tests: hex with optional spaces, and ASCII text.</summary>
internal static class TestBytes
{
    /// <summary>Bytes from hex digits; spaces, newlines and '|' (used to mark field boundaries) are ignored.</summary>
    public static byte[] Hex(string hex)
    {
        var sb = new StringBuilder(hex.Length);
        foreach (var c in hex)
        {
            if (!char.IsWhiteSpace(c) && c != '|')
            {
                sb.Append(c);
            }
        }

        return Convert.FromHexString(sb.ToString());
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>Concatenates byte arrays, so a wire image can be written field by field.</summary>
    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Upper-case hex, for assertion messages.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
