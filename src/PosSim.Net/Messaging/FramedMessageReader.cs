using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;

namespace PosSim.Net.Messaging;

/// <summary>What <see cref="FramedMessageReader.ReadAsync"/> found.</summary>
public enum ReadStatus
{
    /// <summary>A frame whose message decoded cleanly.</summary>
    Message,

    /// <summary>A whole frame whose message broke its format; the message keeps the MTI and the fields that decoded.</summary>
    DecodeError,

    /// <summary>A length header that is not a number, says more than the maximum frame size, or less than the fixed header: the stream is out of sync.</summary>
    InvalidFrame,

    /// <summary>The peer closed in the middle of a frame.</summary>
    Truncated,

    /// <summary>The peer closed between frames.</summary>
    Closed,
}

/// <summary>One result of <see cref="FramedMessageReader.ReadAsync"/>; the error that goes with the status, if any.</summary>
public readonly record struct FrameReadResult(ReadStatus Status, IsoError DecodeError = default, FrameError FrameError = default, long TruncatedBytes = 0)
{
    public override string ToString() => Status switch
    {
        ReadStatus.DecodeError => $"undecodable message: {DecodeError}",
        ReadStatus.InvalidFrame => $"invalid frame: {FrameError}",
        ReadStatus.Truncated => $"connection closed {TruncatedBytes} bytes into a frame",
        _ => Status.ToString(),
    };
}

/// <summary>
/// Reads framed ISO 8583 messages off a <see cref="PipeReader"/>, one per call, decoding into a message the caller
/// owns (reuse it: steady state allocates nothing). Not thread-safe: one reader loop per connection.
/// </summary>
/// <remarks>
/// Each call consumes exactly one frame and marks only that frame examined, so frames already buffered are
/// returned by the next call without waiting for the socket. The maximum frame size is checked from the length
/// header before the body arrives, so a hostile header never makes us buffer more than the maximum.
/// </remarks>
public sealed class FramedMessageReader
{
    private readonly PipeReader _input;
    private readonly MessageFraming _framing;
    private readonly IsoCodec _codec;
    private long _partialSince;

    public FramedMessageReader(PipeReader input, MessageFraming framing, IsoCodec codec)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(framing);
        ArgumentNullException.ThrowIfNull(codec);
        if (framing.LengthHeader == LengthHeader.None)
        {
            Internal.ThrowHelper.Argument("Framing 'none' cannot split a TCP stream into messages; choose binary2, ascii4 or bcd2.", nameof(framing));
        }

        _input = input;
        _framing = framing;
        _codec = codec;
    }

    /// <summary>
    /// Set, <see cref="ReadAsync"/> notes when it first sees part of a frame (<see cref="PartialFrameSince"/>), so
    /// that the server can close a connection trickling a frame. Null (the default): nothing is noted.
    /// </summary>
    internal TimeProvider? FrameClock { get; init; }

    /// <summary>
    /// The <see cref="FrameClock"/> timestamp at which <see cref="ReadAsync"/> first saw bytes of a frame it has not
    /// yet returned; 0 between frames. Readable from any thread.
    /// </summary>
    internal long PartialFrameSince => Volatile.Read(ref _partialSince);

    /// <summary>
    /// Parses one frame from the start of <paramref name="input"/> (BedrockFramework's IMessageReader shape).
    /// On true, <paramref name="consumed"/> is past the frame and <paramref name="result"/> says what it held;
    /// on false more bytes are needed and <paramref name="examined"/> is the end of the input.
    /// </summary>
    public bool TryParseMessage(in ReadOnlySequence<byte> input, ref SequencePosition consumed, ref SequencePosition examined, IsoMessage message, Span<byte> header, out FrameReadResult result)
    {
        var remaining = input;
        switch (_framing.TryReadFrame(ref remaining, out var frame, out var frameError))
        {
            case FrameStatus.Complete:
                frame.Header.CopyTo(header);
                result = _codec.TryDecode(frame.Message, message, out var decodeError)
                    ? new FrameReadResult(ReadStatus.Message)
                    : new FrameReadResult(ReadStatus.DecodeError, decodeError);
                consumed = remaining.Start;
                examined = remaining.Start;
                return true;
            case FrameStatus.Invalid:
                result = new FrameReadResult(ReadStatus.InvalidFrame, FrameError: frameError);
                consumed = input.End;
                examined = input.End;
                return true;
            default:
                result = default;
                examined = input.End;
                return false;
        }
    }

    /// <summary>
    /// Waits for the next frame and decodes it into <paramref name="message"/> (cleared first), copying the frame's
    /// fixed header into <paramref name="header"/>. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> fires; the reader stays usable.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<FrameReadResult> ReadAsync(IsoMessage message, Memory<byte> header, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var read = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            if (read.IsCanceled)
            {
                _input.AdvanceTo(consumed);
                throw new OperationCanceledException("The read was cancelled.");
            }

            if (TryParseMessage(buffer, ref consumed, ref examined, message, header.Span, out var result))
            {
                _input.AdvanceTo(consumed, examined);
                EndOfFrame();
                return result;
            }

            _input.AdvanceTo(consumed, examined);
            if (read.IsCompleted)
            {
                EndOfFrame();
                return buffer.IsEmpty
                    ? new FrameReadResult(ReadStatus.Closed)
                    : new FrameReadResult(ReadStatus.Truncated, TruncatedBytes: buffer.Length);
            }

            // Part of a frame and waiting for the rest: the frame's clock starts now, unless it already has. Frames
            // that arrive whole never get here, so steady state pays nothing for it.
            if (FrameClock is { } clock && !buffer.IsEmpty && _partialSince == 0)
            {
                Volatile.Write(ref _partialSince, Math.Max(1, clock.GetTimestamp()));
            }
        }
    }

    private void EndOfFrame()
    {
        if (_partialSince != 0)
        {
            Volatile.Write(ref _partialSince, 0);
        }
    }
}
