using System.Globalization;
using System.Text.Json;

namespace PosSim.Net.Proxy.Faults;

/// <summary>
/// Reads faults from JSON (a fault file, or an API body) and checks every value, naming the JSON path of the
/// first problem. Property names are snake_case; unknown properties are errors, so a typo never silently does nothing.
/// </summary>
public static class FaultParser
{
    private const int MaxMilliseconds = 3_600_000;

    private static readonly System.Buffers.SearchValues<char> NameCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    private static readonly string[] Common = ["name", "kind", "direction", "toxicity", "times"];

    private static readonly Dictionary<FaultKind, string[]> Parameters = new()
    {
        [FaultKind.Latency] = ["latency_ms", "jitter_ms"],
        [FaultKind.Bandwidth] = ["rate_kbps"],
        [FaultKind.Slicer] = ["average_size", "size_variation", "delay_us"],
        [FaultKind.Timeout] = ["timeout_ms"],
        [FaultKind.ResetPeer] = ["timeout_ms"],
        [FaultKind.LimitData] = ["bytes"],
        [FaultKind.Drop] = ["match"],
        [FaultKind.Delay] = ["match", "delay_ms"],
        [FaultKind.Duplicate] = ["match", "copies"],
        [FaultKind.Corrupt] = ["match", "field", "value", "remove"],
        [FaultKind.HoldReversal] = ["match", "seconds"],
        [FaultKind.StandIn] = ["match", "response_code"],
    };

    private static readonly string[] MatchProperties = ["mti", "processing_code", "amount_min", "amount_max", "terminal", "stan", "probability"];

    /// <summary>The parameters <paramref name="kind"/> takes besides the common ones, for errors and docs.</summary>
    public static IReadOnlyList<string> ParametersOf(FaultKind kind) => Parameters[kind];

    /// <summary>
    /// Parses a fault file: <c>{"faults": [ ... ]}</c> or a bare array. Throws <see cref="FaultFormatException"/>
    /// with the line for a syntax error and the JSON path for a bad value. Names must be unique.
    /// </summary>
    public static IReadOnlyList<FaultSpec> ParseFile(string json)
    {
        using var document = Open(json);
        var root = document.RootElement;
        JsonElement list;
        string path;
        if (root.ValueKind == JsonValueKind.Array)
        {
            (list, path) = (root, "$");
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name != "faults")
                {
                    throw new FaultFormatException($"$.{property.Name}", "unknown property; a fault file holds one property, \"faults\": an array of faults");
                }
            }

            if (!root.TryGetProperty("faults", out list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new FaultFormatException("$.faults", "give an array of faults");
            }

            path = "$.faults";
        }
        else
        {
            throw new FaultFormatException("$", "a fault file is an object {\"faults\": [...]} or an array of faults");
        }

        var faults = new List<FaultSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            var fault = ParseFault(item, itemPath);
            if (!names.Add(fault.Name))
            {
                throw new FaultFormatException($"{itemPath}.name", $"'{fault.Name}' is already the name of another fault; names are unique");
            }

