using PosSim.Iso8583.Tests.Support;
using static PosSim.Iso8583.Tests.Support.OneField;
using static PosSim.Iso8583.Tests.Support.TestBytes;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// Fixed fields (padding on encode, by justification and pad character) and variable fields (LL, LLL,
/// LLLL prefixes in ASCII, BCD, binary and EBCDIC), the length limits, and odd-length BCD padding as
/// jPOS ISO87BPackager does it: fixed numerics padded on the left, variable ones on the right.
/// </summary>
public class LengthKindTests
{
    // ---- fixed ----

    [Fact]
    public void Fixed_numeric_shorter_than_its_length_is_zero_padded_on_the_left()
    {
        Assert.Equal(Ascii("000123"), Encode(Codec("n", "fixed", 6), "123"));
    }

    [Fact]
    public void Fixed_text_shorter_than_its_length_is_space_padded_on_the_right()
    {
        Assert.Equal(Ascii("AB      "), Encode(Codec("ans", "fixed", 8), "AB"));
        Assert.Equal(Ascii("AB  "), Encode(Codec("an", "fixed", 4), "AB"));
        Assert.Equal(Ascii("AB  "), Encode(Codec("a", "fixed", 4), "AB"));
    }

    [Fact]
    public void Fixed_numeric_justified_left_is_zero_padded_on_the_right()
    {
        Assert.Equal(Ascii("123000"), Encode(Codec("n", "fixed", 6, "\"justify\":\"left\""), "123"));
    }

    [Fact]
    public void Fixed_text_justified_right_is_space_padded_on_the_left()
    {
        Assert.Equal(Ascii("    AB"), Encode(Codec("an", "fixed", 6, "\"justify\":\"right\""), "AB"));
    }

    [Fact]
    public void Fixed_field_with_its_own_pad_character_is_padded_with_it()
    {
        Assert.Equal(Ascii("AB****"), Encode(Codec("ans", "fixed", 6, "\"pad\":\"*\""), "AB"));
    }

    [Fact]
    public void Fixed_field_with_pad_none_must_be_given_at_its_full_length()
    {
        var error = EncodeError(Codec("an", "fixed", 6, "\"pad\":\"none\""), Message("AB"));
        AssertError(error, IsoErrorKind.WrongLength, field: 2, offset: Start);
        Assert.Equal(6, error.Expected);
        Assert.Equal(2, error.Actual);
    }

    [Theory]
    [InlineData("b", "\"encoding\":\"binary\"", "AB")]
    [InlineData("z", "", "1234")]
    [InlineData("x+n", "", "C123")]
    public void Fixed_binary_track2_and_signed_amount_fields_are_never_padded(string type, string extra, string value)
    {
        var error = EncodeError(Codec(type, "fixed", 8, extra), Message(value));
        AssertError(error, IsoErrorKind.WrongLength, field: 2, offset: Start);
    }

    [Fact]
    public void Fixed_value_longer_than_its_length_is_refused_on_encode()
    {
        var error = EncodeError(Codec("n", "fixed", 6), Message("1234567"));
        AssertError(error, IsoErrorKind.WrongLength, field: 2, offset: Start);
        Assert.Equal(6, error.Expected);
        Assert.Equal(7, error.Actual);
    }

    [Fact]
    public void Fixed_numeric_in_bcd_shorter_than_its_length_is_zero_padded_before_packing()
    {
        Assert.Equal(Hex("00 01 23"), Encode(Codec("n", "fixed", 6, "\"encoding\":\"bcd\""), "123"));
    }

    [Fact]
    public void Fixed_field_cut_short_is_truncated_at_its_start()
    {
        var error = DecodeError(Codec("n", "fixed", 6), Wire(Ascii("1234")));
        AssertError(error, IsoErrorKind.Truncated, field: 2, offset: Start);
        Assert.Equal(6, error.Expected);
        Assert.Equal(4, error.Actual);
    }

    // ---- variable: the prefix ----

    [Theory]
    [InlineData("LL", "05")]
    [InlineData("LLL", "005")]
    [InlineData("LLLL", "0005")]
    public void Ascii_prefix_is_the_character_count_in_2_3_or_4_digits(string kind, string prefix)
    {
        var codec = Codec("ans", kind, 99);
        Assert.Equal(Ascii(prefix + "HELLO"), Encode(codec, "HELLO"));
        Assert.Equal("HELLO", Decode(codec, Wire(Ascii(prefix + "HELLO"))));
    }

