using System.Buffers;
using System.IO.Pipelines;
using System.Net;

namespace PosSim.Net.Transport;

/// <summary>
/// One end of an in-process connection. A pump per end moves what its application wrote into the other end's
/// input, as a socket's send loop would, so aborts and closes behave as they do over TCP.
/// </summary>
internal sealed class InMemoryConnection : PipeConnection
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private InMemoryConnection _peer = null!;
    private Task _pumping = Task.CompletedTask;
    private int _disposed;

    private InMemoryConnection(PipeOptions options, EndPoint local, EndPoint remote)
        : base(options, options, local, remote)
    {
    }

    public static (InMemoryConnection Client, InMemoryConnection Server) CreatePair(EndPoint clientEndPoint, EndPoint serverEndPoint, PipeOptions options)
    {
        var client = new InMemoryConnection(options, clientEndPoint, serverEndPoint);
        var server = new InMemoryConnection(options, serverEndPoint, clientEndPoint);
        client._peer = server;
        server._peer = client;
        client._pumping = client.PumpAsync();
        server._pumping = server.PumpAsync();
        return (client, server);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Outbound.Writer.Complete();
        if (!await WaitAsync(_pumping, DrainTimeout).ConfigureAwait(false))
        {
            Abort();
            await WaitAsync(_pumping, Timeout.InfiniteTimeSpan).ConfigureAwait(false);
        }

        // What we sent already sits in the peer's input, so there is no reset to avoid: stop reading now.
        // The peer's pump then finds our input gone and ends, and the peer's writes report completion.
        Inbound.Reader.Complete();
    }

    protected override void OnAbort()
    {
        // A reset kills both directions: stop the peer's pump too, and let the peer see its input end.
        _peer.Outbound.Reader.CancelPendingRead();
        _peer.Inbound.Writer.CancelPendingFlush();
    }

    private async Task PumpAsync()
    {
        await Task.Yield();
        var reader = Outbound.Reader;
        var target = _peer.Inbound.Writer;
        try
        {
            while (!IsAborted && !_peer.IsAborted)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }

                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    target.Write(segment.Span);
                }

                reader.AdvanceTo(buffer.End);
                if (!buffer.IsEmpty)
                {
                    var flush = await target.FlushAsync().ConfigureAwait(false);
                    if (flush.IsCompleted || flush.IsCanceled)
                    {
                        break;
                    }
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception)
        {
            // A pipe completed under us means the other side is gone; both ends are completed below.
        }
        finally
        {
            reader.Complete();
            target.Complete();
        }
    }
}
