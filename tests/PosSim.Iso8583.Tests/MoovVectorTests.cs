using System.Text;
using System.Text.Json;
using PosSim.Iso8583.Tests.Support;
using static PosSim.Iso8583.Tests.Support.TestBytes;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// The moov-io/iso8583 vectors (shared/vectors/moov; see its README for provenance). Those in moov's
/// default encoding are read with our iso87-ascii dialect; the "special encoding" ones with dialect JSON
/// written here, as a user would.
/// </summary>
/// <remarks>
/// Two special-encoding files are left out because our dialect format cannot express them:
/// message_with_hex_length.dat writes the LL of field 32 as ONE ASCII hex character ('B' = 11), and
/// message_with_hex_bcd.dat writes an LLL as left-justified BCD (00 80 = 008 padded on the right). Our
/// prefixes are 2-4 decimal digits (ASCII, EBCDIC or right-justified BCD) or a binary count. The tests
/// at the end pin how our nearest dialects refuse them, so nobody mistakes that for support.
/// moov's "valid"/"invalid" labels are partly business validation (dates, which fields an 0420 must
/// carry), which is not the codec's job: those files decode here and re-encode byte for byte.
/// </remarks>
public class MoovVectorTests
{
    private static readonly IsoCodec Ascii87 = new(Dialect.BuiltIn("iso87-ascii"));

    [Theory]
    [InlineData("financial_transaction_message.dat", "0200", new[] { 3, 4, 7, 11, 12, 13, 15, 18, 32, 37, 42, 48, 49, 60 })]
    [InlineData("financial_transaction_message_response.dat", "0210", new[] { 3, 4, 7, 11, 12, 13, 15, 18, 32, 37, 39, 42, 48, 49, 60 })]
    [InlineData("iso_reversal_message.dat", "0400", new[] { 2, 3, 4, 7, 11, 12, 13, 15, 18, 32, 37, 42, 48, 49, 55, 63, 90 })]
    [InlineData("iso_reversal_message_response.dat", "0410", new[] { 2, 3, 4, 7, 11, 12, 13, 15, 18, 32, 37, 39, 42, 48, 49, 55, 63, 90 })]
    [InlineData("iso_reversal_repeat_message.dat", "0401", new[] { 2, 3, 4, 7, 11, 12, 13, 15, 18, 32, 37, 42, 48, 49, 55, 63, 90 })]
    [InlineData("iso_reversal_repeat_message_response.dat", "0410", new[] { 2, 3, 4, 7, 11, 12, 13, 15, 18, 32, 37, 39, 42, 48, 49, 55, 63, 90 })]
    [InlineData("iso_reversal_message_advice.dat", "0420", new[] { 2, 3, 4, 7, 11, 12, 25, 32 })]
    [InlineData("network_management_message.dat", "0800", new[] { 7, 11, 12, 13, 15, 70 })]
    [InlineData("network_management_message_response.dat", "0810", new[] { 7, 11, 12, 13, 15, 39, 70, 73 })]
    // "Invalid" only by moov's business rules (a 9099 date; a missing or unexpected field for an 0420):
    [InlineData("iso_reversal_message_error_date.dat", "0400", new[] { 2, 3, 4, 7, 11, 12, 13, 15, 18, 32, 37, 42, 48, 49, 55, 63, 90 })]
    [InlineData("iso_reversal_message_advice_missing_field.dat", "0420", new[] { 2, 3, 4, 7, 11, 12, 25 })]
    [InlineData("iso_reversal_message_advice_unexpected_field.dat", "0420", new[] { 2, 3, 4, 7, 11, 12, 13, 14, 25, 32 })]
    public void Moov_default_encoding_vector_decodes_and_re_encodes_byte_for_byte(string file, string mti, int[] fields)
    {
        var bytes = Read(file);
        var message = Ascii87.Decode(bytes);
        Assert.Equal(mti, message.Mti);
        Assert.Equal(fields, message.Fields.ToArray());
        Assert.Equal(bytes, Ascii87.Encode(message));
    }

