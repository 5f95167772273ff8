using System.Text;
using PosSim.Iso8583.Tests.Support;
using static PosSim.Iso8583.Tests.Support.OneField;
using static PosSim.Iso8583.Tests.Support.TestBytes;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// Each ISO 8583 data type: which characters it takes, how each encoding carries them, and the exact
/// field, offset and rule reported for a character it does not take. Offsets count from the first MTI
/// byte; field 2 starts at byte 12 (see <see cref="OneField"/>). On decode the offset is the bad byte's;
/// on encode it is the start of the field (its length prefix), because the wire bytes do not exist yet.
/// </summary>
public class FieldTypeTests
{
    // ---- n: numeric ----

    [Fact]
    public void Numeric_field_carries_its_digits_as_ascii()
    {
        var codec = Codec("n", "LL", 19);
        Assert.Equal(Ascii("16" + "4761739001010119"), Encode(codec, "4761739001010119"));
        Assert.Equal("4761739001010119", Decode(codec, Wire(Ascii("164761739001010119"))));
    }

    [Fact]
    public void Numeric_field_rejects_a_letter_at_the_offset_of_that_letter()
    {
        var error = DecodeError(Codec("n", "LL", 19), Wire(Ascii("05" + "12A45")));
        AssertError(error, IsoErrorKind.InvalidCharacter, field: 2, offset: Start + 2 + 2);
        Assert.Equal((byte)'A', error.Actual);
        Assert.Equal("0200", error.MtiText);
        Assert.Equal("field 2 at offset 16: byte 0x41 ('A') is not allowed: a numeric (n) field takes digits 0-9 only (MTI 0200)", error.ToString());
    }

    [Fact]
    public void Numeric_value_with_a_letter_is_refused_on_encode_at_the_start_of_the_field()
    {
        var error = EncodeError(Codec("n", "LL", 19), Message("12A45"));
        AssertError(error, IsoErrorKind.InvalidCharacter, field: 2, offset: Start);
    }

    [Fact]
    public void Numeric_bcd_field_packs_two_digits_a_byte()
    {
        var codec = Codec("n", "fixed", 6, "\"encoding\":\"bcd\"");
        Assert.Equal(Hex("12 34 56"), Encode(codec, "123456"));
        Assert.Equal("123456", Decode(codec, Wire(Hex("12 34 56"))));
    }

    [Theory]
    [InlineData("1A 34 56", 0)]
    [InlineData("12 34 F6", 2)]
    public void Numeric_bcd_field_rejects_a_nibble_above_9_at_the_offset_of_its_byte(string content, int badByte)
    {
        var error = DecodeError(Codec("n", "fixed", 6, "\"encoding\":\"bcd\""), Wire(Hex(content)));
        AssertError(error, IsoErrorKind.InvalidBcd, field: 2, offset: Start + badByte);
    }

    [Fact]
    public void Numeric_ebcdic_field_carries_digits_as_F0_to_F9_and_rejects_a_letter()
    {
        var codec = Codec("n", "fixed", 3, "\"encoding\":\"ebcdic\"");
        Assert.Equal(Hex("F1 F2 F3"), Encode(codec, "123"));
        Assert.Equal("123", Decode(codec, Wire(Hex("F1 F2 F3"))));
        AssertError(DecodeError(codec, Wire(Hex("F1 C1 F3"))), IsoErrorKind.InvalidCharacter, field: 2, offset: Start + 1);
    }

    // ---- a, an, ans ----

    [Fact]
    public void Alpha_field_takes_letters_and_spaces_only()
    {
        var codec = Codec("a", "LL", 20);
        Assert.Equal("Hello World", Decode(codec, Wire(Ascii("11Hello World"))));
        var error = DecodeError(codec, Wire(Ascii("05ab1de")));
        AssertError(error, IsoErrorKind.InvalidCharacter, field: 2, offset: Start + 2 + 2);
        Assert.Equal((int)FieldType.Alpha, error.Expected);
    }

