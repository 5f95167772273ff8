using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using PosSim.Net.Messaging;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Net.Proxy;

/// <summary>
/// Sends one direction's frames, in the order queued, through the transport faults of that direction: latency,
/// bandwidth, slicing, a hang, a reset, a close after N bytes. With no transport fault in force, frames are
/// written as they are and flushed once per batch.
/// </summary>
internal sealed class DirectionWriter
{
    private const int FlushThreshold = 64 * 1024;

    private readonly ProxyConnection _connection;
    private readonly FaultDirection _direction;
    private readonly PipeWriter _output;
    private readonly Random _random;
    private readonly Channel<Outgoing> _queue = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, long> _armed = new(StringComparer.Ordinal);
    private long _sent;
    private int _scheduled;
    private int _inputEnded;
    private ActiveFault? _hang;

    public DirectionWriter(ProxyConnection connection, FaultDirection direction, PipeWriter output, Random random)
    {
        _connection = connection;
        _direction = direction;
        _output = output;
        _random = random;
    }

    private ProxyOptions Options => _connection.Options;

    public Task Start() => RunAsync();

    public void Enqueue(FrameBuffer frame, FrameInfo info, long readTimestamp)
    {
        if (!_queue.Writer.TryWrite(new Outgoing(frame, info, readTimestamp)))
        {
            FrameBuffer.Return(frame);
        }
    }

    /// <summary>Queues <paramref name="frame"/> after <paramref name="delay"/>; the direction stays open until it has gone.</summary>
    public void Schedule(FrameBuffer frame, FrameInfo info, TimeSpan delay)
    {
        Interlocked.Increment(ref _scheduled);
        _ = LaterAsync();

        async Task LaterAsync()
        {
            try
            {
                await Task.Delay(delay, Options.TimeProvider, _connection.Closing).ConfigureAwait(false);
                Enqueue(frame, info, Options.TimeProvider.GetTimestamp());
            }
            catch (OperationCanceledException)
            {
                FrameBuffer.Return(frame);
            }
            finally
            {
                Interlocked.Decrement(ref _scheduled);
                FinishIfDone();
            }
        }
    }

    /// <summary>The side that feeds this direction has closed: finish once everything queued or held has been sent.</summary>
    public void InputEnded()
    {
        Volatile.Write(ref _inputEnded, 1);
        FinishIfDone();
    }

    private void FinishIfDone()
    {
        if (Volatile.Read(ref _inputEnded) != 0 && Volatile.Read(ref _scheduled) == 0)
        {
            _queue.Writer.TryComplete();
        }
    }

