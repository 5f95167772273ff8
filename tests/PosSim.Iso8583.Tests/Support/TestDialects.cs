using System.Globalization;
using System.Text;

namespace PosSim.Iso8583.Tests.Support;

/// <summary>
/// Dialects the tests build from JSON: small ones for unit tests, and two "exotic" full dialects that
/// reach what the shipped ones never use (EBCDIC, binary and LLLL prefixes, a tertiary bitmap, BCD
/// track 2 and x+n, right-justified variable BCD), so the properties cover every code path.
/// </summary>
internal static class TestDialects
{
    /// <summary>The shipped dialects and the exotic test dialects, by name: the dialect axis of every property.</summary>
    public static readonly IReadOnlyList<string> AllNames = [.. Dialect.BuiltInNames, "test-ebcdic-tertiary", "test-bcd-binary-prefix"];

    private static readonly Lazy<Dialect> EbcdicTertiaryDialect = new(() => Build(
        "test-ebcdic-tertiary",
        mti: "ebcdic",
        bitmap: "binary",
        tertiary: true,
        defaults: """{"numeric":"ebcdic","text":"ebcdic","binary":"binary","prefix":"ebcdic"}"""));

    private static readonly Lazy<Dialect> BcdBinaryPrefixDialect = new(() => Build(
        "test-bcd-binary-prefix",
        mti: "bcd",
        bitmap: "hex",
        tertiary: false,
        defaults: """{"numeric":"bcd","text":"ascii","binary":"hex","prefix":"binary"}"""));

    /// <summary>The field formats the exotic dialects cycle through; every type, length kind and padding rule appears.</summary>
    private static readonly (string Type, string Length, int Max, string Extra)[] Templates =
    [
        ("n", "fixed", 6, ""),
        ("n", "fixed", 3, ""),
        ("n", "LL", 19, ""),
        ("n", "LLL", 25, ",\"justify\":\"right\""),
        ("an", "fixed", 12, ""),
        ("ans", "LL", 40, ""),
        ("ans", "LLL", 120, ""),
        ("a", "fixed", 5, ""),
        ("b", "fixed", 8, ""),
        ("b", "LL", 16, ""),
        ("z", "LL", 37, ""),
        ("z", "LLL", 104, ""),
        ("x+n", "fixed", 9, ""),
        ("x+n", "fixed", 8, ""),
        ("x+n", "LL", 17, ""),
        ("ans", "LLLL", 300, ""),
        ("n", "LLLL", 33, ""),
        ("ans", "fixed", 10, ",\"pad\":\"*\""),
        ("an", "fixed", 7, ",\"pad\":\"none\""),
        ("z", "fixed", 21, ""),
    ];

    public static Dialect ByName(string name) => name switch
    {
        "test-ebcdic-tertiary" => EbcdicTertiaryDialect.Value,
        "test-bcd-binary-prefix" => BcdBinaryPrefixDialect.Value,
        _ => Dialect.BuiltIn(name),
    };

    /// <summary>
    /// A small dialect for unit tests. <paramref name="fields"/> is the inside of the "fields" array;
    /// the MTI is ASCII and the bitmap binary unless told, so the first field starts at offset 12.
    /// </summary>
    public static Dialect Custom(string fields, string mti = "ascii", string bitmap = "binary", bool tertiary = false, string? defaults = null) =>
        Dialect.FromJson(CustomJson(fields, mti, bitmap, tertiary, defaults), "test dialect");

    public static string CustomJson(string fields, string mti = "ascii", string bitmap = "binary", bool tertiary = false, string? defaults = null) =>
        $$"""{"name":"test","mti":{"encoding":"{{mti}}"},"bitmap":{"encoding":"{{bitmap}}","tertiary":{{(tertiary ? "true" : "false")}}},{{(defaults is null ? "" : $"\"defaults\":{defaults},")}}"fields":[{{fields}}]}""";

    private static Dialect Build(string name, string mti, string bitmap, bool tertiary, string defaults)
    {
        var fields = new StringBuilder();
        for (var n = 2; n <= (tertiary ? 192 : 128); n++)
        {
            if (n == 65 && tertiary)
            {
                continue; // bit 65 flags the tertiary bitmap
            }

            var (type, length, max, extra) = Templates[n % Templates.Length];
            fields.Append(fields.Length == 0 ? "" : ",")
                .Append(CultureInfo.InvariantCulture, $$"""{"number":{{n}},"type":"{{type}}","length":"{{length}}","max":{{max}}{{extra}}}""");
        }

        var json = CustomJson(fields.ToString(), mti, bitmap, tertiary, defaults).Replace("\"name\":\"test\"", $"\"name\":\"{name}\"", StringComparison.Ordinal);
        return Dialect.FromJson(json, name);
    }
}
