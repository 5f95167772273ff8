using System.Globalization;

namespace PosSim.Iso8583.Tests.Support;

/// <summary>
/// Unit tests on one field: a dialect with only field 2 in the given format, an ASCII MTI "0200" and a
/// binary bitmap, so field 2 always starts at byte <see cref="Start"/> and every expected offset can be
/// worked out by hand.
/// </summary>
internal static class OneField
{
    /// <summary>Where field 2 starts: 4 MTI bytes and an 8-byte bitmap.</summary>
    public const int Start = 12;

    /// <summary>The MTI and bitmap in front of field 2.</summary>
    public static readonly byte[] Head = TestBytes.Concat(TestBytes.Ascii("0200"), TestBytes.Hex("40 00 00 00 00 00 00 00"));

    /// <summary>A dialect whose only field is 2, in the given format; <paramref name="extra"/> adds JSON properties such as <c>"encoding":"bcd"</c>.</summary>
    public static Dialect Dialect(string type, string length, int max, string extra = "")
    {
        var field = string.Create(CultureInfo.InvariantCulture, $"{{\"number\":2,\"type\":\"{type}\",\"length\":\"{length}\",\"max\":{max}{(extra.Length == 0 ? "" : "," + extra)}}}");
        return TestDialects.Custom(field);
    }

    public static IsoCodec Codec(string type, string length, int max, string extra = "") => new(Dialect(type, length, max, extra));

    /// <summary>The whole message: MTI, bitmap, then the field's bytes.</summary>
    public static byte[] Wire(params byte[][] field) => TestBytes.Concat([Head, .. field]);

    public static IsoMessage Message(string value)
    {
        var message = new IsoMessage("0200");
        message.Set(2, value);
        return message;
    }

    public static IsoMessage Message(byte[] value)
    {
        var message = new IsoMessage("0200");
        message.Set(2, value);
        return message;
    }

    /// <summary>The bytes field 2 takes on the wire when <paramref name="value"/> is encoded.</summary>
    public static byte[] Encode(IsoCodec codec, string value) => codec.Encode(Message(value))[Start..];

    public static string? Decode(IsoCodec codec, byte[] wire) => codec.Decode(wire).GetString(2);

    public static IsoError DecodeError(IsoCodec codec, byte[] wire)
    {
        Assert.False(codec.TryDecode(wire, new IsoMessage(), out var error), "decoded, but an error was expected");
        return error;
    }

    public static IsoError EncodeError(IsoCodec codec, IsoMessage message)
    {
        var e = Assert.Throws<IsoFormatException>(() => codec.Encode(message));
        return e.Error;
    }

    public static void AssertError(IsoError error, IsoErrorKind kind, int field, int offset)
    {
        Assert.True(
            error.Kind == kind && error.Field == field && error.Offset == offset,
            $"expected {kind} on field {field} at offset {offset}; got {error.Kind}: {error}");
    }
}
