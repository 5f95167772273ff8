using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using PosSim.Iso8583.Json;
using PosSim.Iso8583.Tests.Support;
using static PosSim.Iso8583.Tests.Support.TestBytes;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// The JSON line form of docs/cli.md: <c>{"mti":"0200","fields":{"3":"000000",...}}</c>, field numbers
/// as decimal strings in ascending order, text exactly as carried, binary as upper-case hex, card data
/// masked unless asked; and reading it back, with errors that name the field and its offset.
/// </summary>
public class MessageJsonTests
{
    private static readonly Dialect Ascii87 = Dialect.BuiltIn("iso87-ascii");
    private static readonly IsoCodec Codec = new(Ascii87);

    [Fact]
    public void A_message_is_one_line_with_the_mti_and_its_fields_in_ascending_order_exactly_as_carried()
    {
        var message = new IsoMessage("0200");
        message.Set(42, "MERCH000000001 ");
        message.Set(11, "000001");
        message.Set(4, "000000005000");
        message.Set(3, "000000");
        message.Set(70, "301");
        Assert.Equal(
            """{"mti":"0200","fields":{"3":"000000","4":"000000005000","11":"000001","42":"MERCH000000001 ","70":"301"}}""",
            MessageJson.Write(message, Ascii87));
    }

    [Fact]
    public void A_message_without_fields_has_an_empty_fields_object()
    {
        Assert.Equal("""{"mti":"0800","fields":{}}""", MessageJson.Write(new IsoMessage("0800"), Ascii87));
    }

    [Fact]
    public void Binary_fields_are_upper_case_hex_and_bitmaps_are_not_listed()
    {
        var message = new IsoMessage("0200");
        message.Set(52, Hex("00 01 02 03 AB CD EF FF"));
        message.Set(65, Hex("7F"));
        Assert.Equal("""{"mti":"0200","fields":{"52":"00010203ABCDEFFF","65":"7F"}}""", MessageJson.Write(message, Ascii87));
    }

