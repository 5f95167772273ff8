using System.Buffers;
using System.Text;

namespace PosSim.Iso8583;

/// <summary>
/// Strings for field values that repeat from message to message (terminal ids, merchant ids, transmission times
/// within the same second), made once and handed out again: a long-running switch keeps one string per distinct
/// value instead of one per request, which is most of what it would otherwise retain and the GC would copy.
/// </summary>
/// <remarks>Bounded: when it holds <see cref="Capacity"/> values it starts afresh. Not thread-safe (one per core).</remarks>
public sealed class FieldStrings
{
    private const int MaxLength = 64;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public FieldStrings(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _byChars = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Capacity { get; }

    /// <summary>Field <paramref name="field"/> of <paramref name="message"/> as a shared string; null when absent.</summary>
    public string? Get(IsoMessage message, int field)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.TryGet(field, out var value))
        {
            return null;
        }

        if (value.Length > MaxLength)
        {
            return message.GetString(field);
        }

        Span<char> chars = stackalloc char[value.Length];
        if (Ascii.ToUtf16(value, chars, out var written) != OperationStatus.Done)
        {
            return message.GetString(field);
        }

        chars = chars[..written];
        if (_byChars.TryGetValue(chars, out var known))
        {
            return known;
        }

        if (_strings.Count >= Capacity)
        {
            _strings.Clear();
        }

        var made = new string(chars);
        _strings.Add(made, made);
        return made;
    }
}
