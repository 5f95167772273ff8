using System.Text;
using PosSim.Iso8583;

namespace PosSim.Net.Messaging;

/// <summary>
/// MTI arithmetic for matching. ISO 8583:1987 digits: version, class, function, origin. The function digit is odd
/// for a response (0210 answers 0200); the origin digit is odd for a repeat (0421 repeats 0420 and is answered
/// by 0430). ASCII digits keep the parity of their value, so the bit tricks work on the bytes.
/// </summary>
public static class MtiClass
{
    // MTI strings are built once each: setting IsoMessage.Mti from a cached string allocates nothing.
    private static readonly string?[] Texts = new string?[10000];

    /// <summary>
    /// Writes the request class of <paramref name="mti"/> into <paramref name="destination"/>: the response bit of the
    /// function digit and the repeat bit of the origin digit cleared (0210→0200, 0430→0420, 0421→0420, 0810→0800).
    /// </summary>
    public static void WriteClass(ReadOnlySpan<byte> mti, Span<byte> destination)
    {
        mti[..4].CopyTo(destination);
        destination[2] = (byte)(mti[2] & 0xFE);
        destination[3] = (byte)(mti[3] & 0xFE);
    }

    /// <summary>The request class of a four-digit MTI string, such as 0200 for 0210.</summary>
    public static string Of(string mti)
    {
        ArgumentNullException.ThrowIfNull(mti);
        Span<byte> digits = stackalloc byte[4];
        Span<byte> result = stackalloc byte[4];
        Encoding.ASCII.GetBytes(mti.AsSpan(0, 4), digits);
        WriteClass(digits, result);
        return Text(result);
    }

    /// <summary>True when the MTI is a request or advice (even function digit), so it can be answered.</summary>
    public static bool IsRequest(ReadOnlySpan<byte> mti) => mti.Length == 4 && (mti[2] & 1) == 0;

    /// <summary>The response MTI for a request MTI: function digit made odd, repeat bit cleared (0200→0210, 0421→0430).</summary>
    public static string ResponseOf(ReadOnlySpan<byte> requestMti)
    {
        Span<byte> digits = stackalloc byte[4];
        requestMti[..4].CopyTo(digits);
        digits[2] = (byte)(digits[2] | 1);
        digits[3] = (byte)(digits[3] & 0xFE);
        return Text(digits);
    }

    /// <summary>The response MTI for a request MTI string.</summary>
    public static string ResponseOf(string requestMti)
    {
        ArgumentNullException.ThrowIfNull(requestMti);
        Span<byte> digits = stackalloc byte[4];
        Encoding.ASCII.GetBytes(requestMti.AsSpan(0, 4), digits);
        return ResponseOf(digits);
    }

    /// <summary>Sets the response MTI of <paramref name="request"/> on <paramref name="response"/>.</summary>
    internal static void SetResponseMti(IsoMessage request, IsoMessage response) => response.Mti = ResponseOf(request.MtiBytes);

    private static string Text(ReadOnlySpan<byte> digits)
    {
        var value = ((digits[0] - '0') * 1000) + ((digits[1] - '0') * 100) + ((digits[2] - '0') * 10) + (digits[3] - '0');
        if (unchecked((uint)value) >= Texts.Length)
        {
            return Encoding.ASCII.GetString(digits);
        }

        return Texts[value] ??= Encoding.ASCII.GetString(digits);
    }
}
