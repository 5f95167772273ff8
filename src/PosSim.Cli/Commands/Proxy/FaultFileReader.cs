using System.Globalization;
using System.Text;
using System.Text.Json;
using PosSim.Net.Proxy.Faults;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PosSim.Cli.Commands.Proxy;

/// <summary>
/// Reads a fault file: JSON, or YAML when it ends in .yaml or .yml. YAML is turned into the same JSON and checked by
/// the same <see cref="FaultParser"/>, and an error in it names the YAML line of the value the JSON path points at.
/// </summary>
internal static class FaultFileReader
{
    public static IReadOnlyList<FaultSpec> Read(string path)
    {
        var text = File.ReadAllText(path);
        if (!path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return FaultParser.ParseFile(text);
        }

        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        string json;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                throw new FaultFormatException("$", "the file is empty; give faults: followed by a list of faults");
            }

            json = ToJson(stream.Documents[0].RootNode, lines);
        }
        catch (YamlException e)
        {
            // YamlDotNet puts "(Line: 3, Col: 5, Idx: 40) - (...): " before the reason; the line is given separately.
            var reason = e.Message.Contains("): ", StringComparison.Ordinal) ? e.Message[(e.Message.LastIndexOf("): ", StringComparison.Ordinal) + 3)..] : e.Message;
            throw new FaultFormatException("$", $"not valid YAML: {reason}", e.Start.Line);
        }

        try
        {
            return FaultParser.ParseFile(json);
        }
        catch (FaultFormatException e) when (e.Line is null)
        {
            // The JSON path may end at a property the YAML does not have (a missing one): use the nearest that it has.
            for (var at = e.Path; at.Length > 0; at = Parent(at))
            {
                if (lines.TryGetValue(at, out var line))
                {
                    throw new FaultFormatException(e.Path, e.Problem, line);
                }
            }

            throw;
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private static string ToJson(YamlNode root, Dictionary<string, long> lines)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, root, "$", lines);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter json, YamlNode node, string path, Dictionary<string, long> lines)
    {
        lines[path] = node.Start.Line;
        switch (node)
        {
            case YamlMappingNode map:
                json.WriteStartObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    json.WritePropertyName(name);
                    Write(json, value, $"{path}.{name}", lines);
                }

                json.WriteEndObject();
                break;
            case YamlSequenceNode list:
                json.WriteStartArray();
                for (var i = 0; i < list.Children.Count; i++)
                {
                    Write(json, list.Children[i], $"{path}[{i}]", lines);
                }

                json.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(json, scalar);
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }

    /// <summary>
    /// Plain scalars that read as numbers, booleans or null become those; everything else, and every quoted scalar, is a
    /// string. Digits with a leading zero stay text, so <c>mti: 0200</c> and <c>stan: 000037</c> mean what they say.
    /// </summary>
    private static void WriteScalar(Utf8JsonWriter json, YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            json.WriteStringValue(value);
            return;
        }

        var leadingZero = value.Length > 1 && value[0] == '0' && char.IsAsciiDigit(value[1]);
        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            json.WriteNullValue();
        }
        else if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            json.WriteBooleanValue(value[0] is 't' or 'T');
        }
        else if (!leadingZero && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            json.WriteNumberValue(integer);
        }
        else if (!leadingZero && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            json.WriteNumberValue(number);
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
