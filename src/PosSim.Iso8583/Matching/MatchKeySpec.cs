using PosSim.Iso8583;

namespace PosSim.Iso8583.Matching;

/// <summary>Computes the key of a message; a request and its response must map to the same key.</summary>
/// <returns>False when no key can be built (the message cannot be matched).</returns>
public delegate bool MatchKeySelector(IsoMessage message, out MatchKey key);

/// <summary>
/// Which parts of a message pair a response with its request (jPOS QMUX's "key"). The default is the MTI class
/// (see <see cref="MessageTypes.WriteRequestClass"/>) + field 11 (STAN) + field 41 (terminal id). A field missing from a
/// message is part of the key as "absent", so a request without field 41 matches a response without it.
/// </summary>
public sealed class MatchKeySpec
{
    private const byte AbsentMarker = 0xFF;

    private readonly bool _includeMtiClass;
    private readonly int[] _fields;
    private readonly MatchKeySelector? _selector;

    /// <param name="includeMtiClass">Put the MTI class first in the key.</param>
    /// <param name="fields">Fields whose values make up the key, in order.</param>
    public MatchKeySpec(bool includeMtiClass, params int[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in fields)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(field, 2, nameof(fields));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(field, IsoMessage.MaxField, nameof(fields));
        }

        _includeMtiClass = includeMtiClass;
        _fields = [.. fields];
    }

    private MatchKeySpec(MatchKeySelector selector)
    {
        _selector = selector;
        _fields = [];
    }

    /// <summary>MTI class + field 11 + field 41 (docs/serve-protocol.md, "Matching").</summary>
    public static MatchKeySpec Default { get; } = new(true, IsoMessage.FieldStan, IsoMessage.FieldTerminalId);

    /// <summary>A key computed by your own function.</summary>
    public static MatchKeySpec Custom(MatchKeySelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new MatchKeySpec(selector);
    }

    /// <summary>Builds the key of <paramref name="message"/>; false when it has no MTI or the key would exceed <see cref="MatchKey.Capacity"/>.</summary>
    public bool TryGetKey(IsoMessage message, out MatchKey key)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_selector is not null)
        {
            return _selector(message, out key);
        }

        key = default;
        Span<byte> buffer = stackalloc byte[MatchKey.Capacity];
        var length = 0;
        if (_includeMtiClass)
        {
            var mti = message.MtiBytes;
            if (mti.Length != 4)
            {
                return false;
            }

            MessageTypes.WriteRequestClass(mti, buffer);
            length = 4;
        }

        foreach (var field in _fields)
        {
            if (!message.TryGet(field, out var value))
            {
                if (length >= buffer.Length)
                {
                    return false;
                }

                buffer[length++] = AbsentMarker;
                continue;
            }

            if (value.Length > 0xFE || length + 1 + value.Length > buffer.Length)
            {
                return false;
            }

            buffer[length++] = (byte)value.Length;
            value.CopyTo(buffer[length..]);
            length += value.Length;
        }

        key = new MatchKey(buffer[..length]);
        return true;
    }

    public override string ToString() =>
        _selector is not null ? "custom" : string.Join(" + ", (_includeMtiClass ? ["MTI class"] : Array.Empty<string>()).Concat(_fields.Select(f => $"field {f}")));
}