    private async Task RunAsync()
    {
        await Task.Yield();
        var reader = _queue.Reader;
        var closing = _connection.Closing;
        try
        {
            // No token on the wait: a cancellable wait allocates on every call; closing completes the queue instead.
            using var wake = closing.UnsafeRegister(static state => ((Channel<Outgoing>)state!).Writer.TryComplete(), _queue);
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (!closing.IsCancellationRequested && reader.TryRead(out var item))
                {
                    bool open;
                    try
                    {
                        open = await SendAsync(item, closing).ConfigureAwait(false);
                    }
                    finally
                    {
                        FrameBuffer.Return(item.Frame);
                    }

                    if (!open)
                    {
                        return;
                    }
                }

                if (closing.IsCancellationRequested || (_output.UnflushedBytes > 0 && (await _output.FlushAsync(closing).ConfigureAwait(false)).IsCompleted))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception) when (closing.IsCancellationRequested)
        {
        }
        catch (InvalidOperationException)
        {
            // The pipe was completed under us (the connection is being disposed).
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (reader.TryRead(out var item))
            {
                FrameBuffer.Return(item.Frame);
            }

            await _output.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends one frame through the transport faults in force; false when a fault closed the connection.</summary>
    private async ValueTask<bool> SendAsync(Outgoing item, CancellationToken closing)
    {
        var bytes = item.Frame.WrittenMemory;
        ActiveFault? latency = null, bandwidth = null, slicer = null, limit = null;
        var hangStillSet = false;
        var startedHang = false;
        foreach (var fault in Options.Faults.Current)
        {
            var spec = fault.Spec;
            if (!spec.Kind.IsTransport() || spec.Direction != _direction || !_connection.Applies(fault))
            {
                continue;
            }

            hangStillSet |= ReferenceEquals(fault, _hang);
            switch (spec.Kind)
            {
                case FaultKind.ResetPeer when fault.HasUsesLeft:
                    if (ArmOrFire(fault, spec.TimeoutMs, item.Info))
                    {
                        return false;
                    }

                    break;
                case FaultKind.Timeout when _hang is null && fault.TryTake():
                    _hang = fault;
                    hangStillSet = true;
                    startedHang = true;
                    _connection.Hit(fault, item.Info, spec.TimeoutMs == 0 ? "hang: stopped forwarding; the connection stays open" : $"hang: stopped forwarding; closing in {spec.TimeoutMs} ms");
                    if (spec.TimeoutMs > 0)
                    {
                        _ = CloseLaterAsync(fault, spec.TimeoutMs);
                    }

                    break;
                case FaultKind.Latency:
                    latency ??= fault;
                    break;
                case FaultKind.Bandwidth:
                    bandwidth ??= fault;
                    break;
                case FaultKind.Slicer:
                    slicer ??= fault;
                    break;
                case FaultKind.LimitData:
                    limit ??= fault;
                    break;
            }
        }

        if (_hang is not null)
        {
            if (hangStillSet)
            {
                // Hanging: the bytes vanish, as on a link that went silent. Removing the fault lets traffic through again.
                if (!startedHang)
                {
                    _connection.Hit(_hang, item.Info, "hang: dropped");
                }

                return true;
            }

            _hang = null;
        }

        if (latency is not null && latency.TryTake())
        {
            var spec = latency.Spec;
            var ms = Math.Max(0, spec.LatencyMs + (spec.JitterMs == 0 ? 0 : _random.Next(-spec.JitterMs, spec.JitterMs + 1)));
            var wait = TimeSpan.FromMilliseconds(ms) - Options.TimeProvider.GetElapsedTime(item.ReadTimestamp);
            _connection.Hit(latency, item.Info, $"latency {ms} ms");
            if (wait > TimeSpan.Zero)
            {
                await FlushAsync(closing).ConfigureAwait(false);
                await Task.Delay(wait, Options.TimeProvider, closing).ConfigureAwait(false);
            }
        }

        if (limit is not null && _sent + bytes.Length >= limit.Spec.Bytes && limit.TryTake())
        {
            var allowed = (int)Math.Max(0, limit.Spec.Bytes - _sent);
            _output.Write(bytes.Span[..allowed]);
            _sent += allowed;
            await FlushAsync(closing).ConfigureAwait(false);
            _connection.Hit(limit, item.Info, $"closed the connection after {_sent} bytes {FaultNames.Of(_direction)} ({allowed} of this frame's {bytes.Length} sent)");
            _connection.Close(reset: false);
            return false;
        }

        if (slicer is not null && slicer.TryTake())
        {
            var segments = await SliceAsync(slicer.Spec, bytes, closing).ConfigureAwait(false);
            _connection.Hit(slicer, item.Info, $"sliced into {segments} segments");
        }
        else
        {
            _output.Write(bytes.Span);
        }

        _sent += bytes.Length;
        if (bandwidth is not null && bandwidth.TryTake())
        {
            // Hold the line for as long as the frame would take at the rate; the next frame waits behind it.
            var hold = TimeSpan.FromSeconds(bytes.Length / (bandwidth.Spec.RateKbps * 1024.0));
            _connection.Hit(bandwidth, item.Info, $"{bandwidth.Spec.RateKbps} KB/s: {hold.TotalMilliseconds:0.###} ms for {bytes.Length} bytes");
            await FlushAsync(closing).ConfigureAwait(false);
            await Task.Delay(hold, Options.TimeProvider, closing).ConfigureAwait(false);
        }
        else if (_output.UnflushedBytes >= FlushThreshold)
        {
            await FlushAsync(closing).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// reset_peer: the first frame that meets the fault arms it; <paramref name="timeoutMs"/> later the connection is
    /// reset. With 0 it fires at once and that frame is not sent. True when the connection was reset now.
    /// </summary>
    private bool ArmOrFire(ActiveFault fault, int timeoutMs, FrameInfo info)
    {
        var key = $"{fault.Spec.Name}#{fault.Generation}";
        if (_armed.ContainsKey(key))
        {
            return false;
        }

        _armed[key] = Options.TimeProvider.GetTimestamp();
        if (timeoutMs == 0)
        {
            if (!fault.TryTake())
            {
                return false;
            }

            _connection.Hit(fault, info, "connection reset (TCP RST to both sides); this frame not sent");
            _connection.Close(reset: true);
            return true;
        }

        _ = ResetLaterAsync(fault, timeoutMs, info);
        return false;
    }

    private async Task ResetLaterAsync(ActiveFault fault, int timeoutMs, FrameInfo info)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(timeoutMs), Options.TimeProvider, _connection.Closing).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // Removed or replaced in the meantime: nothing to do.
        if (Array.IndexOf(Options.Faults.Current, fault) >= 0 && fault.TryTake())
        {
            _connection.Hit(fault, info, $"connection reset (TCP RST to both sides) {timeoutMs} ms after this frame");
            _connection.Close(reset: true);
        }
    }

    private async Task CloseLaterAsync(ActiveFault fault, int timeoutMs)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(timeoutMs), Options.TimeProvider, _connection.Closing).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (Array.IndexOf(Options.Faults.Current, fault) >= 0)
        {
            _connection.Close(reset: false);
        }
    }

    private async ValueTask<int> SliceAsync(FaultSpec spec, ReadOnlyMemory<byte> bytes, CancellationToken closing)
    {
        var segments = 0;
        while (!bytes.IsEmpty)
        {
            var size = spec.AverageSize + (spec.SizeVariation == 0 ? 0 : _random.Next(-spec.SizeVariation, spec.SizeVariation + 1));
            size = Math.Clamp(size, 1, bytes.Length);
            _output.Write(bytes.Span[..size]);
            bytes = bytes[size..];
            segments++;

            // One flush per segment: the socket has no Nagle delay, so each becomes its own TCP segment.
            await FlushAsync(closing).ConfigureAwait(false);
            if (!bytes.IsEmpty && spec.DelayUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(spec.DelayUs), Options.TimeProvider, closing).ConfigureAwait(false);
            }
        }

        return segments;
    }

    private async ValueTask FlushAsync(CancellationToken closing)
    {
        if (_output.UnflushedBytes > 0)
        {
            await _output.FlushAsync(closing).ConfigureAwait(false);
        }
    }

    private readonly record struct Outgoing(FrameBuffer Frame, FrameInfo Info, long ReadTimestamp);
}
