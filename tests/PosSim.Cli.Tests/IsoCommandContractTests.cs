using System.Text.Json;
using System.Text.RegularExpressions;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>`possim iso decode` and `possim iso encode` as docs/cli.md describes them.</summary>
public partial class IsoCommandContractTests
{
    private const string Purchase =
        """{"mti":"0200","fields":{"2":"4761739001010119","3":"000000","4":"000000035000","7":"1129140215","11":"000042","12":"140215","13":"1129","14":"2812","22":"051","35":"4761739001010119=28121011234567890","37":"000000000042","41":"TERM0001","42":"MERCHANT0000001","43":"PosSim Demo Cafe        Shanghai     CN ","49":"156","52":"0123456789ABCDEF"}}""";

    private const string Echo = """{"mti":"0800","fields":{"7":"1129143000","11":"000001","70":"301"}}""";

    public static TheoryData<string, string> DialectsAndFramings()
    {
        var data = new TheoryData<string, string>();
        foreach (var dialect in new[] { "iso87-ascii", "iso87-binary", "iso87-ascii-binary-bitmap" })
        {
            foreach (var framing in new[] { "none", "binary2", "ascii4", "bcd2" })
            {
                data.Add(dialect, framing);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DialectsAndFramings))]
    public void Encode_then_decode_gives_back_the_same_json_in_every_dialect_and_framing(string dialect, string framing)
    {
        var encoded = CliRunner.RunWithStdin(Purchase + "\n", "iso", "encode", "--dialect", dialect, "--framing", framing);
        Assert.Equal(0, encoded.ExitCode);
        var hex = Assert.Single(encoded.StdoutLines);
        Assert.Matches("^[0-9A-F]+$", hex);

        var decoded = CliRunner.Run("iso", "decode", "--dialect", dialect, "--framing", framing, "--hex", hex, "--unmasked");
        Assert.Equal(0, decoded.ExitCode);
        Assert.Equal(Purchase, Assert.Single(decoded.StdoutLines));
    }

