using PosSim.Iso8583.Tests.Support;
using PosSim.Tests.Shared;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// A user's own dialect file: a good one loads with every property as written (and the documented
/// defaults where it is silent); each kind of mistake fails at load time with a DialectException whose
/// message names the file, the field and the property, never later on the wire.
/// </summary>
public class DialectFileTests
{
    private const string Good = """
        // Comments and trailing commas are allowed: people write these files by hand.
        {
          "name": "acme-pos",
          "description": "ACME terminals",
          "compatibleWith": "nothing in particular",
          "mti": {"encoding": "bcd"},
          "bitmap": {"encoding": "binary", "tertiary": true},
          "defaults": {"numeric": "bcd", "text": "ebcdic", "binary": "binary", "prefix": "binary"},
          "fields": [
            {"number": 2, "name": "PAN", "type": "n", "length": "LL", "max": 19},
            {"number": 4, "type": "n", "length": "fixed", "max": 12},
            {"number": 28, "type": "x+n", "length": "fixed", "max": 9, "encoding": "ascii"},
            {"number": 35, "type": "z", "length": "LL", "max": 37, "prefix": "bcd"},
            {"number": 41, "type": "ans", "length": "fixed", "max": 8, "pad": "*", "justify": "right"},
            {"number": 48, "type": "ans", "length": "LLLL", "max": 9999, "encoding": "ascii", "prefix": "ascii"},
            {"number": 52, "type": "b", "length": "fixed", "max": 8, "encoding": "hex"},
            {"number": 66, "type": "an", "length": "fixed", "max": 4, "pad": "none"},
            {"number": 192, "type": "b", "length": "LLL", "max": 65535},
          ],
        }
        """;

    [Fact]
    public void A_good_dialect_file_loads_with_every_property_as_written()
    {
        using var folder = new TempFolder("possim-dialect-");
        var path = folder.Sub("acme-pos.json");
        File.WriteAllText(path, Good);
        var dialect = Dialect.Load(path);
        Assert.Equal("acme-pos", dialect.Name);
        Assert.Equal("ACME terminals", dialect.Description);
        Assert.Equal("nothing in particular", dialect.CompatibleWith);
        Assert.Equal(ValueEncoding.Bcd, dialect.MtiEncoding);
        Assert.Equal(ValueEncoding.Binary, dialect.BitmapEncoding);
        Assert.True(dialect.TertiaryBitmap);
        Assert.Equal(192, dialect.MaxField);
        Assert.Equal([2, 4, 28, 35, 41, 48, 52, 66, 192], dialect.Fields.Select(f => f.Number).ToArray());
        Assert.Null(dialect[3]);
        Assert.Null(dialect[193]);
        Assert.Null(dialect[-1]);

        AssertSpec(dialect[2]!, "PAN", FieldType.Numeric, LengthKind.LL, 19, ValueEncoding.Bcd, ValueEncoding.Binary, Justification.Left, (byte)'0', "n..19");
        AssertSpec(dialect[4]!, "Field 4", FieldType.Numeric, LengthKind.Fixed, 12, ValueEncoding.Bcd, ValueEncoding.Binary, Justification.Right, (byte)'0', "n 12");
        AssertSpec(dialect[28]!, "Field 28", FieldType.SignedAmount, LengthKind.Fixed, 9, ValueEncoding.Ascii, ValueEncoding.Binary, Justification.Right, null, "x+n 9");
        AssertSpec(dialect[35]!, "Field 35", FieldType.Track2, LengthKind.LL, 37, ValueEncoding.Bcd, ValueEncoding.Bcd, Justification.Left, null, "z..37");
        AssertSpec(dialect[41]!, "Field 41", FieldType.AlphaNumericSpecial, LengthKind.Fixed, 8, ValueEncoding.Ebcdic, ValueEncoding.Binary, Justification.Right, (byte)'*', "ans 8");
        AssertSpec(dialect[48]!, "Field 48", FieldType.AlphaNumericSpecial, LengthKind.LLLL, 9999, ValueEncoding.Ascii, ValueEncoding.Ascii, Justification.Left, (byte)' ', "ans....9999");
        AssertSpec(dialect[52]!, "Field 52", FieldType.Binary, LengthKind.Fixed, 8, ValueEncoding.Hex, ValueEncoding.Binary, Justification.Left, null, "b 8");
        AssertSpec(dialect[66]!, "Field 66", FieldType.AlphaNumeric, LengthKind.Fixed, 4, ValueEncoding.Ebcdic, ValueEncoding.Binary, Justification.Left, null, "an 4");
        AssertSpec(dialect[192]!, "Field 192", FieldType.Binary, LengthKind.LLL, 65535, ValueEncoding.Binary, ValueEncoding.Binary, Justification.Left, null, "b...65535");
    }