    [Theory]
    [InlineData("LL", 5, "05")]
    [InlineData("LL", 99, "99")]
    [InlineData("LLL", 5, "00 05")]
    [InlineData("LLL", 123, "01 23")]
    [InlineData("LLLL", 5, "00 05")]
    [InlineData("LLLL", 1234, "12 34")]
    public void Bcd_prefix_takes_1_byte_for_LL_and_2_bytes_for_LLL_and_LLLL(string kind, int length, string prefix)
    {
        var codec = Codec("ans", kind, kind switch { "LL" => 99, "LLL" => 999, _ => 9999 }, "\"prefix\":\"bcd\"");
        var value = new string('x', length);
        Assert.Equal(Concat(Hex(prefix), Ascii(value)), Encode(codec, value));
        Assert.Equal(value, Decode(codec, Wire(Hex(prefix), Ascii(value))));
    }

    [Theory]
    [InlineData("LL", 5, "05")]
    [InlineData("LL", 255, "FF")]
    [InlineData("LLL", 300, "01 2C")]
    [InlineData("LLLL", 5, "00 05")]
    public void Binary_prefix_takes_1_byte_for_LL_and_2_big_endian_bytes_for_LLL_and_LLLL(string kind, int length, string prefix)
    {
        var codec = Codec("ans", kind, kind == "LL" ? 255 : 9999, "\"prefix\":\"binary\"");
        var value = new string('x', length);
        Assert.Equal(Concat(Hex(prefix), Ascii(value)), Encode(codec, value));
        Assert.Equal(value, Decode(codec, Wire(Hex(prefix), Ascii(value))));
    }

    [Theory]
    [InlineData("LL", "F0 F5")]
    [InlineData("LLL", "F0 F0 F5")]
    [InlineData("LLLL", "F0 F0 F0 F5")]
    public void Ebcdic_prefix_is_the_count_in_ebcdic_digits(string kind, string prefix)
    {
        var codec = Codec("ans", kind, 99, "\"prefix\":\"ebcdic\"");
        Assert.Equal(Concat(Hex(prefix), Ascii("HELLO")), Encode(codec, "HELLO"));
        Assert.Equal("HELLO", Decode(codec, Wire(Hex(prefix), Ascii("HELLO"))));
    }

    [Fact]
    public void Empty_variable_field_is_a_zero_prefix_and_nothing_else()
    {
        var codec = Codec("ans", "LLL", 999);
        Assert.Equal(Ascii("000"), Encode(codec, ""));
        var decoded = codec.Decode(Wire(Ascii("000")));
        Assert.True(decoded.Has(2));
        Assert.Equal("", decoded.GetString(2));
    }

    [Fact]
    public void Variable_field_at_its_maximum_is_accepted_and_one_more_is_refused_on_encode()
    {
        var codec = Codec("n", "LL", 19);
        Assert.Equal(Ascii("19" + new string('1', 19)), Encode(codec, new string('1', 19)));
        var error = EncodeError(codec, Message(new string('1', 20)));
        AssertError(error, IsoErrorKind.LengthExceedsMaximum, field: 2, offset: Start);
        Assert.Equal(19, error.Expected);
        Assert.Equal(20, error.Actual);
    }

    [Theory]
    [InlineData("ascii", "3230")] // "20"
    [InlineData("bcd", "20")]
    [InlineData("binary", "14")]
    [InlineData("ebcdic", "F2F0")]
    public void Length_over_the_maximum_is_refused_on_decode_at_the_offset_of_the_prefix(string prefixEncoding, string prefix)
    {
        // Field 2 (fixed, 6 digits) first, so the prefix of field 3 is not at the start of the fields.
        var codec = new IsoCodec(TestDialects.Custom(
            $$"""{"number":2,"type":"n","length":"fixed","max":6},{"number":3,"type":"n","length":"LL","max":19,"prefix":"{{prefixEncoding}}"}"""));
        var wire = Concat(Ascii("0200"), Hex("60 00 00 00 00 00 00 00"), Ascii("123456"), Hex(prefix), Ascii(new string('1', 20)));
        var error = DecodeError(codec, wire);
        AssertError(error, IsoErrorKind.LengthExceedsMaximum, field: 3, offset: Start + 6);
        Assert.Equal(19, error.Expected);
        Assert.Equal(20, error.Actual);
    }

    [Theory]
    [InlineData("0A", 1)]
    [InlineData(" 5", 0)]
    [InlineData("-1", 0)]
    public void Ascii_prefix_that_is_not_digits_is_refused_at_the_bad_byte(string prefix, int badIndex)
    {
        var error = DecodeError(Codec("ans", "LL", 99), Wire(Ascii(prefix + "HELLO")));
        AssertError(error, IsoErrorKind.InvalidLengthPrefix, field: 2, offset: Start + badIndex);
    }