    [Fact]
    public void Card_fields_2_34_35_36_and_45_are_masked_unless_unmasked_is_asked_for()
    {
        var message = new IsoMessage("0200");
        message.Set(2, "4761739001010119");
        message.Set(34, "4761739001010119");
        message.Set(35, "4761739001010119=28122011234567890");
        message.Set(36, "4761739001010119=2812");
        message.Set(45, "B4761739001010119^TEST/CARD^2812201");
        message.Set(37, "476173900101");

        var masked = Fields(MessageJson.Write(message, Ascii87));
        Assert.Equal("476173******0119", masked["2"]);
        Assert.Equal("476173******0119", masked["34"]);
        Assert.Equal("476173******0119=*****************", masked["35"]);
        Assert.Equal("476173******0119=****", masked["36"]);
        Assert.Equal("B476173******0119^*********^*******", masked["45"]);
        Assert.Equal("476173900101", masked["37"]);

        var clear = Fields(MessageJson.Write(message, Ascii87, unmasked: true));
        foreach (var field in message.Fields)
        {
            Assert.Equal(message.GetString(field), clear[field.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
    }

    [Fact]
    public void Quotes_and_backslashes_are_escaped_and_other_punctuation_stays_readable()
    {
        var message = new IsoMessage("0200");
        message.Set(48, "a\"b\\c<d>&e+f'g");
        var json = MessageJson.Write(message, Ascii87);
        Assert.Equal("""{"mti":"0200","fields":{"48":"a\"b\\c<d>&e+f'g"}}""", json);
        Assert.True(MessageJson.TryRead(json, Codec, new IsoMessage(), out _));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Reading_the_unmasked_json_of_any_valid_message_gives_the_same_message(string dialectName)
    {
        var dialect = TestDialects.ByName(dialectName);
        var codec = new IsoCodec(dialect);
        Prop.ForAll(MessageGenerators.Messages(dialect).ToArbitrary(), generated =>
        {
            var message = generated.ToMessage();
            var read = new IsoMessage();
            Assert.True(MessageJson.TryRead(MessageJson.Write(message, dialect, unmasked: true), codec, read, out var error), error.ToString());
            Assert.True(read.ContentEquals(message), MessageGenerators.Describe(read));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true));
    }

    public static TheoryData<string> Dialects() => new(TestDialects.AllNames);

    [Fact]
    public void Hex_of_binary_fields_is_read_in_either_case()
    {
        var message = new IsoMessage();
        Assert.True(MessageJson.TryRead("""{"mti":"0200","fields":{"52":"abcdef0123456789"}}""", Codec, message, out _));
        Assert.Equal(Hex("AB CD EF 01 23 45 67 89"), message.Get(52).ToArray());
    }

    [Fact]
    public void Field_formats_are_checked_when_the_message_is_encoded_not_when_it_is_read()
    {
        var message = new IsoMessage();
        Assert.True(MessageJson.TryRead("""{"mti":"0200","fields":{"4":"12X"}}""", Codec, message, out _));
        var e = Assert.Throws<IsoFormatException>(() => Codec.Encode(message));
        Assert.Equal(4, e.Field);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("""{"mti":"0200","fields":{"3":"000000"}""", "not valid JSON")]
    [InlineData("""[]""", "expected a JSON object")]
    [InlineData("""{"mti":"0200","extra":1}""", "unknown key \"extra\"")]
    [InlineData("""{"mti":"0200","fields":[]}""", "\"fields\" must be an object")]
    [InlineData("""{"mti":"0200","fields":{"1":"0000000000000000"}}""", "\"1\" is not a field number")]
    [InlineData("""{"mti":"0200","fields":{"abc":"1"}}""", "\"abc\" is not a field number")]
    [InlineData("""{"mti":"0200","fields":{"193":"1"}}""", "\"193\" is not a field number")]
    [InlineData("""{"mti":"0200","fields":{"+3":"000000"}}""", "\"+3\" is not a field number")]
    public void Json_that_is_not_a_message_is_an_error_about_the_whole_line(string json, string what)
    {
        Assert.False(MessageJson.TryRead(json, Codec, new IsoMessage(), out var error));
        Assert.Null(error.Field);
        Assert.Equal(0, error.Offset);
        Assert.Contains(what, error.What, StringComparison.Ordinal);
        Assert.Equal(error.What, error.ToString());
    }

    [Theory]
    [InlineData("""{"fields":{"3":"000000"}}""", "no \"mti\"")]
    [InlineData("""{"mti":"200","fields":{}}""", "four digits")]
    [InlineData("""{"mti":200,"fields":{}}""", "four digits")]
    [InlineData("""{"mti":"02X0","fields":{}}""", "four digits")]
    public void A_missing_or_malformed_mti_is_an_error_on_field_0(string json, string what)
    {
        Assert.False(MessageJson.TryRead(json, Codec, new IsoMessage(), out var error));
        Assert.Equal(0, error.Field);
        Assert.Equal(0, error.Offset);
        Assert.Contains(what, error.What, StringComparison.Ordinal);
    }

    [Theory]
    // iso87-ascii: MTI 4 + bitmap 16 = 20; field 2 "16"+16 digits = 18; field 3 = 6. So field 4 starts at 44.
    [InlineData("""{"mti":"0200","fields":{"2":"4761739001010119","3":"000000","4":5000}}""", 4, 44, "JSON strings")]
    [InlineData("""{"mti":"0200","fields":{"2":"4761739001010119","3":"000000","4":null}}""", 4, 44, "JSON strings")]
    [InlineData("""{"mti":"0200","fields":{"3":"000000","52":"ABC"}}""", 52, 26, "odd length")]
    [InlineData("""{"mti":"0200","fields":{"3":"000000","52":"GG00000000000000"}}""", 52, 26, "not a hex digit")]
    [InlineData("""{"mti":"0200","fields":{"3":"000000","43":"Café"}}""", 43, 26, "not ASCII")]
    [InlineData("""{"mti":"0200","fields":{"3":"000000","70":301}}""", 70, 4 + 32 + 6, "JSON strings")] // two bitmaps
    [InlineData("""{"mti":"0200","fields":{"3":"000000","3":"000001"}}""", 3, 20, "given twice")]
    public void A_bad_field_value_is_an_error_naming_the_field_and_where_it_would_start(string json, int field, int offset, string what)
    {
        Assert.False(MessageJson.TryRead(json, Codec, new IsoMessage(), out var error));
        Assert.Equal(field, error.Field);
        Assert.Equal(offset, error.Offset);
        Assert.Contains(what, error.What, StringComparison.Ordinal);
        Assert.StartsWith($"field {field} at offset {offset}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Of_several_bad_fields_the_lowest_numbered_is_reported()
    {
        Assert.False(MessageJson.TryRead("""{"mti":"0200","fields":{"52":"A","4":4,"11":"000001"}}""", Codec, new IsoMessage(), out var error));
        Assert.Equal(4, error.Field);
        Assert.Equal(20, error.Offset);
    }

    [Fact]
    public void Reading_clears_the_message_first()
    {
        var message = new IsoMessage("0810");
        message.Set(39, "00");
        Assert.True(MessageJson.TryRead("""{"mti":"0800","fields":{"70":"301"}}""", Codec, message, out _));
        Assert.Equal("0800", message.Mti);
        Assert.Equal([70], message.Fields.ToArray());
    }

    private static Dictionary<string, string> Fields(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    [Theory]
    [InlineData("""{"mti":"0200","fields":{"4":"x","4":"000000000100"}}""", 4)]
    [InlineData("""{"mti":"0200","fields":{"4":"000000000100","4":"000000000100"}}""", 4)]
    public void A_field_given_twice_is_an_error_even_when_its_first_value_is_bad(string json, int field)
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii"));
        Assert.False(PosSim.Iso8583.Json.MessageJson.TryRead(json, codec, new IsoMessage(), out var error));
        Assert.Equal(field, error.Field);
        Assert.Contains("twice", error.What, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_fields_key_is_an_error_not_a_silent_replacement()
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii"));
        var json = """{"mti":"0200","fields":{"3":"000000"},"fields":{"4":"000000000100"}}""";
        Assert.False(PosSim.Iso8583.Json.MessageJson.TryRead(json, codec, new IsoMessage(), out var error));
        Assert.Null(error.Field);
        Assert.Contains("twice", error.What, StringComparison.Ordinal);
    }
}
