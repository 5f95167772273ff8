using System.Buffers;
using System.Net.Sockets;

namespace PosSim.Net.Transport;

/// <summary>A TCP socket behind two pipes: a receive loop fills the input pipe, a send loop drains the output pipe.</summary>
internal sealed class SocketConnection : PipeConnection
{
    // Below this the receive loop asks the pipe for a fresh segment; ISO 8583 frames are a few hundred bytes.
    private const int MinReceiveBuffer = 2048;

    private readonly Socket _socket;
    private readonly SocketTransportOptions _options;
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private int _disposed;

    private SocketConnection(Socket socket, SocketTransportOptions options)
        : base(options.InputPipeOptions, options.OutputPipeOptions, socket.LocalEndPoint, socket.RemoteEndPoint)
    {
        _socket = socket;
        _options = options;
    }

    public static SocketConnection Start(Socket socket, SocketTransportOptions options)
    {
        // Requests and responses are small and latency-bound: never hold them back for Nagle.
        socket.NoDelay = true;
        var connection = new SocketConnection(socket, options);
        connection._receiving = connection.ReceiveLoopAsync();
        connection._sending = connection.SendLoopAsync();
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Outbound.Writer.Complete();
        if (!await WaitAsync(_sending, _options.SendDrainTimeout).ConfigureAwait(false))
        {
            Abort();
        }

        // The application is done reading; from here the receive loop discards until the peer closes.
        Inbound.Reader.Complete();
        if (!await WaitAsync(_receiving, _options.LingerTimeout).ConfigureAwait(false))
        {
            Abort();
        }

        _socket.Dispose();
        await WaitAsync(Task.WhenAll(_receiving, _sending), Timeout.InfiniteTimeSpan).ConfigureAwait(false);
    }

    protected override void OnAbort() => _socket.Dispose();

    /// <summary>Closes with a TCP reset (RST) rather than an orderly end of stream: the peer sees "connection reset by peer".</summary>
    internal void Reset()
    {
        try
        {
            // A zero linger makes close() discard unsent data and send RST.
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (ObjectDisposedException)
        {
        }

        Abort();
    }

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        var writer = Inbound.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(MinReceiveBuffer);
                var received = await _socket.ReceiveAsync(memory, SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                writer.Advance(received);
                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCanceled)
                {
                    break;
                }

                if (flush.IsCompleted)
                {
                    await DiscardUntilClosedAsync().ConfigureAwait(false);
                    break;
                }
            }
        }
        catch (Exception) when (IsAborted)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException e)
        {
            error = new IOException($"The connection to {RemoteEndPoint} failed: {e.SocketErrorCode}.", e);
        }
        finally
        {
            writer.Complete(error);
        }
    }

    /// <summary>Reads and drops input after the application has stopped reading, so closing does not reset.</summary>
    private async Task DiscardUntilClosedAsync()
    {
        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (await _socket.ReceiveAsync(scratch.AsMemory(), SocketFlags.None).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async Task SendLoopAsync()
    {
        await Task.Yield();
        var reader = Outbound.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }

                var buffer = result.Buffer;
                try
                {
                    if (buffer.IsSingleSegment)
                    {
                        await _socket.SendAsync(buffer.First, SocketFlags.None).ConfigureAwait(false);
                    }
                    else
                    {
                        foreach (var segment in buffer)
                        {
                            await _socket.SendAsync(segment, SocketFlags.None).ConfigureAwait(false);
                        }
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }

                if (result.IsCompleted)
                {
                    // Everything written has left: tell the peer we are done so it can finish reading and close.
                    _socket.Shutdown(SocketShutdown.Send);
                    break;
                }
            }
        }
        catch (Exception) when (IsAborted)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException e)
        {
            error = new IOException($"Sending to {RemoteEndPoint} failed: {e.SocketErrorCode}.", e);
        }
        finally
        {
            reader.Complete(error);
        }
    }
}