    [Fact]
    public void A_dialect_with_no_mti_bitmap_or_defaults_is_ascii_with_a_hex_bitmap()
    {
        var dialect = Dialect.FromJson("""{"name":"minimal","fields":[{"number":3,"type":"n","length":"fixed","max":6},{"number":52,"type":"b","length":"fixed","max":8}]}""");
        Assert.Equal("minimal", dialect.Description);
        Assert.Equal(ValueEncoding.Ascii, dialect.MtiEncoding);
        Assert.Equal(ValueEncoding.Hex, dialect.BitmapEncoding);
        Assert.False(dialect.TertiaryBitmap);
        Assert.Equal(ValueEncoding.Ascii, dialect[3]!.Encoding);
        Assert.Equal(ValueEncoding.Hex, dialect[52]!.Encoding);
    }

    [Fact]
    public void Built_in_dialects_load_by_name_and_an_unknown_name_lists_them()
    {
        foreach (var name in Dialect.BuiltInNames)
        {
            Assert.Same(Dialect.BuiltIn(name), Dialect.Load(name));
            Assert.Equal(name, Dialect.BuiltIn(name).Name);
            Assert.Equal(127, Dialect.BuiltIn(name).Fields.Count());
        }

        var e = Assert.Throws<DialectException>(() => Dialect.BuiltIn("iso93-ascii"));
        Assert.Contains("iso87-binary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_that_is_neither_a_built_in_name_nor_a_file_is_refused()
    {
        var e = Assert.Throws<DialectException>(() => Dialect.Load("/no/such/dialect.json"));
        Assert.Contains("/no/such/dialect.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_json_is_reported_with_its_line_and_column()
    {
        // Line 3 is `  "fields": [ {"number": 2,, } ]`; the second comma is its 28th character.
        const string json = "{\n  \"name\": \"x\",\n  \"fields\": [ {\"number\": 2,, } ]\n}";
        var e = Assert.Throws<DialectException>(() => Dialect.FromJson(json, "acme.json"));
        Assert.StartsWith("acme.json line 3, column 28: not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"number":7,"type":"n","lenght":"fixed","max":10}""", "'lenght'")]
    [InlineData("""{"number":7,"type":"nn","length":"fixed","max":10}""", "'type'")]
    [InlineData("""{"number":7,"type":"n","length":"LLLLL","max":10}""", "'length'")]
    [InlineData("""{"number":7,"type":"n","length":"fixed"}""", "'max'")]
    [InlineData("""{"number":7,"type":"n","length":"fixed","max":0}""", "'max'")]
    [InlineData("""{"number":7,"type":"n","length":"LL","max":100}""", "'max' 100")]
    [InlineData("""{"number":7,"type":"n","length":"LLL","max":1000}""", "'max' 1000")]
    [InlineData("""{"number":7,"type":"n","length":"LL","max":256,"prefix":"binary"}""", "'max' 256")]
    [InlineData("""{"number":7,"type":"n","length":"fixed","max":10000}""", "10000")]
    [InlineData("""{"number":7,"type":"n","length":"fixed","max":10,"pad":"ab"}""", "'pad'")]
    [InlineData("""{"number":7,"type":"n","length":"fixed","max":10,"pad":""}""", "'pad'")]
    [InlineData("""{"number":7,"type":"n","length":"fixed","max":10,"pad":5}""", "'pad'")]
    [InlineData("""{"number":7,"type":"n","length":"fixed","max":10,"pad":"\t"}""", "'pad'")]
    [InlineData("""{"number":7,"type":"n","length":"fixed","max":10,"pad":" "}""", "pad character ' '")]
    [InlineData("""{"number":7,"type":"an","length":"fixed","max":10,"pad":"*"}""", "pad character '*'")]
    [InlineData("""{"number":7,"type":"n","length":"fixed","max":10,"justify":"centre"}""", "'justify'")]
    [InlineData("""{"number":7,"type":"b","length":"fixed","max":10,"encoding":"bcd"}""", "'encoding'")]
    [InlineData("""{"number":7,"type":"ans","length":"fixed","max":10,"encoding":"bcd"}""", "'encoding'")]
    [InlineData("""{"number":7,"type":"n","length":"LL","max":10,"prefix":"hex"}""", "'prefix'")]
    [InlineData("""{"number":7,"name":7,"type":"n","length":"fixed","max":10}""", "'name'")]
    [InlineData("""{"number":7,"length":"fixed","max":10}""", "'type'")]
    public void Each_mistake_in_a_field_names_the_file_the_field_and_the_property(string field, string property)
    {
        var e = Assert.Throws<DialectException>(() => Dialect.FromJson(TestDialects.CustomJson(field), "acme.json"));
        Assert.StartsWith("acme.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("(field 7)", e.Message, StringComparison.Ordinal);
        Assert.Contains(property, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_defined_twice_is_refused_naming_the_field()
    {
        var e = Assert.Throws<DialectException>(() => Dialect.FromJson(
            TestDialects.CustomJson("""{"number":7,"type":"n","length":"fixed","max":10},{"number":7,"type":"an","length":"fixed","max":2}"""), "acme.json"));
        Assert.Contains("fields[1] (field 7)", e.Message, StringComparison.Ordinal);
        Assert.Contains("defined twice", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(129, false)]
    [InlineData(193, true)]
    [InlineData(-2, true)]
    public void A_field_number_out_of_range_is_refused_naming_the_field(int number, bool tertiary)
    {
        var field = $$"""{"number":{{number}},"type":"n","length":"fixed","max":1}""";
        var e = Assert.Throws<DialectException>(() => Dialect.FromJson(TestDialects.CustomJson(field, tertiary: tertiary), "acme.json"));
        Assert.Contains($"(field {number})", e.Message, StringComparison.Ordinal);
        Assert.Contains("field numbers run from 2 to", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"n","length":"fixed","max":1}""")]
    [InlineData("""{"number":7.5,"type":"n","length":"fixed","max":1}""")]
    public void A_field_without_an_integer_number_is_refused_naming_its_position_and_the_property(string field)
    {
        var e = Assert.Throws<DialectException>(() => Dialect.FromJson(TestDialects.CustomJson(field), "acme.json"));
        Assert.Contains("fields[0]", e.Message, StringComparison.Ordinal);
        Assert.Contains("'number'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"x","fields":[],"colour":"red"}""", "'colour'")]
    [InlineData("""{"fields":[]}""", "'name'")]
    [InlineData("""{"name":"x"}""", "'fields'")]
    [InlineData("""{"name":"x","fields":{}}""", "'fields'")]
    [InlineData("""{"name":"x","fields":[7]}""", "fields[0]")]
    [InlineData("""{"name":"x","mti":{"encoding":"hex"},"fields":[]}""", "'encoding'")]
    [InlineData("""{"name":"x","mti":"ascii","fields":[]}""", "'mti'")]
    [InlineData("""{"name":"x","bitmap":{"encoding":"bcd"},"fields":[]}""", "'encoding'")]
    [InlineData("""{"name":"x","bitmap":{"encoding":"hex","tertiary":"yes"},"fields":[]}""", "'tertiary'")]
    [InlineData("""{"name":"x","defaults":{"text":"bcd"},"fields":[]}""", "'text'")]
    [InlineData("""{"name":"x","defaults":{"prefix":"hex"},"fields":[]}""", "'prefix'")]
    [InlineData("""[]""", "top level")]
    public void Each_mistake_outside_the_fields_names_the_file_and_the_property(string json, string property)
    {
        var e = Assert.Throws<DialectException>(() => Dialect.FromJson(json, "acme.json"));
        Assert.StartsWith("acme.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(property, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"number":7,"type":"n","length":"fixed","max":"10"}""", "(field 7)", "'max'")]
    [InlineData("""{"number":7,"type":"n","length":"fixed","max":null}""", "(field 7)", "'max'")]
    [InlineData("""{"number":"7","type":"n","length":"fixed","max":10}""", "fields[0]", "'number'")]
    [InlineData("""{"number":true,"type":"n","length":"fixed","max":10}""", "fields[0]", "'number'")]
    public void A_number_or_max_that_is_not_a_json_number_is_a_dialect_error_naming_the_field_and_the_property(string field, string where, string property)
    {
        var e = Assert.Throws<DialectException>(() => Dialect.FromJson(TestDialects.CustomJson(field), "acme.json"));
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(property, e.Message, StringComparison.Ordinal);
    }

    private static void AssertSpec(
        FieldSpec spec, string name, FieldType type, LengthKind kind, int max, ValueEncoding encoding, ValueEncoding prefix,
        Justification justification, byte? pad, string notation)
    {
        Assert.Equal(name, spec.Name);
        Assert.Equal(type, spec.Type);
        Assert.Equal(kind, spec.LengthKind);
        Assert.Equal(max, spec.MaxLength);
        Assert.Equal(encoding, spec.Encoding);
        Assert.Equal(prefix, spec.PrefixEncoding);
        Assert.Equal(justification, spec.Justification);
        Assert.Equal(pad, spec.PadByte);
        Assert.Equal(notation, spec.Notation);
    }
}
