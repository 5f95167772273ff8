using System.Runtime.CompilerServices;
using System.Text;

namespace PosSim.Iso8583.Matching;

/// <summary>
/// The identity that pairs a response with its request, as bytes held inline (no allocation per message).
/// Build one with <see cref="MatchKeySpec"/> or from bytes of your own.
/// </summary>
public readonly struct MatchKey : IEquatable<MatchKey>
{
    /// <summary>The most bytes a key holds: MTI class + field 11 + field 41 take 20.</summary>
    public const int Capacity = 64;

    private readonly KeyBytes _bytes;
    private readonly int _length;
    private readonly int _hash;

    /// <summary>Creates a key from bytes; <paramref name="bytes"/> is at most <see cref="Capacity"/> long.</summary>
    public MatchKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > Capacity)
        {
            PosSim.Iso8583.Internal.ThrowHelper.Argument($"A match key holds at most {Capacity} bytes; {bytes.Length} were given.", nameof(bytes));
        }

        bytes.CopyTo(_bytes);
        _length = bytes.Length;
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        _hash = hash.ToHashCode();
    }

    public int Length => _length;

    public static bool operator ==(MatchKey left, MatchKey right) => left.Equals(right);

    public static bool operator !=(MatchKey left, MatchKey right) => !left.Equals(right);

    public bool Equals(MatchKey other)
    {
        if (_hash != other._hash || _length != other._length)
        {
            return false;
        }

        ReadOnlySpan<byte> mine = _bytes;
        ReadOnlySpan<byte> theirs = other._bytes;
        return mine[.._length].SequenceEqual(theirs[.._length]);
    }

    public override bool Equals(object? obj) => obj is MatchKey other && Equals(other);

    public override int GetHashCode() => _hash;

    /// <summary>Copies the key bytes into <paramref name="destination"/> and returns how many.</summary>
    public int CopyTo(Span<byte> destination)
    {
        ReadOnlySpan<byte> mine = _bytes;
        mine[.._length].CopyTo(destination);
        return _length;
    }

    /// <summary>Readable form for logs: printable bytes as they are, separators as '|'.</summary>
    public override string ToString()
    {
        ReadOnlySpan<byte> mine = _bytes;
        var sb = new StringBuilder(_length);
        foreach (var b in mine[.._length])
        {
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '|');
        }

        return sb.ToString();
    }

    [InlineArray(Capacity)]
    private struct KeyBytes
    {
        private byte _element0;
    }
}
