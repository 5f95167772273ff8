using System.Globalization;
using PosSim.Iso8583.Tests.Support;
using static PosSim.Iso8583.Tests.Support.OneField;
using static PosSim.Iso8583.Tests.Support.TestBytes;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// Bitmaps: bit order on the wire, a secondary bitmap only when a field above 64 is set, an all-zero
/// secondary accepted on decode, the tertiary bitmap (fields 129-192, bit 65 as its flag) of a custom
/// dialect, and hex bitmaps read in either case but written in upper case.
/// </summary>
public class BitmapTests
{
    private static readonly Lazy<IsoCodec> Plain = new(() => new IsoCodec(EveryField(tertiary: false)));
    private static readonly Lazy<IsoCodec> Tertiary = new(() => new IsoCodec(EveryField(tertiary: true)));

    [Fact]
    public void Only_the_primary_bitmap_is_sent_when_no_field_above_64_is_set()
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii-binary-bitmap"));
        var message = new IsoMessage("0800") { Stan = 1 };
        Assert.Equal(Concat(Ascii("0800"), Hex("00 20 00 00 00 00 00 00"), Ascii("000001")), codec.Encode(message));
    }

    [Theory]
    [InlineData(2, "40 00 00 00 00 00 00 00")]
    [InlineData(8, "01 00 00 00 00 00 00 00")]
    [InlineData(9, "00 80 00 00 00 00 00 00")]
    [InlineData(64, "00 00 00 00 00 00 00 01")]
    [InlineData(65, "80 00 00 00 00 00 00 00 | 80 00 00 00 00 00 00 00")]
    [InlineData(66, "80 00 00 00 00 00 00 00 | 40 00 00 00 00 00 00 00")]
    [InlineData(128, "80 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 01")]
    public void Each_field_sets_its_own_bit_most_significant_first(int field, string bitmaps)
    {
        var message = new IsoMessage("0800");
        message.Set(field, "7");
        var expected = Concat(Ascii("0800"), Hex(bitmaps), Ascii("7"));
        Assert.Equal(expected, Plain.Value.Encode(message));
        Assert.True(Plain.Value.Decode(expected).ContentEquals(message));
    }

    [Fact]
    public void A_field_above_64_adds_the_secondary_bitmap_and_sets_bit_1()
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii"));
        var message = new IsoMessage("0800") { Stan = 1 };
        message.Set(70, "301");
        Assert.Equal(Ascii("0800" + "8020000000000000" + "0400000000000000" + "000001" + "301"), codec.Encode(message));
    }

    [Fact]
    public void An_all_zero_secondary_bitmap_is_accepted_on_decode_and_left_out_on_re_encode()
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii"));
        var decoded = codec.Decode(Ascii("0800" + "8020000000000000" + "0000000000000000" + "000001"));
        Assert.Equal([11], decoded.Fields.ToArray());
        Assert.Equal("000001", decoded.GetString(11));
        Assert.Equal(Ascii("0800" + "0020000000000000" + "000001"), codec.Encode(decoded));
    }

    [Fact]
    public void A_hex_bitmap_in_lower_case_is_read_and_written_back_in_upper_case()
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii"));
        const string fields = "000000" + "000000000100" + "156" + "301" + "0001"; // 3, 5, 69, 70, 72
        var decoded = codec.Decode(Ascii("0800" + "a800000000000000" + "0d00000000000000" + fields));
        Assert.Equal([3, 5, 69, 70, 72], decoded.Fields.ToArray());
        Assert.Equal(Ascii("0800" + "A800000000000000" + "0D00000000000000" + fields), codec.Encode(decoded));
    }

    [Theory]
    [InlineData("0800" + "80G0000000000000", 4 + 2)]
    [InlineData("0800" + "8020000000000000" + "000000000000000x", 4 + 16 + 15)]
    public void A_hex_bitmap_with_a_non_hex_character_is_refused_as_field_1_at_that_character(string wire, int offset)
    {
        var error = DecodeError(new IsoCodec(Dialect.BuiltIn("iso87-ascii")), Ascii(wire));
        AssertError(error, IsoErrorKind.InvalidHex, field: 1, offset: offset);
        Assert.Equal("0800", error.MtiText);
    }

    [Theory]
    [InlineData("0800" + "8020", 4, 4)]
    [InlineData("0800" + "8020000000000000" + "00000000", 20, 8)]
    [InlineData("0800", 4, 0)]
    public void A_bitmap_cut_short_is_truncated_as_field_1(string wire, int offset, int remaining)
    {
        var error = DecodeError(new IsoCodec(Dialect.BuiltIn("iso87-ascii")), Ascii(wire));
        AssertError(error, IsoErrorKind.Truncated, field: 1, offset: offset);
        Assert.Equal(16, error.Expected);
        Assert.Equal(remaining, error.Actual);
    }

    [Fact]
    public void A_bit_for_a_field_the_dialect_does_not_define_is_refused_where_that_field_would_start()
    {
        var codec = Codec("n", "fixed", 6); // defines field 2 only
        var error = DecodeError(codec, Concat(Ascii("0200"), Hex("50 00 00 00 00 00 00 00"), Ascii("123456"), Ascii("999")));
        AssertError(error, IsoErrorKind.FieldNotInDialect, field: 4, offset: Start + 6);
    }

    [Fact]
    public void A_message_with_a_field_the_dialect_does_not_define_is_refused_on_encode()
    {
        var message = new IsoMessage("0200");
        message.Set(129, "7");
        var error = EncodeError(Plain.Value, message);
        Assert.Equal(IsoErrorKind.FieldNotInDialect, error.Kind);
        Assert.Equal(129, error.Field);
    }

    // ---- tertiary ----

    [Theory]
    [InlineData(129, "80 00 00 00 00 00 00 00 | 80 00 00 00 00 00 00 00 | 80 00 00 00 00 00 00 00")]
    [InlineData(130, "80 00 00 00 00 00 00 00 | 80 00 00 00 00 00 00 00 | 40 00 00 00 00 00 00 00")]
    [InlineData(192, "80 00 00 00 00 00 00 00 | 80 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 01")]
    [InlineData(66, "80 00 00 00 00 00 00 00 | 40 00 00 00 00 00 00 00")]
    [InlineData(2, "40 00 00 00 00 00 00 00")]
    public void With_a_tertiary_bitmap_bit_65_flags_a_third_bitmap_for_fields_129_to_192(int field, string bitmaps)
    {
        var message = new IsoMessage("0800");
        message.Set(field, "7");
        var expected = Concat(Ascii("0800"), Hex(bitmaps), Ascii("7"));
        Assert.Equal(expected, Tertiary.Value.Encode(message));
        var decoded = Tertiary.Value.Decode(expected);
        Assert.True(decoded.ContentEquals(message), MessageGenerators.Describe(decoded));
    }

    [Fact]
    public void Fields_in_all_three_bitmaps_are_written_in_ascending_order()
    {
        var message = new IsoMessage("0800");
        message.Set(192, "3");
        message.Set(100, "2");
        message.Set(3, "1");
        var expected = Concat(Ascii("0800"), Hex("A0 00 00 00 00 00 00 00 | 80 00 00 00 10 00 00 00 | 00 00 00 00 00 00 00 01"), Ascii("123"));
        Assert.Equal(expected, Tertiary.Value.Encode(message));
    }

    [Fact]
    public void An_all_zero_tertiary_bitmap_is_accepted_on_decode()
    {
        var decoded = Tertiary.Value.Decode(Concat(Ascii("0800"), Hex("C0 00 00 00 00 00 00 00 | 80 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00"), Ascii("7")));
        Assert.Equal([2], decoded.Fields.ToArray());
    }

    [Fact]
    public void A_tertiary_dialect_cannot_define_field_65()
    {
        var e = Assert.Throws<DialectException>(() => TestDialects.Custom("""{"number":65,"type":"b","length":"fixed","max":1}""", tertiary: true));
        Assert.Contains("field 65", e.Message, StringComparison.Ordinal);
        Assert.Contains("tertiary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_65_cannot_be_sent_as_data_with_a_tertiary_bitmap()
    {
        var message = new IsoMessage("0800");
        message.Set(65, "7");
        var error = EncodeError(Tertiary.Value, message);
        Assert.Equal(65, error.Field);
    }

    [Fact]
    public void Field_65_sent_as_data_with_a_tertiary_bitmap_is_reported_as_a_reserved_field()
    {
        var message = new IsoMessage("0800");
        message.Set(65, "7");
        var error = EncodeError(Tertiary.Value, message);
        AssertError(error, IsoErrorKind.ReservedField, field: 65, offset: 4 + 16);
    }

    [Fact]
    public void A_dialect_without_a_tertiary_bitmap_refuses_field_numbers_above_128()
    {
        var e = Assert.Throws<DialectException>(() => TestDialects.Custom("""{"number":129,"type":"n","length":"fixed","max":1}"""));
        Assert.Contains("field 129", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A dialect where every field is one digit, so a message's bytes are all bitmap but for the values.</summary>
    private static Dialect EveryField(bool tertiary)
    {
        var numbers = Enumerable.Range(2, tertiary ? 191 : 127).Where(n => !(tertiary && n == 65));
        var fields = string.Join(",", numbers.Select(n => string.Create(CultureInfo.InvariantCulture, $$"""{"number":{{n}},"type":"n","length":"fixed","max":1}""")));
        return TestDialects.Custom(fields, tertiary: tertiary);
    }
}