    [Fact]
    public void Alphanumeric_field_takes_letters_digits_and_spaces_but_not_punctuation()
    {
        var codec = Codec("an", "LL", 20);
        Assert.Equal("Term 01", Decode(codec, Wire(Ascii("07Term 01"))));
        AssertError(DecodeError(codec, Wire(Ascii("07Term-01"))), IsoErrorKind.InvalidCharacter, field: 2, offset: Start + 2 + 4);
        AssertError(EncodeError(codec, Message("Term_01")), IsoErrorKind.InvalidCharacter, field: 2, offset: Start);
    }

    [Fact]
    public void Alphanumeric_special_field_takes_every_printable_ascii_character()
    {
        var codec = Codec("ans", "LLL", 999);
        var printable = new string(Enumerable.Range(0x20, 0x5F).Select(i => (char)i).ToArray());
        Assert.Equal(95, printable.Length);
        var wire = Wire(Ascii("095" + printable));
        Assert.Equal(wire, codec.Encode(Message(printable)));
        Assert.Equal(printable, Decode(codec, wire));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x1F)]
    [InlineData(0x7F)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void Alphanumeric_special_field_rejects_control_and_non_ascii_bytes(int bad)
    {
        var error = DecodeError(Codec("ans", "LLL", 999), Wire(Ascii("004ab"), [(byte)bad], Ascii("c")));
        AssertError(error, IsoErrorKind.InvalidCharacter, field: 2, offset: Start + 3 + 2);
        Assert.Equal(bad, error.Actual);
    }

    // ---- x+n: signed amount ----

    [Theory]
    [InlineData("C00001000")]
    [InlineData("D00001000")]
    public void Signed_amount_takes_a_C_or_D_indicator_followed_by_digits(string value)
    {
        var codec = Codec("x+n", "fixed", 9);
        Assert.Equal(Ascii(value), Encode(codec, value));
        Assert.Equal(value, Decode(codec, Wire(Ascii(value))));
    }

    [Theory]
    [InlineData('0')]
    [InlineData('+')]
    [InlineData('-')]
    [InlineData('c')]
    [InlineData('F')]
    public void Signed_amount_rejects_any_indicator_other_than_C_or_D(char indicator)
    {
        var codec = Codec("x+n", "fixed", 9);
        AssertError(DecodeError(codec, Wire(Ascii(indicator + "00001000"))), IsoErrorKind.InvalidCharacter, field: 2, offset: Start);
        AssertError(EncodeError(codec, Message(indicator + "00001000")), IsoErrorKind.InvalidCharacter, field: 2, offset: Start);
    }

    [Fact]
    public void Signed_amount_rejects_a_non_digit_after_the_indicator_at_its_offset()
    {
        var error = DecodeError(Codec("x+n", "fixed", 9), Wire(Ascii("C0000A000")));
        AssertError(error, IsoErrorKind.InvalidCharacter, field: 2, offset: Start + 5);
        Assert.Equal((int)FieldType.SignedAmount, error.Expected);
    }

    [Fact]
    public void Signed_amount_in_bcd_carries_the_indicator_as_one_ascii_byte_before_packed_digits()
    {
        // jPOS IFB_AMOUNT: 'D' then the 8 digits in 4 BCD bytes.
        var codec = Codec("x+n", "fixed", 9, "\"encoding\":\"bcd\"");
        Assert.Equal(Hex("44 00 00 12 34"), Encode(codec, "D00001234"));
        Assert.Equal("D00001234", Decode(codec, Wire(Hex("44 00 00 12 34"))));
    }

    [Fact]
    public void Signed_amount_in_bcd_with_an_odd_digit_count_pads_the_digits_on_the_left()
    {
        var codec = Codec("x+n", "fixed", 8, "\"encoding\":\"bcd\"");
        Assert.Equal(Hex("43 00 00 12 34"), Encode(codec, "C0001234"));
        Assert.Equal("C0001234", Decode(codec, Wire(Hex("43 00 00 12 34"))));
    }

    [Fact]
    public void Signed_amount_in_bcd_with_a_bad_indicator_is_reported_at_the_indicator_byte()
    {
        var error = DecodeError(Codec("x+n", "fixed", 9, "\"encoding\":\"bcd\""), Wire(Hex("46 00 00 12 34")));
        AssertError(error, IsoErrorKind.InvalidCharacter, field: 2, offset: Start);
        Assert.Equal((byte)'F', error.Actual);
    }

    // ---- z: track 2 ----

    [Fact]
    public void Track2_in_ascii_carries_digits_and_the_equals_separator()
    {
        var codec = Codec("z", "LL", 37);
        const string track = "4761739001010119=28122011234567";
        Assert.Equal(Ascii("31" + track), Encode(codec, track));
        Assert.Equal(track, Decode(codec, Wire(Ascii("31" + track))));
    }

    [Theory]
    [InlineData('D')]
    [InlineData('A')]
    [InlineData('^')]
    [InlineData(' ')]
    public void Track2_in_ascii_rejects_characters_outside_iso_7813(char bad)
    {
        var error = DecodeError(Codec("z", "LL", 37), Wire(Ascii("054761" + bad)));
        AssertError(error, IsoErrorKind.InvalidCharacter, field: 2, offset: Start + 2 + 4);
        Assert.Equal((int)FieldType.Track2, error.Expected);
    }

    [Fact]
    public void Track2_in_bcd_carries_the_equals_separator_as_a_D_nibble_and_pads_an_odd_length_on_the_right()
    {
        var codec = Codec("z", "LL", 37, "\"encoding\":\"bcd\",\"prefix\":\"bcd\"");
        const string track = "4761739001010119=281220"; // 23 characters
        var wire = Hex("23 | 47 61 73 90 01 01 01 19 D2 81 22 00");
        Assert.Equal(wire, Encode(codec, track));
        Assert.Equal(track, Decode(codec, Wire(wire)));
    }

    [Fact]
    public void Track2_in_bcd_reads_the_nibbles_A_to_F_as_the_characters_colon_to_question_mark()
    {
        var codec = Codec("z", "LL", 37, "\"encoding\":\"bcd\",\"prefix\":\"bcd\"");
        Assert.Equal("0123456789:;<=>?", Decode(codec, Wire(Hex("16 | 01 23 45 67 89 AB CD EF"))));
        Assert.Equal(Hex("16 | 01 23 45 67 89 AB CD EF"), Encode(codec, "0123456789:;<=>?"));
    }

    [Fact]
    public void Track2_in_bcd_accepts_an_F_pad_nibble_and_re_encodes_it_as_0()
    {
        var codec = Codec("z", "LL", 37, "\"encoding\":\"bcd\",\"prefix\":\"bcd\"");
        Assert.Equal("4761=2", Decode(codec, Wire(Hex("06 | 47 61 D2"))));
        Assert.Equal("47612", Decode(codec, Wire(Hex("05 | 47 61 2F"))));
        Assert.Equal(Hex("05 | 47 61 20"), Encode(codec, "47612"));
    }

    [Fact]
    public void Track2_in_bcd_refuses_a_letter_on_encode()
    {
        var codec = Codec("z", "LL", 37, "\"encoding\":\"bcd\",\"prefix\":\"bcd\"");
        AssertError(EncodeError(codec, Message("4761D2812")), IsoErrorKind.InvalidCharacter, field: 2, offset: Start);
    }

    // ---- b: binary ----

    [Fact]
    public void Binary_field_in_hex_carries_each_byte_as_two_upper_case_hex_characters()
    {
        var codec = Codec("b", "fixed", 4, "\"encoding\":\"hex\"");
        Assert.Equal(Ascii("DEADBEEF"), codec.Encode(Message(Hex("DE AD BE EF")))[Start..]);
        Assert.Equal(Hex("DE AD BE EF"), codec.Decode(Wire(Ascii("DEADBEEF"))).Get(2).ToArray());
    }

    [Fact]
    public void Binary_field_in_hex_accepts_lower_case_on_decode()
    {
        var codec = Codec("b", "fixed", 4, "\"encoding\":\"hex\"");
        Assert.Equal(Hex("DE AD BE EF"), codec.Decode(Wire(Ascii("deadBeef"))).Get(2).ToArray());
    }

    [Theory]
    [InlineData("DEADBGEF", 5)]
    [InlineData("G0000000", 0)]
    [InlineData("0000000 ", 7)]
    public void Binary_field_in_hex_rejects_a_non_hex_character_at_its_offset(string content, int badIndex)
    {
        var error = DecodeError(Codec("b", "fixed", 4, "\"encoding\":\"hex\""), Wire(Ascii(content)));
        AssertError(error, IsoErrorKind.InvalidHex, field: 2, offset: Start + badIndex);
    }

    [Fact]
    public void Binary_field_raw_carries_any_byte_as_is()
    {
        var codec = Codec("b", "fixed", 4, "\"encoding\":\"binary\"");
        Assert.Equal(Hex("00 FF 80 7F"), codec.Encode(Message(Hex("00 FF 80 7F")))[Start..]);
        Assert.Equal(Hex("00 FF 80 7F"), codec.Decode(Wire(Hex("00 FF 80 7F"))).Get(2).ToArray());
    }

    [Fact]
    public void Variable_binary_field_in_hex_counts_bytes_not_hex_characters_in_its_prefix()
    {
        var codec = Codec("b", "LL", 16, "\"encoding\":\"hex\"");
        Assert.Equal(Ascii("03" + "0A0B0C"), codec.Encode(Message(Hex("0A 0B 0C")))[Start..]);
        Assert.Equal(Hex("0A 0B 0C"), codec.Decode(Wire(Ascii("030A0B0C"))).Get(2).ToArray());
    }

    // ---- EBCDIC text ----

    [Fact]
    public void Text_field_in_ebcdic_carries_code_page_037()
    {
        var codec = Codec("ans", "fixed", 11, "\"encoding\":\"ebcdic\"");
        var wire = Hex("C1 C2 C3 40 81 82 83 40 F1 F2 F3");
        Assert.Equal(wire, Encode(codec, "ABC abc 123"));
        Assert.Equal("ABC abc 123", Decode(codec, Wire(wire)));
    }

    [Fact]
    public void Ebcdic_translation_agrees_with_the_platform_code_page_037_for_every_printable_character()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var cp037 = Encoding.GetEncoding(37);
        var codec = Codec("ans", "LLL", 999, "\"encoding\":\"ebcdic\"");
        var printable = new string(Enumerable.Range(0x20, 0x5F).Select(i => (char)i).ToArray());

        var content = codec.Encode(Message(printable))[(Start + 3)..];

        for (var i = 0; i < printable.Length; i++)
        {
            Assert.True(cp037.GetBytes(printable[i].ToString())[0] == content[i], $"'{printable[i]}': codec 0x{content[i]:X2}, cp037 0x{cp037.GetBytes(printable[i].ToString())[0]:X2}");
        }

        Assert.Equal(printable, Decode(codec, Wire(Ascii("095"), cp037.GetBytes(printable))));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x41)] // no-break space in code page 037: not printable ASCII
    [InlineData(0xFF)]
    public void Text_field_in_ebcdic_rejects_a_byte_with_no_printable_ascii_twin(int bad)
    {
        var error = DecodeError(Codec("ans", "fixed", 3, "\"encoding\":\"ebcdic\""), Wire(Hex("C1"), [(byte)bad], Hex("C3")));
        AssertError(error, IsoErrorKind.InvalidEbcdic, field: 2, offset: Start + 1);
        Assert.Equal(bad, error.Actual);
    }
}
