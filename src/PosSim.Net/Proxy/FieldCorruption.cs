using PosSim.Iso8583;
using PosSim.Iso8583.Cards;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Net.Proxy;

/// <summary>The change a corrupt fault makes to one field, described for the hit log without ever showing a card number.</summary>
internal static class FieldCorruption
{
    public static string Apply(FaultSpec spec, IsoMessage message)
    {
        var field = spec.Field;
        var before = message.GetString(field);
        string change;
        if (spec.Remove)
        {
            message.Remove(field);
            change = before is null ? $"field {field} was absent; nothing removed" : $"field {field} removed";
        }
        else if (spec.Value is { } value)
        {
            message.Set(field, value);
            change = $"field {field} set to {Show(field, value)}";
        }
        else if (before is null)
        {
            change = $"field {field} absent; nothing to garble";
        }
        else
        {
            var garbled = Garble(message.Get(field));
            message.Set(field, garbled);
            change = $"field {field} garbled";
        }

        return before is null || spec.Remove ? change : $"{change} (was {Show(field, before)})";
    }

    /// <summary>Moves every digit and letter one on (9 → 0, z → a), so the value keeps its length and character classes.</summary>
    private static byte[] Garble(ReadOnlySpan<byte> value)
    {
        var result = value.ToArray();
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = result[i] switch
            {
                >= (byte)'0' and < (byte)'9' or >= (byte)'a' and < (byte)'z' or >= (byte)'A' and < (byte)'Z' => (byte)(result[i] + 1),
                (byte)'9' => (byte)'0',
                (byte)'z' => (byte)'a',
                (byte)'Z' => (byte)'A',
                _ => (byte)(result[i] ^ 0x01),
            };
        }

        return result;
    }

    private static string Show(int field, string value) =>
        Pan.IsSensitiveField(field) ? "(card data, not shown)" : $"'{value}'";
}
