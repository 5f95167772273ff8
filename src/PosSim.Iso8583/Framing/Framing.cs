using System.Buffers;
using System.Buffers.Binary;
using PosSim.Iso8583.Internal;

namespace PosSim.Iso8583.Framing;

/// <summary>The length header in front of each message on a stream.</summary>
public enum LengthHeader
{
    /// <summary>No header: one message per buffer or file.</summary>
    None,

    /// <summary>2-byte big-endian binary length (the most common; NAC, UnionPay).</summary>
    Binary2,

    /// <summary>4 ASCII digits.</summary>
    Ascii4,

    /// <summary>2 bytes of packed BCD (up to 9999).</summary>
    Bcd2,
}

/// <summary>What <see cref="MessageFraming.TryReadFrame"/> found at the start of the buffer.</summary>
public enum FrameStatus
{
    /// <summary>A whole frame was read and the buffer advanced past it.</summary>
    Complete,

    /// <summary>The frame is not all here yet; read more and try again. Nothing was consumed.</summary>
    Incomplete,

    /// <summary>The bytes cannot start a valid frame; the stream is out of sync and should be closed.</summary>
    Invalid,
}

/// <summary>One frame: the optional fixed header (such as a TPDU) and the message bytes after it.</summary>
public readonly record struct Frame(ReadOnlySequence<byte> Header, ReadOnlySequence<byte> Message);

/// <summary>Why a frame could not be read or written. Offset counts from the first byte of the length header.</summary>
public readonly record struct FrameError(string Reason, int Offset)
{
    public override string ToString() => $"frame at offset {Offset}: {Reason}";
}

/// <summary>
/// Splits a byte stream into messages and writes messages with their length header. The length counts
/// every byte after the length header itself: the fixed header (for example a 5-byte TPDU) plus the message.
/// </summary>
public sealed class MessageFraming
{
    /// <summary>The default maximum frame (bytes after the length header): room for any 1987 message with every field full.</summary>
    public const int DefaultMaxFrameSize = 16 * 1024;

    /// <summary>The names accepted by <see cref="Parse"/>, as in docs/cli.md.</summary>
    public static readonly IReadOnlyList<string> Names = ["none", "binary2", "ascii4", "bcd2"];

    public MessageFraming(LengthHeader lengthHeader, int headerLength = 0, int maxFrameSize = DefaultMaxFrameSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(headerLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, 1);
        LengthHeader = lengthHeader;
        HeaderLength = headerLength;
        PrefixLength = lengthHeader switch
        {
            LengthHeader.None => 0,
            LengthHeader.Ascii4 => 4,
            _ => 2,
        };
        var expressible = lengthHeader switch
        {
            LengthHeader.Binary2 => 65535,
            LengthHeader.None => int.MaxValue,
            _ => 9999,
        };
        MaxFrameSize = Math.Min(maxFrameSize, expressible);
    }

    public LengthHeader LengthHeader { get; }

    /// <summary>Bytes of fixed header between the length and the MTI (5 for a TPDU; 0 for none).</summary>
    public int HeaderLength { get; }

    /// <summary>The largest frame accepted or written, counted as the length header counts.</summary>
    public int MaxFrameSize { get; }

    /// <summary>Bytes the length header itself takes.</summary>
    public int PrefixLength { get; }

