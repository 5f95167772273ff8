using PosSim.Iso8583.Cards;
using PosSim.Iso8583.Json;
using PosSim.Iso8583.Tests.Support;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// Our committed vectors (Vectors/, see its README): a purchase, its response, a reversal and an echo in
/// each shipped dialect, written by hand from the field formats. Each .hex must decode to the .json
/// (the JSON line form of docs/cli.md, unmasked) and the .json must encode back to the .hex byte for byte.
/// </summary>
public class OwnVectorTests
{
    public static readonly string[] Names = ["purchase-0200", "response-0210", "reversal-0400", "echo-0800"];

    public static TheoryData<string, string> Vectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Names)
        {
            foreach (var dialect in Dialect.BuiltInNames)
            {
                data.Add(name, dialect);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_hex_decodes_to_its_json(string name, string dialectName)
    {
        var dialect = Dialect.BuiltIn(dialectName);
        var message = new IsoCodec(dialect).Decode(ReadHex(name, dialectName));
        Assert.Equal(ReadJson(name), MessageJson.Write(message, dialect, unmasked: true));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_json_encodes_to_its_hex(string name, string dialectName)
    {
        var codec = new IsoCodec(Dialect.BuiltIn(dialectName));
        var message = new IsoMessage();
        Assert.True(MessageJson.TryRead(ReadJson(name), codec, message, out var error), error.ToString());
        Assert.Equal(Convert.ToHexString(ReadHex(name, dialectName)), Convert.ToHexString(codec.Encode(message)));
    }

    [Fact]
    public void Every_vector_file_is_there_and_hex_files_are_one_line_of_upper_case_hex()
    {
        var expected = Names.SelectMany(n => Dialect.BuiltInNames.Select(d => $"{n}.{d}.hex").Append($"{n}.json")).Append("README.md").Order(StringComparer.Ordinal);
        var actual = Directory.EnumerateFiles(Paths.OwnVectors).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
        foreach (var file in Directory.EnumerateFiles(Paths.OwnVectors, "*.hex"))
        {
            var text = File.ReadAllText(file);
            Assert.Matches("^([0-9A-F]{2})+\n$", text);
        }
    }

    [Fact]
    public void The_three_dialects_carry_the_same_messages()
    {
        foreach (var name in Names)
        {
            var decoded = Dialect.BuiltInNames.Select(d => new IsoCodec(Dialect.BuiltIn(d)).Decode(ReadHex(name, d))).ToList();
            Assert.All(decoded, m => Assert.True(m.ContentEquals(decoded[0]), name));
        }
    }

    [Fact]
    public void The_purchase_carries_a_luhn_valid_test_pan_and_350_yuan()
    {
        var message = new IsoCodec(Dialect.BuiltIn("iso87-ascii")).Decode(ReadHex("purchase-0200", "iso87-ascii"));
        Assert.True(Pan.IsValid(message.Pan!));
        Assert.Equal(35000, message.AmountMinor);
        Assert.Equal("156", message.CurrencyCode);
        Assert.Equal("000000", message.ProcessingCode);
    }

    private static byte[] ReadHex(string name, string dialect) =>
        Convert.FromHexString(File.ReadAllText(Path.Combine(Paths.OwnVectors, $"{name}.{dialect}.hex")).Trim());

    private static string ReadJson(string name) => File.ReadAllText(Path.Combine(Paths.OwnVectors, $"{name}.json")).TrimEnd('\n');
}