            faults.Add(fault);
        }

        return faults;
    }

    /// <summary>Parses one fault (an API body). With <paramref name="name"/> (an update by URL), the body's name may be left out but must agree.</summary>
    public static FaultSpec ParseOne(string json, string? name = null)
    {
        using var document = Open(json);
        return ParseFault(document.RootElement, "$", name);
    }

    private static JsonDocument Open(string json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? l + 1 : (long?)null;
            var reason = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.');
            throw new FaultFormatException(string.IsNullOrEmpty(e.Path) ? "$" : e.Path, $"not valid JSON: {reason}", line);
        }
    }

    private static FaultSpec ParseFault(JsonElement item, string path, string? urlName = null)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FaultFormatException(path, "a fault is an object with at least \"name\" and \"kind\"");
        }

        var kindText = OptionalString(item, "kind", path) ?? throw new FaultFormatException($"{path}.kind", $"missing; give one of {string.Join(", ", FaultNames.AllKinds)}");
        if (!FaultNames.TryParseKind(kindText, out var kind))
        {
            throw new FaultFormatException($"{path}.kind", $"'{kindText}' is not a fault kind; give one of {string.Join(", ", FaultNames.AllKinds)}");
        }

        var allowed = Parameters[kind];
        foreach (var property in item.EnumerateObject())
        {
            if (!Common.Contains(property.Name) && !allowed.Contains(property.Name))
            {
                throw new FaultFormatException($"{path}.{property.Name}", $"unknown property for a {kindText} fault; it takes {string.Join(", ", Common.Concat(allowed))}");
            }
        }

        var name = OptionalString(item, "name", path) ?? urlName ?? throw new FaultFormatException($"{path}.name", "missing; every fault has a unique name");
        if (urlName is not null && name != urlName)
        {
            throw new FaultFormatException($"{path}.name", $"'{name}' differs from the name in the URL, '{urlName}'");
        }

        if (name.Length is 0 or > 64 || name.AsSpan().ContainsAnyExcept(NameCharacters))
        {
            throw new FaultFormatException($"{path}.name", $"'{name}': use 1 to 64 letters, digits, '.', '_' or '-'");
        }

        var defaultDirection = kind is FaultKind.StandIn or FaultKind.HoldReversal ? FaultDirection.Upstream : FaultDirection.Downstream;
        var direction = defaultDirection;
        if (OptionalString(item, "direction", path) is { } directionText && !FaultNames.TryParseDirection(directionText, out direction))
        {
            throw new FaultFormatException($"{path}.direction", $"'{directionText}': give upstream (or request) or downstream (or response)");
        }

        if (kind == FaultKind.StandIn && direction != FaultDirection.Upstream)
        {
            throw new FaultFormatException($"{path}.direction", "a stand_in answers requests in place of the upstream, so it acts upstream (on requests)");
        }

        var spec = new FaultSpec
        {
            Name = name,
            Kind = kind,
            Direction = direction,
            Toxicity = Fraction(item, "toxicity", path) ?? 1.0,
            Times = Integer(item, "times", path, 1, long.MaxValue, "a number of frames, 1 or more"),
            Match = item.TryGetProperty("match", out var match) ? ParseMatch(match, $"{path}.match", direction) : MessageMatch.Any,
        };
        return kind switch
        {
            FaultKind.Latency => spec with
            {
                LatencyMs = Milliseconds(item, "latency_ms", path, required: true),
                JitterMs = Milliseconds(item, "jitter_ms", path, required: false),
            },
            FaultKind.Bandwidth => spec with { RateKbps = (int)Required(item, "rate_kbps", path, 1, 10_000_000, "KB per second, 1 or more") },
            FaultKind.Slicer => Slicer(spec, item, path),
            FaultKind.Timeout or FaultKind.ResetPeer => spec with { TimeoutMs = Milliseconds(item, "timeout_ms", path, required: false) },
            FaultKind.LimitData => spec with { Bytes = Required(item, "bytes", path, 0, long.MaxValue, "a number of bytes, 0 or more") },
            FaultKind.Delay => spec with { DelayMs = Milliseconds(item, "delay_ms", path, required: true) },
            FaultKind.Duplicate => spec with { Copies = (int)(Integer(item, "copies", path, 1, 100, "extra copies, 1 to 100") ?? 1) },
            FaultKind.Corrupt => Corrupt(spec, item, path),
            FaultKind.HoldReversal => spec with { Seconds = (int)Required(item, "seconds", path, 1, 3600, "seconds to hold, 1 to 3600") },
            FaultKind.StandIn => spec with { ResponseCode = ResponseCode(item, path) },
            _ => spec,
        };
    }

    private static FaultSpec Slicer(FaultSpec spec, JsonElement item, string path)
    {
        var average = (int)Required(item, "average_size", path, 1, 65536, "bytes per segment, 1 to 65536");
        var variation = (int)(Integer(item, "size_variation", path, 0, 65535, "bytes either way, 0 or more") ?? 0);
        if (variation >= average)
        {
            throw new FaultFormatException($"{path}.size_variation", $"{variation} must be less than average_size ({average}), or a segment could be empty");
        }

        return spec with
        {
            AverageSize = average,
            SizeVariation = variation,
            DelayUs = (int)(Integer(item, "delay_us", path, 0, 10_000_000, "microseconds between segments, 0 to 10000000") ?? 0),
        };
    }

    private static FaultSpec Corrupt(FaultSpec spec, JsonElement item, string path)
    {
        var field = (int)Required(item, "field", path, 2, 192, "a data field number, 2 to 192");
        var value = OptionalString(item, "value", path);
        var remove = item.TryGetProperty("remove", out var r) && (r.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? r.GetBoolean()
            : throw new FaultFormatException($"{path}.remove", "give true or false"));
        if (remove && value is not null)
        {
            throw new FaultFormatException($"{path}.value", "give a value to set or remove: true, not both");
        }

        if (value is not null && value.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            throw new FaultFormatException($"{path}.value", "give printable ASCII characters");
        }

        return spec with { Field = field, Value = value, Remove = remove };
    }

    private static string ResponseCode(JsonElement item, string path)
    {
        var code = OptionalString(item, "response_code", path) ?? throw new FaultFormatException($"{path}.response_code", "missing; give the two-character code to answer with, such as \"91\"");
        if (code.Length != 2 || !char.IsAsciiLetterOrDigit(code[0]) || !char.IsAsciiLetterOrDigit(code[1]))
        {
            throw new FaultFormatException($"{path}.response_code", $"'{code}' is not a response code; give two letters or digits, such as \"91\"");
        }

        return code;
    }

    private static MessageMatch ParseMatch(JsonElement match, string path, FaultDirection direction)
    {
        if (match.ValueKind != JsonValueKind.Object)
        {
            throw new FaultFormatException(path, "give an object of conditions, such as {\"mti\": \"0200\", \"stan\": 37}");
        }

        foreach (var property in match.EnumerateObject())
        {
            if (!MatchProperties.Contains(property.Name))
            {
                throw new FaultFormatException($"{path}.{property.Name}", $"unknown condition; give {string.Join(", ", MatchProperties)}");
            }
        }

        var mtis = new List<string>();
        if (match.TryGetProperty("mti", out var mti))
        {
            var items = mti.ValueKind == JsonValueKind.Array ? mti.EnumerateArray().ToArray() : [mti];
            for (var i = 0; i < items.Length; i++)
            {
                var itemPath = mti.ValueKind == JsonValueKind.Array ? $"{path}.mti[{i}]" : $"{path}.mti";
                var text = items[i].ValueKind == JsonValueKind.String ? items[i].GetString()! : "";
                if (text.Length != 4 || text.AsSpan().ContainsAnyExceptInRange('0', '9'))
                {
                    throw new FaultFormatException(itemPath, "give an MTI as a string of four digits, such as \"0200\"");
                }

                // Downstream carries answers: "0200" there means the answers to 0200s.
                mtis.Add(direction == FaultDirection.Downstream && Iso8583.MessageTypes.ResponseTo(text) is { } response ? response : text);
            }
        }

        var processingCode = OptionalString(match, "processing_code", path);
        if (processingCode is not null && (processingCode.Length is 0 or > 6 || processingCode.AsSpan().ContainsAnyExceptInRange('0', '9')))
        {
            throw new FaultFormatException($"{path}.processing_code", "give 1 to 6 digits: a prefix of field 3, such as \"00\" for purchases");
        }

        var amountMin = Integer(match, "amount_min", path, 0, 999_999_999_999, "minor units, 0 or more");
        var amountMax = Integer(match, "amount_max", path, 0, 999_999_999_999, "minor units, 0 or more");
        if (amountMin > amountMax)
        {
            throw new FaultFormatException($"{path}.amount_max", $"{amountMax} is below amount_min ({amountMin})");
        }

        int? stan = null;
        if (match.TryGetProperty("stan", out var stanElement))
        {
            var text = stanElement.ValueKind switch
            {
                JsonValueKind.String => stanElement.GetString()!,
                JsonValueKind.Number => stanElement.GetRawText(),
                _ => "",
            };
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s > 999_999)
            {
                throw new FaultFormatException($"{path}.stan", "give a STAN, 0 to 999999, as a number or a string of digits such as \"000037\"");
            }

            stan = s;
        }

        var terminal = OptionalString(match, "terminal", path);
        if (terminal is { Length: 0 })
        {
            throw new FaultFormatException($"{path}.terminal", "give the terminal id (field 41)");
        }

        return new MessageMatch
        {
            Mti = mtis,
            ProcessingCode = processingCode,
            AmountMin = amountMin,
            AmountMax = amountMax,
            Terminal = terminal,
            Stan = stan,
            Probability = Fraction(match, "probability", path),
        };
    }

    private static string? OptionalString(JsonElement item, string property, string path)
    {
        if (!item.TryGetProperty(property, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FaultFormatException($"{path}.{property}", "give a string");
    }

    private static double? Fraction(JsonElement item, string property, string path)
    {
        if (!item.TryGetProperty(property, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || d is < 0 or > 1 || double.IsNaN(d))
        {
            throw new FaultFormatException($"{path}.{property}", "give a number from 0 to 1");
        }

        return d;
    }

    private static int Milliseconds(JsonElement item, string property, string path, bool required)
    {
        var value = required
            ? Required(item, property, path, 0, MaxMilliseconds, "milliseconds, 0 to 3600000")
            : Integer(item, property, path, 0, MaxMilliseconds, "milliseconds, 0 to 3600000") ?? 0;
        return (int)value;
    }

    private static long Required(JsonElement item, string property, string path, long min, long max, string what) =>
        Integer(item, property, path, min, max, what) ?? throw new FaultFormatException($"{path}.{property}", $"missing; give {what}");

    private static long? Integer(JsonElement item, string property, string path, long min, long max, string what)
    {
        if (!item.TryGetProperty(property, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n) || n < min || n > max)
        {
            throw new FaultFormatException($"{path}.{property}", $"{value.GetRawText()} is not valid; give {what}");
        }

        return n;
    }
}
