using System.Buffers;
using PosSim.Iso8583.Internal;

namespace PosSim.Iso8583;

/// <summary>
/// Encodes and decodes ISO 8583 messages in one <see cref="Iso8583.Dialect"/>. Stateless and thread-safe;
/// build one per dialect and share it.
/// </summary>
/// <remarks>
/// The Try methods never throw on bad input: they return false with an <see cref="IsoError"/> naming the
/// field, byte offset and rule. The other methods throw <see cref="IsoFormatException"/>, and only that.
/// </remarks>
public sealed partial class IsoCodec
{
    private const ulong TopBit = 1UL << 63;

    private readonly FieldSpec?[] _fields;
    private readonly int _mtiByteCount;

    public IsoCodec(Dialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        Dialect = dialect;
        _fields = new FieldSpec?[IsoMessage.MaxField + 1];
        foreach (var spec in dialect.Fields)
        {
            _fields[spec.Number] = spec;
        }

        _mtiByteCount = dialect.MtiEncoding == ValueEncoding.Bcd ? 2 : 4;
    }

    public Dialect Dialect { get; }

    /// <summary>Decodes one whole message; throws <see cref="IsoFormatException"/> when it is malformed.</summary>
    public IsoMessage Decode(ReadOnlySpan<byte> source)
    {
        var message = new IsoMessage();
        Decode(source, message);
        return message;
    }

    /// <summary>Decodes one whole message into <paramref name="message"/> (cleared first).</summary>
    public void Decode(ReadOnlySpan<byte> source, IsoMessage message)
    {
        if (!TryDecode(source, message, out var error))
        {
            ThrowHelper.Format(error);
        }
    }

    /// <summary>
    /// Decodes a message that may be split across segments. Single-segment input is read in place;
    /// otherwise it is copied to a pooled buffer first, so results are identical however it is split.
    /// </summary>
    public bool TryDecode(in ReadOnlySequence<byte> source, IsoMessage message, out IsoError error)
    {
        if (source.IsSingleSegment)
        {
            return TryDecode(source.FirstSpan, message, out error);
        }

        var length = checked((int)source.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            source.CopyTo(rented);
            return TryDecode(rented.AsSpan(0, length), message, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Encodes to a new array; throws <see cref="IsoFormatException"/> when a value breaks its field's format.</summary>
    public byte[] Encode(IsoMessage message)
    {
        if (!TryGetEncodedLength(message, out var length, out var error))
        {
            ThrowHelper.Format(error);
        }

        var bytes = new byte[length];
        if (!TryEncodeCore(message, bytes, out error))
        {
            ThrowHelper.Format(error);
        }

        return bytes;
    }

    /// <summary>Encodes into <paramref name="writer"/>; nothing is advanced when the message is invalid.</summary>
    public void Encode(IsoMessage message, IBufferWriter<byte> writer)
    {
        if (!TryEncode(message, writer, out var error))
        {
            ThrowHelper.Format(error);
        }
    }

    /// <summary>Encodes into <paramref name="writer"/>; on a format error nothing is advanced and false is returned.</summary>
    public bool TryEncode(IsoMessage message, IBufferWriter<byte> writer, out IsoError error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!TryGetEncodedLength(message, out var length, out error))
        {
            return false;
        }

        var span = writer.GetSpan(length);
        if (!TryEncodeCore(message, span[..length], out error))
        {
            return false;
        }

        writer.Advance(length);
        return true;
    }

    /// <summary>Encodes into <paramref name="destination"/>, which must hold <see cref="TryGetEncodedLength"/> bytes.</summary>
    public bool TryEncode(IsoMessage message, Span<byte> destination, out int written, out IsoError error)
    {
        written = 0;
        if (!TryGetEncodedLength(message, out var length, out error))
        {
            return false;
        }

        if (destination.Length < length)
        {
            ThrowHelper.Argument($"The destination holds {destination.Length} bytes; the message needs {length}.", nameof(destination));
        }

        if (!TryEncodeCore(message, destination[..length], out error))
        {
            return false;
        }

        written = length;
        return true;
    }
}
