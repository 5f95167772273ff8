using PosSim.Iso8583.Tests.Support;
using static PosSim.Iso8583.Tests.Support.OneField;
using static PosSim.Iso8583.Tests.Support.TestBytes;

namespace PosSim.Iso8583.Tests;

/// <summary>The MTI in each encoding (reported as field 0), and the whole-message rules: truncation and trailing bytes.</summary>
public class MessageTypeIndicatorTests
{
    private static readonly IsoCodec Ascii87 = new(Dialect.BuiltIn("iso87-ascii"));

    [Fact]
    public void An_ascii_mti_with_a_non_digit_is_refused_as_field_0_at_that_byte()
    {
        var error = DecodeError(Ascii87, Ascii("08A0" + "0020000000000000" + "000001"));
        AssertError(error, IsoErrorKind.InvalidMti, field: 0, offset: 2);
        Assert.Null(error.MtiText);
        Assert.Equal("field 0 at offset 2: MTI byte 0x41 ('A') is not a digit", error.ToString());
    }

    [Fact]
    public void A_bcd_mti_is_two_bytes_and_a_nibble_above_9_is_refused()
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-binary"));
        Assert.Equal("0800", codec.Decode(Hex("08 00 | 00 00 00 00 00 00 00 00")).Mti);
        Assert.Equal(Hex("08 00 | 00 00 00 00 00 00 00 00"), codec.Encode(new IsoMessage("0800")));
        AssertError(DecodeError(codec, Hex("08 0A | 00 00 00 00 00 00 00 00")), IsoErrorKind.InvalidBcd, field: 0, offset: 1);
    }

    [Theory]
    [InlineData("F0 F8 C1 F0", 2)]
    [InlineData("F0 F8 00 F0", 2)]
    [InlineData("30 38 30 30", 0)] // ASCII digits are not EBCDIC digits
    public void An_ebcdic_mti_must_be_ebcdic_digits(string mti, int offset)
    {
        var codec = new IsoCodec(TestDialects.Custom("""{"number":2,"type":"n","length":"fixed","max":1}""", mti: "ebcdic"));
        Assert.Equal("0800", codec.Decode(Hex("F0 F8 F0 F0 | 00 00 00 00 00 00 00 00")).Mti);
        AssertError(DecodeError(codec, Concat(Hex(mti), new byte[8])), IsoErrorKind.InvalidMti, field: 0, offset: offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("080")]
    public void An_mti_cut_short_is_truncated_as_field_0(string wire)
    {
        var error = DecodeError(Ascii87, Ascii(wire));
        AssertError(error, IsoErrorKind.Truncated, field: 0, offset: 0);
        Assert.Equal(4, error.Expected);
        Assert.Equal(wire.Length, error.Actual);
    }

    [Fact]
    public void Bytes_after_the_last_field_are_refused_naming_that_field_and_where_they_start()
    {
        var error = DecodeError(Ascii87, Ascii("0800" + "0020000000000000" + "000001" + "XY"));
        AssertError(error, IsoErrorKind.TrailingBytes, field: 11, offset: 26);
        Assert.Equal(2, error.Actual);
        Assert.Equal("0800", error.MtiText);
    }

    [Fact]
    public void Bytes_after_a_bitmap_with_no_fields_are_refused_as_field_1()
    {
        AssertError(DecodeError(Ascii87, Ascii("0800" + "0000000000000000" + "X")), IsoErrorKind.TrailingBytes, field: 1, offset: 20);
    }

    [Fact]
    public void Decode_throws_the_same_error_as_an_iso_format_exception()
    {
        var wire = Ascii("0800" + "0020000000000000" + "0000");
        Assert.False(Ascii87.TryDecode(wire, new IsoMessage(), out var error));
        var e = Assert.Throws<IsoFormatException>(() => Ascii87.Decode(wire));
        Assert.Equal(error, e.Error);
        Assert.Equal(11, e.Field);
        Assert.Equal(20, e.Offset);
        Assert.Equal("0800", e.Mti);
        Assert.Equal(error.Rule, e.Rule);
        Assert.Equal("field 11 at offset 20: needs 6 more bytes but only 4 remain (MTI 0800)", e.Message);
    }
}
