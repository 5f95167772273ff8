using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;

namespace PosSim.Net.Messaging;

/// <summary>What happened to a message given to <see cref="FramedMessageWriter.TryEnqueue"/>.</summary>
public enum EnqueueStatus
{
    /// <summary>Encoded and queued; the writer loop will send it.</summary>
    Queued,

    /// <summary>The message breaks its dialect (see the error); nothing was queued.</summary>
    EncodeFailed,

    /// <summary>The writer has stopped (the connection is closing or gone); nothing was queued.</summary>
    Closed,
}

/// <summary>
/// Many responders, one writer. Callers encode their message into a pooled frame buffer in their own context and
/// queue it; a single loop copies queued frames into the <see cref="PipeWriter"/> and flushes once per batch, so
/// under load one flush (one send system call) carries many frames.
/// </summary>
public sealed class FramedMessageWriter
{
    // Flush inside a batch past this many bytes, so one huge burst does not sit unsent in the pipe.
    private const int FlushThreshold = 64 * 1024;

    private readonly PipeWriter _output;
    private readonly MessageFraming _framing;
    private readonly IsoCodec _codec;
    private readonly Channel<FrameBuffer> _queue = Channel.CreateUnbounded<FrameBuffer>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly Action<bool>? _onFrameDone;
    private Task _running = Task.CompletedTask;
    private TimeProvider _time = TimeProvider.System;
    private long _framesWritten;
    private long _lastWrite;

    /// <param name="onFrameDone">
    /// Called once per queued frame after it was written to the pipe (true) or dropped because the connection
    /// went away (false), with <c>ReleasesSlot</c> frames only; the server releases its in-flight slot here.
    /// </param>
    internal FramedMessageWriter(PipeWriter output, MessageFraming framing, IsoCodec codec, Action<bool>? onFrameDone)
    {
        _output = output;
        _framing = framing;
        _codec = codec;
        _onFrameDone = onFrameDone;
    }

    public FramedMessageWriter(PipeWriter output, MessageFraming framing, IsoCodec codec)
        : this(output, framing, codec, null)
    {
    }

    /// <summary>Frames written to the pipe so far.</summary>
    public long FramesWritten => Interlocked.Read(ref _framesWritten);

    /// <summary>Time stamp (<see cref="TimeProvider.GetTimestamp"/> of the provider given to <see cref="Start"/>) of the last write.</summary>
    public long LastWriteTimestamp => Interlocked.Read(ref _lastWrite);

    /// <summary>Starts the writer loop; it ends after <see cref="Complete"/> once everything queued is written, or when the peer is gone.</summary>
    public Task Start(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _running = RunAsync();
        return _running;
    }

    /// <summary>The writer loop, once started.</summary>
    public Task Completion => _running;

    /// <summary>Encodes <paramref name="message"/> behind <paramref name="header"/> and queues it. Thread-safe.</summary>
    public EnqueueStatus TryEnqueue(IsoMessage message, ReadOnlySpan<byte> header, out IsoError error) =>
        TryEnqueue(message, header, releasesSlot: false, out error);

    internal EnqueueStatus TryEnqueue(IsoMessage message, ReadOnlySpan<byte> header, bool releasesSlot, out IsoError error)
    {
        var frame = TryEncode(message, header, out error);
        if (frame is null)
        {
            return EnqueueStatus.EncodeFailed;
        }

        frame.ReleasesSlot = releasesSlot;
        return TryEnqueue(frame) ? EnqueueStatus.Queued : EnqueueStatus.Closed;
    }

    /// <summary>Encodes a frame without queueing it (the client registers the request in between); null on a format error.</summary>
    internal FrameBuffer? TryEncode(IsoMessage message, ReadOnlySpan<byte> header, out IsoError error)
    {
        var frame = FrameBuffer.Rent();
        if (!_framing.TryWriteFrame(frame, header, _codec, message, out error))
        {
            FrameBuffer.Return(frame);
            return null;
        }

        return frame;
    }

    /// <summary>Queues an encoded frame; false (and the buffer is returned to its pool) when the writer has stopped.</summary>
    internal bool TryEnqueue(FrameBuffer frame)
    {
        if (_queue.Writer.TryWrite(frame))
        {
            return true;
        }

        FrameBuffer.Return(frame);
        return false;
    }

    /// <summary>No more frames: the loop writes what is queued, flushes, completes the pipe and ends.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        await Task.Yield();
        var reader = _queue.Reader;
        Exception? error = null;
        try
        {
            var open = true;
            while (open && await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    _output.Write(frame.WrittenSpan);
                    Done(frame, written: true);
                    if (_output.UnflushedBytes >= FlushThreshold)
                    {
                        var partial = await _output.FlushAsync().ConfigureAwait(false);
                        if (partial.IsCompleted || partial.IsCanceled)
                        {
                            open = false;
                            break;
                        }
                    }
                }

                if (!open)
                {
                    break;
                }

                var flush = await _output.FlushAsync().ConfigureAwait(false);
                Interlocked.Exchange(ref _lastWrite, _time.GetTimestamp());
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            // The transport failed under us (peer reset); queued frames are dropped below and the owner sees the input end.
            error = e;
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (reader.TryRead(out var frame))
            {
                Done(frame, written: false);
            }

            await _output.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private void Done(FrameBuffer frame, bool written)
    {
        if (written)
        {
            Interlocked.Increment(ref _framesWritten);
        }

        if (frame.ReleasesSlot)
        {
            _onFrameDone?.Invoke(written);
        }

        FrameBuffer.Return(frame);
    }
}
