using System.Text.Json;

namespace PosSim.Iso8583;

/// <summary>
/// Reads the dialect JSON format (docs/dialects.md) and checks it, so a user's own dialect file fails
/// with a message that names the file, the field and the property, never later on the wire.
/// </summary>
internal static class DialectLoader
{
    private static readonly string[] TopLevelKeys = ["name", "description", "compatibleWith", "mti", "bitmap", "defaults", "fields"];
    private static readonly string[] FieldKeys = ["number", "name", "type", "length", "max", "encoding", "prefix", "justify", "pad"];

    public static Dialect Parse(byte[] utf8Json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new DialectException($"{source} line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: not valid JSON ({e.Message.Split(" LineNumber", 2)[0].TrimEnd('.')}).", e);
        }

        using (doc)
        {
            return Build(doc.RootElement, source);
        }
    }

    private static Dialect Build(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, "the top level must be a JSON object");
        }

        CheckKeys(root, TopLevelKeys, source, "the top level");
        var name = RequiredString(root, "name", source, "the top level");
        var description = OptionalString(root, "description", source, "the top level") ?? name;
        var compatibleWith = OptionalString(root, "compatibleWith", source, "the top level");

        var mti = Object(root, "mti", source);
        var mtiEncoding = mti is { } m ? Encoding(m, "encoding", source, "mti", ["ascii", "bcd", "ebcdic"]) ?? ValueEncoding.Ascii : ValueEncoding.Ascii;

        var bitmap = Object(root, "bitmap", source);
        var bitmapEncoding = ValueEncoding.Hex;
        var tertiary = false;
        if (bitmap is { } b)
        {
            bitmapEncoding = Encoding(b, "encoding", source, "bitmap", ["hex", "binary"]) ?? ValueEncoding.Hex;
            if (b.TryGetProperty("tertiary", out var t))
            {
                tertiary = t.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Error(source, "bitmap: 'tertiary' must be true or false"),
                };
            }
        }

        var defaults = Object(root, "defaults", source);
        var numeric = ValueEncoding.Ascii;
        var text = ValueEncoding.Ascii;
        var binary = ValueEncoding.Hex;
        var prefix = ValueEncoding.Ascii;
        if (defaults is { } d)
        {
            numeric = Encoding(d, "numeric", source, "defaults", ["ascii", "bcd", "ebcdic"]) ?? numeric;
            text = Encoding(d, "text", source, "defaults", ["ascii", "ebcdic"]) ?? text;
            binary = Encoding(d, "binary", source, "defaults", ["binary", "hex"]) ?? binary;
            prefix = Encoding(d, "prefix", source, "defaults", ["ascii", "bcd", "binary", "ebcdic"]) ?? prefix;
        }

        if (!root.TryGetProperty("fields", out var fieldsElement) || fieldsElement.ValueKind != JsonValueKind.Array)
        {
            throw Error(source, "'fields' must be an array of field objects");
        }

        var maxField = tertiary ? 192 : 128;
        var fields = new FieldSpec?[maxField + 1];
        var index = 0;
        foreach (var f in fieldsElement.EnumerateArray())
        {
            var where = $"fields[{index}]";
            if (f.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, $"{where} must be an object");
            }

            if (!f.TryGetProperty("number", out var numberElement) || numberElement.ValueKind != JsonValueKind.Number || !numberElement.TryGetInt32(out var number))
            {
                throw Error(source, $"{where}: 'number' must be an integer field number");
            }

            where = $"fields[{index}] (field {number})";
            if (number < 2 || number > maxField)
            {
                throw Error(source, $"{where}: field numbers run from 2 to {maxField}{(tertiary ? "" : " (set bitmap.tertiary to go up to 192)")}");
            }

            if (tertiary && number == 65)
            {
                throw Error(source, $"{where}: with a tertiary bitmap, bit 65 flags the third bitmap and cannot be a field");
            }

            if (fields[number] is not null)
            {
                throw Error(source, $"{where}: field {number} is defined twice");
            }

            fields[number] = BuildField(f, number, where, source, numeric, text, binary, prefix);
            index++;
        }

        return new Dialect(name, description, compatibleWith, mtiEncoding, bitmapEncoding, tertiary, fields);
    }

    private static FieldSpec BuildField(
        JsonElement f, int number, string where, string source,
        ValueEncoding numericDefault, ValueEncoding textDefault, ValueEncoding binaryDefault, ValueEncoding prefixDefault)
    {
        CheckKeys(f, FieldKeys, source, where);
        var name = OptionalString(f, "name", source, where) ?? $"Field {number}";
        var typeText = RequiredString(f, "type", source, where);
        var type = typeText switch
        {
            "n" => FieldType.Numeric,
            "a" => FieldType.Alpha,
            "an" => FieldType.AlphaNumeric,
            "ans" => FieldType.AlphaNumericSpecial,
            "b" => FieldType.Binary,
            "z" => FieldType.Track2,
            "x+n" => FieldType.SignedAmount,
            _ => throw Error(source, $"{where}: 'type' must be one of n, a, an, ans, b, z, x+n; got '{typeText}'"),
        };
        var lengthText = RequiredString(f, "length", source, where);
        var lengthKind = lengthText switch
        {
            "fixed" => LengthKind.Fixed,
            "LL" => LengthKind.LL,
            "LLL" => LengthKind.LLL,
            "LLLL" => LengthKind.LLLL,
            _ => throw Error(source, $"{where}: 'length' must be one of fixed, LL, LLL, LLLL; got '{lengthText}'"),
        };
        if (!f.TryGetProperty("max", out var maxElement) || maxElement.ValueKind != JsonValueKind.Number || !maxElement.TryGetInt32(out var max) || max < 1)
        {
            throw Error(source, $"{where}: 'max' must be a positive integer (the fixed length, or the most a variable field may carry)");
        }

        var isNumeric = type is FieldType.Numeric or FieldType.Track2 or FieldType.SignedAmount;
        var allowed = type == FieldType.Binary ? new[] { "binary", "hex" }
            : isNumeric ? ["ascii", "bcd", "ebcdic"]
            : ["ascii", "ebcdic"];
        var encoding = Encoding(f, "encoding", source, where, allowed)
            ?? (type == FieldType.Binary ? binaryDefault : isNumeric ? numericDefault : textDefault);
        if (type is FieldType.Alpha or FieldType.AlphaNumeric or FieldType.AlphaNumericSpecial && encoding == ValueEncoding.Bcd)
        {
            encoding = ValueEncoding.Ascii;
        }

        var prefix = Encoding(f, "prefix", source, where, ["ascii", "bcd", "binary", "ebcdic"]) ?? prefixDefault;
        if (lengthKind != LengthKind.Fixed)
        {
            var capacity = FieldSpec.PrefixCapacity(prefix, (int)lengthKind);
            if (max > capacity)
            {
                throw Error(source, $"{where}: 'max' {max} cannot be carried in a {lengthText} prefix (at most {capacity})");
            }
        }
        else if (max > 9999)
        {
            throw Error(source, $"{where}: a fixed field of {max} is larger than any message; at most 9999");
        }

        var justifyText = OptionalString(f, "justify", source, where);
        var justification = justifyText switch
        {
            null => isNumeric && lengthKind == LengthKind.Fixed ? Justification.Right : Justification.Left,
            "left" => Justification.Left,
            "right" => Justification.Right,
            _ => throw Error(source, $"{where}: 'justify' must be left or right; got '{justifyText}'"),
        };

        byte? pad = type switch
        {
            FieldType.Numeric => (byte)'0',
            FieldType.Alpha or FieldType.AlphaNumeric or FieldType.AlphaNumericSpecial => (byte)' ',
            _ => null,
        };
        if (f.TryGetProperty("pad", out var padElement))
        {
            var padText = padElement.ValueKind == JsonValueKind.String ? padElement.GetString() : null;
            pad = padText switch
            {
                "none" => null,
                { Length: 1 } p when p[0] is >= ' ' and <= '~' => (byte)p[0],
                _ => throw Error(source, $"{where}: 'pad' must be one printable character or \"none\""),
            };
            if (pad is { } p2 && Internal.Charsets.IndexOfInvalid(type, Internal.Charsets.For(type), [p2]) >= 0)
            {
                throw Error(source, $"{where}: pad character '{(char)p2}' is not allowed in a field of type {typeText}");
            }
        }

        return new FieldSpec(number, name, type, lengthKind, max, encoding, prefix, justification, pad);
    }

    private static void CheckKeys(JsonElement element, string[] known, string source, string where)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                throw Error(source, $"{where}: unknown property '{property.Name}' (known: {string.Join(", ", known)})");
            }
        }
    }

    private static JsonElement? Object(JsonElement root, string key, string source)
    {
        if (!root.TryGetProperty(key, out var e))
        {
            return null;
        }

        return e.ValueKind == JsonValueKind.Object ? e : throw Error(source, $"'{key}' must be an object");
    }

    private static ValueEncoding? Encoding(JsonElement e, string key, string source, string where, string[] allowed)
    {
        var text = OptionalString(e, key, source, where);
        if (text is null)
        {
            return null;
        }

        if (Array.IndexOf(allowed, text) < 0)
        {
            throw Error(source, $"{where}: '{key}' must be one of {string.Join(", ", allowed)}; got '{text}'");
        }

        return text switch
        {
            "ascii" => ValueEncoding.Ascii,
            "bcd" => ValueEncoding.Bcd,
            "binary" => ValueEncoding.Binary,
            "hex" => ValueEncoding.Hex,
            _ => ValueEncoding.Ebcdic,
        };
    }

    private static string RequiredString(JsonElement e, string key, string source, string where) =>
        OptionalString(e, key, source, where) ?? throw Error(source, $"{where}: '{key}' is required");

    private static string? OptionalString(JsonElement e, string key, string source, string where)
    {
        if (!e.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Error(source, $"{where}: '{key}' must be a string");
    }

    private static DialectException Error(string source, string what) => new($"{source}: {what}.");
}
