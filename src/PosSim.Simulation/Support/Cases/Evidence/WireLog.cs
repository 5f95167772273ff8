using System.Globalization;
using System.Text.Json;

namespace PosSim.Simulation.Support.Cases.Evidence;

/// <summary>
/// The messages of one transaction as they went on the terminal's link, read from events.ndjson: the switch log has
/// only what reached the switch, but a lawyer wants the answer that was lost on the way and the reversals the
/// switch never saw as well.
/// </summary>
internal static class WireLog
{
    /// <summary>
    /// The messages on <paramref name="terminalId"/>'s link that carry the trace number and transmission time (fields
    /// 11 and 7) of one of the exchanges, or name one as their original (field 90), in the order they were sent.
    /// Null when the file is not there (a run folder copied without it).
    /// </summary>
    public static IReadOnlyList<WireMessage>? Read(string eventsPath, string terminalId, IReadOnlyList<MessageExchange> exchanges)
    {
        if (!File.Exists(eventsPath))
        {
            return null;
        }

        var keys = exchanges
            .Where(e => e.TransmissionDateTime.Length > 0)
            .Select(e => e.Row.Stan.ToString("D6", CultureInfo.InvariantCulture) + e.TransmissionDateTime)
            .ToHashSet(StringComparer.Ordinal);
        var found = new List<WireMessage>();
        if (keys.Count == 0)
        {
            return found;
        }

        // Most lines are other terminals' or not messages: skip them before paying for a JSON parse.
        var terminal = $"\"terminal_id\":{JsonSerializer.Serialize(terminalId)}";
        foreach (var line in File.ReadLines(eventsPath))
        {
            if (!line.Contains("\"event\":\"message\"", StringComparison.Ordinal) || !line.Contains(terminal, StringComparison.Ordinal))
            {
                continue;
            }

            if (Parse(line) is { } message && Belongs(message, keys))
            {
                found.Add(message);
            }
        }

        return found;
    }

    private static bool Belongs(WireMessage m, HashSet<string> keys)
    {
        string Field(int n) => m.Fields.FirstOrDefault(f => f.Number == n)?.Value ?? "";
        if (keys.Contains(Field(11) + Field(7)))
        {
            return true;
        }

        // Field 90: original MTI (4), STAN (6), transmission time (10), then acquirer and forwarder ids.
        var original = Field(90);
        return original.Length >= 20 && keys.Contains(original.Substring(4, 16));
    }

    private static WireMessage? Parse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var message = root.GetProperty("message");
            var fields = new List<WireField>();
            foreach (var field in message.GetProperty("fields").EnumerateObject())
            {
                if (int.TryParse(field.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    fields.Add(new WireField(number, field.Value.GetString() ?? ""));
                }
            }

            var time = root.GetProperty("t").GetString() ?? "";
            return new WireMessage(
                LocalTime(time),
                root.GetProperty("from").GetString() ?? "",
                root.GetProperty("to").GetString() ?? "",
                root.TryGetProperty("lost", out var lost) && lost.ValueKind == JsonValueKind.True,
                message.GetProperty("mti").GetString() ?? "",
                [.. fields.OrderBy(f => f.Number)]);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A damaged line is not evidence of anything; the switch log's rows still stand for the messages.
            return null;
        }
    }

    /// <summary>2026-03-02T14:02:00.020+08:00 as people read it: 2026-03-02 14:02:00.020 (the run's own offset is the local time).</summary>
    private static string LocalTime(string t)
    {
        var text = t.Length >= 23 ? t[..23] : t;
        return text.Replace('T', ' ');
    }
}
