using PosSim.Iso8583;
using PosSim.Iso8583.Framing;

namespace PosSim.Net;

/// <summary>The defaults of <c>possim serve</c>: iso87-ascii with a 2-byte binary length header.</summary>
public static class Defaults
{
    private static readonly Lazy<IsoCodec> LazyCodec = new(() => new IsoCodec(Dialect.BuiltIn("iso87-ascii")));

    public static IsoCodec Codec => LazyCodec.Value;

    public static MessageFraming Framing { get; } = MessageFraming.Parse("binary2");

    /// <summary>The default response header: TPDU swap for 5 bytes, a copy otherwise.</summary>
    public static void WriteResponseHeader(ReadOnlySpan<byte> requestHeader, Span<byte> responseHeader)
    {
        if (requestHeader.Length == Tpdu.Length)
        {
            Tpdu.WriteResponse(requestHeader, responseHeader);
        }
        else
        {
            requestHeader.CopyTo(responseHeader);
        }
    }
}
