using System.Text;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// A failed decode keeps the fields that decoded cleanly, so a server can still answer with response 30
/// using the request's MTI, field 11 and field 41.
/// </summary>
public class PartialDecodeTests
{
    private static readonly IsoCodec Ascii = new(Dialect.BuiltIn("iso87-ascii"));

    private static byte[] Purchase(string amount)
    {
        var m = new IsoMessage("0200");
        m.Set(3, "000000");
        m.Set(4, "000000001000");
        m.Set(11, "000123");
        m.Set(41, "TERM0001");
        var bytes = Ascii.Encode(m);
        var text = Encoding.ASCII.GetString(bytes).Replace("000000001000", amount, StringComparison.Ordinal);
        return Encoding.ASCII.GetBytes(text);
    }

    [Fact]
    public void A_bad_character_in_a_fixed_field_keeps_the_fields_before_and_after_it()
    {
        var message = new IsoMessage();
        Assert.False(Ascii.TryDecode(Purchase("00000000X000"), message, out var error));
        Assert.Equal(IsoErrorKind.InvalidCharacter, error.Kind);
        Assert.Equal(4, error.Field);
        Assert.Equal(20 + 6 + 8, error.Offset);
        Assert.Equal("0200", message.Mti);
        Assert.False(message.Has(4));
        Assert.Equal("000000", message.ProcessingCode);
        Assert.Equal(123, message.Stan);
        Assert.Equal("TERM0001", message.TerminalId);
    }

    [Fact]
    public void The_first_of_several_bad_fields_is_the_error_reported()
    {
        var bytes = Purchase("00000000X000");
        var at41 = Encoding.ASCII.GetString(bytes).IndexOf("TERM0001", StringComparison.Ordinal);
        bytes[at41] = 0x01;
        var message = new IsoMessage();
        Assert.False(Ascii.TryDecode(bytes, message, out var error));
        Assert.Equal(4, error.Field);
        Assert.Equal(123, message.Stan);
        Assert.False(message.Has(41));
    }

    [Fact]
    public void A_truncated_field_stops_decoding_and_drops_it_and_everything_after()
    {
        var bytes = Purchase("000000001000");
        var message = new IsoMessage();
        Assert.False(Ascii.TryDecode(bytes.AsSpan(0, bytes.Length - 3), message, out var error));
        Assert.Equal(IsoErrorKind.Truncated, error.Kind);
        Assert.Equal(41, error.Field);
        Assert.Equal(new[] { 3, 4, 11 }, message.Fields.ToArray());
    }

    [Fact]
    public void A_secondary_bitmap_field_is_dropped_when_decoding_stops_in_the_primary_fields()
    {
        var m = new IsoMessage("0400");
        m.Set(2, "4761739001010119");
        m.Set(11, "000001");
        m.Set(90, new string('0', 42));
        var bytes = Ascii.Encode(m);
        bytes[36] = (byte)'9'; // LL of field 2 becomes 96: longer than the maximum of 19
        var message = new IsoMessage();
        Assert.False(Ascii.TryDecode(bytes, message, out var error));
        Assert.Equal(IsoErrorKind.LengthExceedsMaximum, error.Kind);
        Assert.Equal(0, message.FieldCount);
    }
}