    [Fact]
    public void Encode_prints_one_hex_line_per_json_line_with_the_binary2_length_header_by_default()
    {
        var result = CliRunner.RunWithStdin(Echo + "\n\n" + Echo + "\n", "iso", "encode", "--dialect", "iso87-ascii");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.StdoutLines.Length);
        var bytes = Convert.FromHexString(result.StdoutLines[0]);
        Assert.Equal(bytes.Length - 2, (bytes[0] << 8) | bytes[1]);
        Assert.Equal("0800"u8.ToArray(), bytes[2..6]);
    }

    [Fact]
    public void Decode_masks_pan_and_track_data_unless_unmasked()
    {
        var hex = CliRunner.RunWithStdin(Purchase + "\n", "iso", "encode", "--dialect", "iso87-ascii").StdoutLines[0];

        var masked = CliRunner.Run("iso", "decode", "--dialect", "iso87-ascii", "--hex", hex);
        Assert.Equal(0, masked.ExitCode);
        var fields = JsonDocument.Parse(masked.Stdout).RootElement.GetProperty("fields");
        Assert.Equal("476173******0119", fields.GetProperty("2").GetString());
        Assert.Equal("476173******0119=*****************", fields.GetProperty("35").GetString());
        Assert.DoesNotContain("4761739001010119", masked.Stdout, StringComparison.Ordinal);
        Assert.Equal("0123456789ABCDEF", fields.GetProperty("52").GetString());
        Assert.Equal("PosSim Demo Cafe        Shanghai     CN ", fields.GetProperty("43").GetString());
    }

    [Fact]
    public void Decode_reads_any_number_of_framed_messages_from_a_file()
    {
        var lines = string.Join('\n', Enumerable.Repeat(Echo, 3).Append(Purchase).Append(Echo)) + "\n";
        var hex = CliRunner.RunWithStdin(lines, "iso", "encode", "--dialect", "iso87-binary", "--framing", "bcd2").StdoutLines;
        using var folder = new TempFolder("possim-cli-");
        var file = folder.Sub("messages.bin");
        File.WriteAllBytes(file, hex.SelectMany(Convert.FromHexString).ToArray());
        var result = CliRunner.Run("iso", "decode", "--dialect", "iso87-binary", "--framing", "bcd2", "--in", file, "--unmasked");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries), result.StdoutLines);
    }

    [Theory]
    [InlineData("0200", "field 1 at offset 4")] // MTI then nothing: no bitmap
    [InlineData("02004000000000000000", "field 2 at offset 20")] // bitmap says field 2, bytes end before its length
    [InlineData("0200200000000000000000000", "field 3 at offset 20")] // field 3 has 5 of its 6 digits
    [InlineData("0200100000000000000000000000000:", "field 4 at offset 31")] // ':' as the 12th digit of field 4
    [InlineData("020:", "field 0 at offset 3")] // MTI not digits
    [InlineData("0200000000000000000000", "field 1 at offset 20")] // bitmap with no fields, then 2 stray bytes
    public void Decode_of_a_malformed_message_exits_2_with_one_error_line(string ascii, string where)
    {
        var hex = Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(ascii));
        var result = CliRunner.Run("iso", "decode", "--dialect", "iso87-ascii", "--framing", "none", "--hex", hex);
        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.Matches(ErrorLine(), line);
        Assert.StartsWith($"error: {where}:", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_error_offsets_count_from_the_mti_not_the_length_header()
    {
        // binary2 header 00 05, then "0200" and a truncated bitmap.
        var result = CliRunner.Run("iso", "decode", "--dialect", "iso87-ascii", "--hex", "00053032303046");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: field 1 at offset 4:", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"mti":"0200","fields":{"4":"12x"}}""", "error: field 4 at offset 20:")]
    [InlineData("""{"mti":"0200","fields":{"2":"12345678901234567890"}}""", "error: field 2 at offset 20:")]
    [InlineData("""{"mti":"0200","fields":{"3":"000000","52":"XY"}}""", "error: field 52 at offset 26:")]
    [InlineData("""{"mti":"0200","fields":{"43":"caf\u00e9"}}""", "error: field 43 at offset 20:")]
    [InlineData("""{"mti":"0200","fields":{"41":"TOO-LONG-TERMINAL"}}""", "error: field 41 at offset 20:")]
    public void Encode_of_a_value_that_breaks_its_format_exits_2_with_the_field_and_offset(string json, string prefix)
    {
        var result = CliRunner.RunWithStdin(json + "\n", "iso", "encode", "--dialect", "iso87-ascii");
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.Matches(ErrorLine(), line);
        Assert.StartsWith(prefix, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"mti\":\"0200\",")]
    [InlineData("[1,2]")]
    [InlineData("{\"mti\":\"02X0\",\"fields\":{}}")]
    [InlineData("{\"fields\":{\"3\":\"000000\"}}")]
    [InlineData("{\"mti\":\"0200\",\"fields\":{\"1\":\"00\"}}")]
    [InlineData("{\"mti\":\"0200\",\"fields\":{\"4\":5000}}")]
    public void Encode_of_bad_json_exits_2_with_one_error_line(string line)
    {
        var result = CliRunner.RunWithStdin(line + "\n", "iso", "encode", "--dialect", "iso87-ascii");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_sends_a_secondary_bitmap_only_when_a_field_above_64_is_set()
    {
        var primaryOnly = Convert.FromHexString(CliRunner.RunWithStdin(Echo.Replace("\"70\":\"301\"", "\"39\":\"00\"", StringComparison.Ordinal) + "\n", "iso", "encode", "--dialect", "iso87-binary", "--framing", "none").StdoutLines[0]);
        Assert.Equal(0, primaryOnly[2] & 0x80);
        var withSecondary = Convert.FromHexString(CliRunner.RunWithStdin(Echo + "\n", "iso", "encode", "--dialect", "iso87-binary", "--framing", "none").StdoutLines[0]);
        Assert.Equal(0x80, withSecondary[2] & 0x80);
    }

    [Fact]
    public void A_user_dialect_file_is_accepted_by_path()
    {
        using var folder = new TempFolder("possim-cli-");
        var file = folder.Sub("tiny.json");
        File.WriteAllText(file, """
            { "name": "tiny", "mti": {"encoding": "ascii"}, "bitmap": {"encoding": "hex"},
              "fields": [ {"number": 3, "type": "n", "length": "fixed", "max": 6},
                          {"number": 11, "type": "n", "length": "fixed", "max": 6},
                          {"number": 70, "type": "n", "length": "fixed", "max": 3} ] }
            """);
        var result = CliRunner.RunWithStdin("""{"mti":"0800","fields":{"11":"000001","70":"301"}}""" + "\n", "iso", "encode", "--dialect", file, "--framing", "none");
        Assert.Equal(0, result.ExitCode);
        var expected = "0800" + "8020000000000000" + "0400000000000000" + "000001" + "301";
        Assert.Equal(Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(expected)), result.StdoutLines[0]);
    }

    [Theory]
    [InlineData("iso", "decode", "--dialect", "no-such-dialect", "--hex", "00")]
    [InlineData("iso", "decode", "--dialect", "iso87-ascii")]
    [InlineData("iso", "decode", "--dialect", "iso87-ascii", "--hex", "00", "--in", "x.bin")]
    [InlineData("iso", "decode", "--dialect", "iso87-ascii", "--framing", "xml", "--hex", "00")]
    [InlineData("iso", "decode", "--dialect", "iso87-ascii", "--hex", "0G")]
    [InlineData("iso", "decode", "--dialect", "iso87-ascii", "--in", "/no/such/file.bin")]
    [InlineData("iso", "bogus")]
    public void Bad_arguments_exit_2_with_an_error_on_stderr(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.StderrLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_header_beyond_the_maximum_frame_is_refused_before_reading_the_body()
    {
        var result = CliRunner.Run("iso", "decode", "--dialect", "iso87-ascii", "--max-frame", "100", "--hex", "FFFF3032");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("65535", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_cut_short_at_the_end_of_the_input_is_reported()
    {
        var result = CliRunner.Run("iso", "decode", "--dialect", "iso87-ascii", "--hex", "00203032303030");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cut short", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^error: field \d+ at offset \d+: .+$")]
    private static partial Regex ErrorLine();
}
