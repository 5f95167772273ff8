using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PosSim.Iso8583.Cards;

namespace PosSim.Iso8583.Json;

/// <summary>
/// The JSON line form of a message (docs/cli.md):
/// <c>{"mti":"0200","fields":{"3":"000000","4":"000000005000"}}</c>. Field numbers are decimal strings in
/// ascending order; text values are exactly as carried; binary values are upper-case hex; bitmaps are not listed.
/// </summary>
public static class MessageJson
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789ABCDEFabcdef");

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Values are printable ASCII for terminals and scripts, not HTML: keep '+', '<', '&' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One JSON object on one line. Fields 2, 34, 35, 36 and 45 are masked unless <paramref name="unmasked"/>.</summary>
    public static string Write(IsoMessage message, Dialect dialect, bool unmasked = false)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(message, dialect, writer, unmasked);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(IsoMessage message, Dialect dialect, Utf8JsonWriter writer, bool unmasked = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("mti", message.Mti);
        writer.WriteStartObject("fields");
        foreach (var field in message.Fields)
        {
            writer.WriteString(field.ToString(CultureInfo.InvariantCulture), DisplayValue(message, dialect, field, unmasked));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A field's value as people and scripts see it: hex for binary fields, masked card data unless asked.</summary>
    public static string DisplayValue(IsoMessage message, Dialect dialect, int field, bool unmasked = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(dialect);
        var value = message.Get(field);
        if (dialect[field]?.IsBinary == true)
        {
            return Convert.ToHexString(value);
        }

        var text = System.Text.Encoding.Latin1.GetString(value);
        return unmasked ? text : Pan.MaskField(field, text);
    }

    /// <summary>
    /// Reads one JSON object into <paramref name="message"/> (cleared first). Checks the JSON shape and the
    /// field numbers and converts binary hex; the field formats themselves are checked when the codec encodes.
    /// </summary>
    public static bool TryRead(string json, IsoCodec codec, IsoMessage message, out MessageJsonError error)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(message);
        message.Clear();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            error = new MessageJsonError(null, 0, $"not valid JSON at column {(e.BytePositionInLine ?? 0) + 1}");
            return false;
        }

        using (doc)
        {
            return TryRead(doc.RootElement, codec, message, out error);
        }
    }

    private static bool TryRead(JsonElement root, IsoCodec codec, IsoMessage message, out MessageJsonError error)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = new MessageJsonError(null, 0, "expected a JSON object such as {\"mti\":\"0800\",\"fields\":{\"11\":\"000001\",\"70\":\"301\"}}");
            return false;
        }

        JsonElement? fields = null;
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seenKeys.Add(property.Name))
            {
                error = new MessageJsonError(null, 0, $"the key \"{property.Name}\" is given twice");
                return false;
            }

            switch (property.Name)
            {
                case "mti":
                    var mti = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    if (mti is not { Length: 4 } || mti.AsSpan().ContainsAnyExceptInRange('0', '9'))
                    {
                        error = new MessageJsonError(0, 0, $"\"mti\" must be a string of four digits such as \"0200\"; got {property.Value.GetRawText()}");
                        return false;
                    }

                    message.Mti = mti;
                    break;
                case "fields":
                    if (property.Value.ValueKind != JsonValueKind.Object)
                    {
                        error = new MessageJsonError(null, 0, "\"fields\" must be an object of field number to value");
                        return false;
                    }

                    fields = property.Value;
                    break;
                default:
                    error = new MessageJsonError(null, 0, $"unknown key \"{property.Name}\"; a message has \"mti\" and \"fields\"");
                    return false;
            }
        }

        if (message.Mti is null)
        {
            error = new MessageJsonError(0, 0, "the message has no \"mti\"");
            return false;
        }

        // Set every field that converts, then report the first that did not, at the offset it would have had.
        (int Field, string What)? firstBad = null;
        var seenFields = new HashSet<int>();
        if (fields is { } f)
        {
            foreach (var property in f.EnumerateObject())
            {
                if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var field) || field < 2 || field > IsoMessage.MaxField)
                {
                    error = new MessageJsonError(null, 0, $"\"{property.Name}\" is not a field number; fields run from 2 to {IsoMessage.MaxField} (bitmaps are computed, not given)");
                    return false;
                }

                if (!seenFields.Add(field))
                {
                    error = new MessageJsonError(field, codec.OffsetOfField(message, field), "given twice");
                    return false;
                }

                var problem = TrySet(property.Value, field, codec.Dialect, message);
                if (problem is not null && (firstBad is null || field < firstBad.Value.Field))
                {
                    firstBad = (field, problem);
                }
            }
        }

        if (firstBad is { } bad)
        {
            error = new MessageJsonError(bad.Field, codec.OffsetOfField(message, bad.Field), bad.What);
            return false;
        }

        error = default;
        return true;
    }

    private static string? TrySet(JsonElement value, int field, Dialect dialect, IsoMessage message)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return $"values are JSON strings (\"000000005000\", not 5000); got {value.ValueKind.ToString().ToLowerInvariant()}";
        }

        var text = value.GetString()!;
        if (dialect[field]?.IsBinary == true)
        {
            if (text.Length % 2 != 0)
            {
                return $"binary fields are given as hex, two characters a byte; \"{text}\" has an odd length";
            }

            var bad = text.AsSpan().IndexOfAnyExcept(HexDigits);
            if (bad >= 0)
            {
                return $"binary fields are given as hex; character {bad + 1} '{text[bad]}' is not a hex digit";
            }

            message.Set(field, Convert.FromHexString(text));
            return null;
        }

        var nonAscii = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u007F');
        if (nonAscii >= 0)
        {
            return $"character {nonAscii + 1} (U+{(int)text[nonAscii]:X4}) is not ASCII";
        }

        message.Set(field, text);
        return null;
    }
}

/// <summary>Why a JSON message line could not be read. <see cref="Field"/> is null when the problem is not in one field.</summary>
public readonly record struct MessageJsonError(int? Field, int Offset, string What)
{
    public override string ToString() => Field is { } f ? $"field {f} at offset {Offset}: {What}" : What;
}