    [Theory]
    [InlineData("LL", "1A", 0)]
    [InlineData("LL", "A1", 0)]
    [InlineData("LLL", "10 05", 0)] // three digits in two bytes: the leading pad nibble must be 0
    [InlineData("LLL", "00 0A", 1)]
    [InlineData("LLLL", "0A 00", 0)]
    public void Bcd_prefix_with_a_nibble_that_is_not_a_digit_is_refused_at_its_byte(string kind, string prefix, int badIndex)
    {
        var error = DecodeError(Codec("ans", kind, 99, "\"prefix\":\"bcd\""), Wire(Hex(prefix), Ascii("HELLO")));
        AssertError(error, IsoErrorKind.InvalidLengthPrefix, field: 2, offset: Start + badIndex);
    }

    [Fact]
    public void Ebcdic_prefix_that_is_not_ebcdic_digits_is_refused()
    {
        var error = DecodeError(Codec("ans", "LL", 99, "\"prefix\":\"ebcdic\""), Wire(Hex("F0 C1"), Ascii("HELLO")));
        AssertError(error, IsoErrorKind.InvalidLengthPrefix, field: 2, offset: Start + 1);
    }

    [Fact]
    public void Prefix_cut_short_is_truncated_at_the_prefix()
    {
        var error = DecodeError(Codec("ans", "LLL", 999), Wire(Ascii("00")));
        AssertError(error, IsoErrorKind.Truncated, field: 2, offset: Start);
        Assert.Equal(3, error.Expected);
        Assert.Equal(2, error.Actual);
    }

    [Fact]
    public void Variable_content_cut_short_is_truncated_after_the_prefix()
    {
        var error = DecodeError(Codec("ans", "LL", 99), Wire(Ascii("10HELLO")));
        AssertError(error, IsoErrorKind.Truncated, field: 2, offset: Start + 2);
        Assert.Equal(10, error.Expected);
        Assert.Equal(5, error.Actual);
    }

    // ---- odd-length BCD, as jPOS ISO87BPackager ----

    [Fact]
    public void Odd_length_fixed_bcd_numeric_is_padded_with_a_0_nibble_on_the_left()
    {
        var codec = Codec("n", "fixed", 3, "\"encoding\":\"bcd\"");
        Assert.Equal(Hex("01 23"), Encode(codec, "123"));
        Assert.Equal("123", Decode(codec, Wire(Hex("01 23"))));
    }

    [Fact]
    public void Odd_length_variable_bcd_numeric_is_padded_with_a_0_nibble_on_the_right()
    {
        var codec = Codec("n", "LL", 19, "\"encoding\":\"bcd\",\"prefix\":\"bcd\"");
        Assert.Equal(Hex("03 | 12 30"), Encode(codec, "123"));
        Assert.Equal("123", Decode(codec, Wire(Hex("03 | 12 30"))));
    }

    [Fact]
    public void Odd_length_variable_bcd_numeric_justified_right_is_padded_on_the_left()
    {
        var codec = Codec("n", "LL", 19, "\"encoding\":\"bcd\",\"prefix\":\"bcd\",\"justify\":\"right\"");
        Assert.Equal(Hex("03 | 01 23"), Encode(codec, "123"));
        Assert.Equal("123", Decode(codec, Wire(Hex("03 | 01 23"))));
    }

    [Fact]
    public void Odd_length_bcd_accepts_an_F_pad_nibble_on_decode()
    {
        Assert.Equal("123", Decode(Codec("n", "LL", 19, "\"encoding\":\"bcd\",\"prefix\":\"bcd\""), Wire(Hex("03 | 12 3F"))));
        Assert.Equal("123", Decode(Codec("n", "fixed", 3, "\"encoding\":\"bcd\""), Wire(Hex("F1 23"))));
    }

    [Theory]
    [InlineData("fixed", "", "11 23", 0)]
    [InlineData("LL", "03 |", "12 31", 1)]
    public void Odd_length_bcd_with_a_pad_nibble_other_than_0_or_F_is_refused(string kind, string prefix, string content, int badByte)
    {
        var codec = Codec("n", kind, kind == "fixed" ? 3 : 19, "\"encoding\":\"bcd\",\"prefix\":\"bcd\"");
        var prefixBytes = Hex(prefix);
        var error = DecodeError(codec, Wire(prefixBytes, Hex(content)));
        AssertError(error, IsoErrorKind.InvalidBcd, field: 2, offset: Start + prefixBytes.Length + badByte);
    }

    [Fact]
    public void Shipped_binary_dialect_packs_a_19_digit_pan_in_10_bytes_padded_on_the_right_and_field_22_on_the_left()
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-binary"));
        var message = new IsoMessage("0200");
        message.Set(2, "4761739001010119003");
        message.Set(22, "051");
        var expected = Hex("""
            02 00 | 40 00 04 00 00 00 00 00
            19 | 47 61 73 90 01 01 01 19 00 30
            00 51
            """);
        Assert.Equal(expected, codec.Encode(message));
        Assert.True(codec.Decode(expected).ContentEquals(message));
    }
}