    [Fact]
    public void Moov_reversal_decodes_to_the_values_in_its_json()
    {
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Paths.SharedVectors, "moov", "iso_reversal_message.json")));
        var root = expected.RootElement;
        var message = Ascii87.Decode(Read("iso_reversal_message.dat"));

        Assert.Equal(root.GetProperty("mti").GetString(), message.Mti);
        Assert.Equal(root.GetProperty("bitmap").GetString(), BitString(message, 1, secondaryFlag: message.HasSecondaryFields));
        foreach (var element in root.GetProperty("elements").EnumerateObject())
        {
            var field = int.Parse(element.Name, System.Globalization.CultureInfo.InvariantCulture);
            if (field == 1)
            {
                Assert.Equal(element.Value.GetString(), BitString(message, 65, secondaryFlag: false));
                continue;
            }

            Assert.True(element.Value.GetString() == message.GetString(field), $"field {field}: expected '{element.Value.GetString()}', got '{message.GetString(field)}'");
        }

        // The README's remarks, checked directly.
        Assert.Equal("", message.GetString(32));
        Assert.Equal("00003430003948 ", message.GetString(42));
        Assert.Equal(42, message.GetString(90)!.Length);
    }

    [Fact]
    public void Moov_error_message_is_truncated_inside_field_55()
    {
        var bytes = Read("error_message.dat");
        Assert.Equal(206, bytes.Length);
        var full = Read("iso_reversal_message.dat");
        var field55Content = Encoding.ASCII.GetString(full).IndexOf("003317000394809080646510000000", StringComparison.Ordinal); // after its "030" prefix

        Assert.False(Ascii87.TryDecode(bytes, new IsoMessage(), out var error));
        OneField.AssertError(error, IsoErrorKind.Truncated, field: 55, offset: field55Content);
        Assert.Equal(30, error.Expected);
        Assert.Equal(206 - field55Content, error.Actual);
        Assert.Equal("0400", error.MtiText);
    }

    [Theory]
    [InlineData("network_management_message_with_track.dat")] // C6 C6 C6 = EBCDIC "FFF"
    [InlineData("network_management_message_with_error_track.dat")] // C9 C9 C9 = EBCDIC "III"
    public void Moov_track_vectors_are_refused_because_their_field_35_is_not_iso_7813_track_2(string file)
    {
        // moov's old spec read track data as EBCDIC and called "FFF" valid; in ISO 7813 (our z type) a
        // track 2 character is 0-9 : ; < = > ?. Neither the ASCII nor an EBCDIC reading of field 35 passes.
        // Field 35's content starts after MTI (4), two hex bitmaps (32), fields 7, 11, 12, 13, 15 (30) and its LL (2).
        var bytes = Read(file);
        Assert.False(Ascii87.TryDecode(bytes, new IsoMessage(), out var asAscii));
        OneField.AssertError(asAscii, IsoErrorKind.InvalidCharacter, field: 35, offset: 68);

        var ebcdicTrack = new IsoCodec(Dialect.FromJson(SpecialJson("""{"number":35,"type":"z","length":"LL","max":37,"encoding":"ebcdic"},{"number":70,"type":"n","length":"fixed","max":3}""")));
        Assert.False(ebcdicTrack.TryDecode(bytes, new IsoMessage(), out var asEbcdic));
        OneField.AssertError(asEbcdic, IsoErrorKind.InvalidCharacter, field: 35, offset: 68);
    }

    [Fact]
    public void Moov_ebcdic_text_vector_reads_field_42_through_an_ebcdic_dialect()
    {
        var codec = new IsoCodec(Dialect.FromJson(SpecialJson(
            """{"number":42,"type":"ans","length":"fixed","max":15}""", defaults: """{"text":"ebcdic"}""")));
        var bytes = Read("message_with_character_ebcdic_encoding.dat");
        var message = codec.Decode(bytes);
        Assert.Equal("0800", message.Mti);
        Assert.Equal("ABCDEFGHIJKLMNO", message.GetString(42));
        Assert.Equal("0420090613", message.GetString(7));
        Assert.Equal("900001", message.GetString(11));
        Assert.Equal("090613", message.GetString(12));
        Assert.Equal(WithoutZeroSecondaryBitmap(bytes), codec.Encode(message));
    }

    [Fact]
    public void Moov_bcd_numeric_vector_reads_packed_fields_after_an_ascii_mti_and_bitmap()
    {
        var codec = new IsoCodec(Dialect.FromJson(SpecialJson(defaults: """{"numeric":"bcd"}""")));
        var bytes = Read("message_with_number_bcd_encoding.dat");
        Assert.Equal(Hex("04 20 09 06 13 | 90 00 01 | 09 06 13"), bytes[^11..]);
        var message = codec.Decode(bytes);
        Assert.Equal([7, 11, 12], message.Fields.ToArray());
        Assert.Equal("0420090613", message.GetString(7));
        Assert.Equal("900001", message.GetString(11));
        Assert.Equal("090613", message.GetString(12));
        Assert.Equal(WithoutZeroSecondaryBitmap(bytes), codec.Encode(message));
    }

    [Fact]
    public void Moov_rbcd_length_vector_reads_an_lll_written_as_two_right_justified_bcd_bytes()
    {
        var codec = new IsoCodec(Dialect.FromJson(SpecialJson(
            """{"number":48,"type":"ans","length":"LLL","max":999}""",
            defaults: """{"prefix":"bcd"}""")));
        var bytes = Read("message_with_hex_rbcd.dat");
        Assert.Equal(Concat(Hex("00 08"), Ascii("00000000")), bytes[^10..]);
        var message = codec.Decode(bytes);
        Assert.Equal([7, 11, 12, 13, 15, 48], message.Fields.ToArray());
        Assert.Equal("00000000", message.GetString(48));
        Assert.Equal("0420", message.GetString(13));
        Assert.Equal("0420", message.GetString(15));
        Assert.Equal(WithoutZeroSecondaryBitmap(bytes), codec.Encode(message));
    }

    [Fact]
    public void Moov_signed_amount_vector_reads_field_28_as_x_n_8_with_a_C_indicator()
    {
        var bytes = Read("message_with_indicate_numeric.dat");
        var message = IndicatorCodec().Decode(bytes);
        Assert.Equal([7, 11, 12, 13, 15, 28], message.Fields.ToArray());
        Assert.Equal("C0000000", message.GetString(28));
        Assert.Equal("0420090613", message.GetString(7));
        Assert.Equal("900001", message.GetString(11));
        Assert.Equal("090613", message.GetString(12));
        Assert.Equal("0420", message.GetString(13));
        Assert.Equal("0420", message.GetString(15));
        Assert.Equal(WithoutZeroSecondaryBitmap(bytes), IndicatorCodec().Encode(message));
    }

    [Fact]
    public void Moov_signed_amount_vector_with_an_F_indicator_is_refused_at_field_28()
    {
        var bytes = Read("message_with_error_indicate_numeric.dat");
        Assert.False(IndicatorCodec().TryDecode(bytes, new IsoMessage(), out var error));
        OneField.AssertError(error, IsoErrorKind.InvalidCharacter, field: 28, offset: bytes.Length - 8);
        Assert.Equal((byte)'F', error.Actual);
    }

    [Fact]
    public void Moov_one_hex_character_length_is_not_expressible_and_an_ascii_ll_refuses_it()
    {
        var codec = new IsoCodec(Dialect.FromJson(SpecialJson(
            """{"number":32,"type":"n","length":"LL","max":11}""")));
        var bytes = Read("message_with_hex_length.dat");
        Assert.False(codec.TryDecode(bytes, new IsoMessage(), out var error));
        OneField.AssertError(error, IsoErrorKind.InvalidLengthPrefix, field: 32, offset: 66);
    }

    [Fact]
    public void Moov_left_justified_bcd_length_is_not_expressible_and_a_right_justified_one_reads_it_as_80()
    {
        var codec = new IsoCodec(Dialect.FromJson(SpecialJson(
            """{"number":48,"type":"ans","length":"LLL","max":999}""",
            defaults: """{"prefix":"bcd"}""")));
        var bytes = Read("message_with_hex_bcd.dat");
        Assert.False(codec.TryDecode(bytes, new IsoMessage(), out var error));
        OneField.AssertError(error, IsoErrorKind.Truncated, field: 48, offset: 68);
        Assert.Equal(80, error.Expected);
        Assert.Equal(8, error.Actual);
    }

    private static IsoCodec IndicatorCodec() => new(Dialect.FromJson(SpecialJson(
        """{"number":28,"type":"x+n","length":"fixed","max":8}""")));

    /// <summary>
    /// moov's special-encoding dialects as a user would write them: ASCII MTI, hex bitmap, the fields
    /// 7, 11, 12, 13 and 15 that the special files share, plus <paramref name="moreFields"/>.
    /// </summary>
    private static string SpecialJson(string moreFields = "", string? defaults = null) =>
        TestDialects.CustomJson(
            "{\"number\":7,\"type\":\"n\",\"length\":\"fixed\",\"max\":10},{\"number\":11,\"type\":\"n\",\"length\":\"fixed\",\"max\":6},"
                + "{\"number\":12,\"type\":\"n\",\"length\":\"fixed\",\"max\":6},{\"number\":13,\"type\":\"n\",\"length\":\"fixed\",\"max\":4},"
                + "{\"number\":15,\"type\":\"n\",\"length\":\"fixed\",\"max\":4}"
                + (moreFields.Length == 0 ? "" : "," + moreFields),
            bitmap: "hex",
            defaults: defaults);

    /// <summary>
    /// The special files carry an all-zero secondary bitmap; we accept it on decode and, as docs/dialects.md
    /// says, send a secondary bitmap only when a field above 64 is set. So the re-encoding is the file
    /// with bit 1 cleared and the 16 zero characters removed: exactly that, nothing else.
    /// </summary>
    private static byte[] WithoutZeroSecondaryBitmap(byte[] bytes)
    {
        Assert.Equal(Ascii("0000000000000000"), bytes[20..36]);
        var primary = Convert.FromHexString(Encoding.ASCII.GetString(bytes, 4, 16));
        Assert.True((primary[0] & 0x80) != 0);
        primary[0] &= 0x7F;
        return Concat(bytes[..4], Ascii(Convert.ToHexString(primary)), bytes[36..]);
    }

    private static string BitString(IsoMessage message, int firstField, bool secondaryFlag)
    {
        var bits = new StringBuilder(64);
        for (var field = firstField; field < firstField + 64; field++)
        {
            bits.Append(field == 1 ? (secondaryFlag ? '1' : '0') : message.Has(field) ? '1' : '0');
        }

        return bits.ToString();
    }

    private static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Paths.SharedVectors, "moov", file));
}