    /// <summary>Parses a framing name (none, binary2, ascii4, bcd2).</summary>
    public static MessageFraming Parse(string name, int headerLength = 0, int maxFrameSize = DefaultMaxFrameSize)
    {
        var header = name switch
        {
            "none" => LengthHeader.None,
            "binary2" => LengthHeader.Binary2,
            "ascii4" => LengthHeader.Ascii4,
            "bcd2" => LengthHeader.Bcd2,
            _ => throw new ArgumentException($"Unknown framing '{name}'. Choose one of: {string.Join(", ", Names)}.", nameof(name)),
        };
        return new MessageFraming(header, headerLength, maxFrameSize);
    }

    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>. On <see cref="FrameStatus.Complete"/>
    /// the buffer is advanced past it. The size in the length header is checked against
    /// <see cref="MaxFrameSize"/> before waiting for the body, so a hostile header never makes us buffer more.
    /// With <see cref="LengthHeader.None"/> the whole buffer is one frame.
    /// </summary>
    public FrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, out Frame frame, out FrameError error)
    {
        frame = default;
        error = default;
        if (LengthHeader == LengthHeader.None)
        {
            if (buffer.Length < HeaderLength)
            {
                error = new FrameError($"the frame has {buffer.Length} bytes, fewer than its {HeaderLength}-byte header", 0);
                return FrameStatus.Invalid;
            }

            frame = new Frame(buffer.Slice(0, HeaderLength), buffer.Slice(HeaderLength));
            buffer = buffer.Slice(buffer.End);
            return FrameStatus.Complete;
        }

        if (buffer.Length < PrefixLength)
        {
            return FrameStatus.Incomplete;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, PrefixLength).CopyTo(prefix);
        if (!TryParseLength(prefix[..PrefixLength], out var length, out var reason))
        {
            error = new FrameError(reason, 0);
            return FrameStatus.Invalid;
        }

        if (length > MaxFrameSize)
        {
            error = new FrameError($"the length header says {length} bytes, more than the maximum frame size of {MaxFrameSize}", 0);
            return FrameStatus.Invalid;
        }

        if (length < HeaderLength)
        {
            error = new FrameError($"the length header says {length} bytes, fewer than the {HeaderLength}-byte header", 0);
            return FrameStatus.Invalid;
        }

        if (buffer.Length - PrefixLength < length)
        {
            return FrameStatus.Incomplete;
        }

        var body = buffer.Slice(PrefixLength, length);
        frame = new Frame(body.Slice(0, HeaderLength), body.Slice(HeaderLength));
        buffer = buffer.Slice(body.End);
        return FrameStatus.Complete;
    }

    /// <summary>Writes a length header, <paramref name="header"/> and the encoded message. Nothing is written when the message is invalid.</summary>
    public bool TryWriteFrame(IBufferWriter<byte> writer, ReadOnlySpan<byte> header, IsoCodec codec, IsoMessage message, out IsoError error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(codec);
        CheckHeader(header);
        if (!codec.TryGetEncodedLength(message, out var length, out error))
        {
            return false;
        }

        var frameLength = HeaderLength + length;
        CheckFrameLength(frameLength);
        var span = writer.GetSpan(PrefixLength + frameLength);
        WriteLength(frameLength, span);
        header.CopyTo(span[PrefixLength..]);
        if (!codec.TryEncodeMeasured(message, span.Slice(PrefixLength + HeaderLength, length), out error))
        {
            return false;
        }

        writer.Advance(PrefixLength + frameLength);
        return true;
    }

    /// <summary>Writes one frame whose message bytes are already encoded.</summary>
    public void WriteFrame(IBufferWriter<byte> writer, ReadOnlySpan<byte> header, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckHeader(header);
        var frameLength = HeaderLength + message.Length;
        CheckFrameLength(frameLength);
        var span = writer.GetSpan(PrefixLength + frameLength);
        WriteLength(frameLength, span);
        header.CopyTo(span[PrefixLength..]);
        message.CopyTo(span[(PrefixLength + HeaderLength)..]);
        writer.Advance(PrefixLength + frameLength);
    }

    public override string ToString() => LengthHeader.ToString().ToLowerInvariant() + (HeaderLength > 0 ? $"+header{HeaderLength}" : "");

    private bool TryParseLength(ReadOnlySpan<byte> prefix, out int length, out string reason)
    {
        reason = "";
        switch (LengthHeader)
        {
            case LengthHeader.Binary2:
                length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                return true;
            case LengthHeader.Bcd2:
                if (Bcd.TryReadNumber(prefix, 4, out length))
                {
                    return true;
                }

                reason = $"the length header 0x{prefix[0]:X2}{prefix[1]:X2} is not packed BCD";
                return false;
            default:
                length = 0;
                foreach (var b in prefix)
                {
                    var d = b - '0';
                    if (unchecked((uint)d) > 9)
                    {
                        reason = $"the length header byte 0x{b:X2} is not an ASCII digit";
                        return false;
                    }

                    length = (length * 10) + d;
                }

                return true;
        }
    }

    private void WriteLength(int length, Span<byte> destination)
    {
        switch (LengthHeader)
        {
            case LengthHeader.Binary2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
                break;
            case LengthHeader.Bcd2:
                Bcd.WriteNumber(length, 4, destination);
                break;
            case LengthHeader.Ascii4:
                for (var i = 3; i >= 0; i--)
                {
                    destination[i] = (byte)('0' + (length % 10));
                    length /= 10;
                }

                break;
        }
    }

    private void CheckHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length != HeaderLength)
        {
            ThrowHelper.Argument($"This framing carries a {HeaderLength}-byte header; {header.Length} bytes were given.", nameof(header));
        }
    }

    private void CheckFrameLength(int frameLength)
    {
        if (frameLength > MaxFrameSize)
        {
            ThrowHelper.Argument($"The frame would be {frameLength} bytes, more than the maximum frame size of {MaxFrameSize}.", nameof(frameLength));
        }
    }
}
