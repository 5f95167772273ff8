using System.IO.Pipelines;
using System.Net;

namespace PosSim.Net.Transport;

/// <summary>
/// Opens byte-stream connections. <see cref="SocketTransport"/> speaks TCP; <see cref="InMemoryTransport"/>
/// connects pipes inside one process. The server and client take either, so tests and the simulation swap them.
/// </summary>
public interface ITransport
{
    /// <summary>Starts listening on <paramref name="endPoint"/>. Port 0 picks a free port: read it from <see cref="IConnectionListener.EndPoint"/>.</summary>
    ValueTask<IConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken = default);

    /// <summary>Connects to a listener; throws <see cref="System.Net.Sockets.SocketException"/> (connection refused) when nobody listens.</summary>
    ValueTask<ITransportConnection> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken = default);
}

/// <summary>Accepts connections on one end point. Disposing it stops accepting; connections already accepted live on.</summary>
public interface IConnectionListener : IAsyncDisposable
{
    /// <summary>The bound end point, with the real port when port 0 was asked for.</summary>
    EndPoint EndPoint { get; }

    /// <summary>The next connection, or null once the listener has been disposed.</summary>
    ValueTask<ITransportConnection?> AcceptAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// One connection as a pair of pipes: read what the peer sent from <see cref="IDuplexPipe.Input"/>, write what
/// it should receive to <see cref="IDuplexPipe.Output"/> and flush.
/// </summary>
/// <remarks>
/// Ending a connection: complete <see cref="IDuplexPipe.Output"/> to send what is written and then end-of-stream
/// (the peer reads to the end), stop reading, then <see cref="IAsyncDisposable.DisposeAsync"/>, which waits a
/// bounded time for the bytes to leave and for the peer to close its side before releasing everything.
/// <see cref="Abort"/> drops the connection at once and loses anything unsent. Input ends (completed, or with an
/// <see cref="IOException"/> when the peer reset) when the peer closes or the connection is aborted.
/// </remarks>
public interface ITransportConnection : IDuplexPipe, IAsyncDisposable
{
    EndPoint? LocalEndPoint { get; }

    EndPoint? RemoteEndPoint { get; }

    /// <summary>Closes the connection now: pending reads end, unsent bytes are dropped, the peer sees it close.</summary>
    void Abort();
}
