using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace PosSim.Net.Transport;

/// <summary>
/// Connections inside one process through pipes, with the same listener/connect shape as <see cref="SocketTransport"/>.
/// End points are just names: any <see cref="EndPoint"/> works, and an <see cref="IPEndPoint"/> with port 0 is given
/// a made-up port. Connecting to an end point nobody listens on fails with "connection refused", as TCP does.
/// </summary>
public sealed class InMemoryTransport : ITransport
{
    private readonly Dictionary<EndPoint, Listener> _listeners = [];
    private readonly PipeOptions _pipeOptions;
    private readonly Lock _gate = new();
    private int _nextPort = 40000;

    /// <param name="pipeOptions">
    /// Pipe buffering and scheduling for every connection; pass <see cref="PipeScheduler.Inline"/> schedulers for
    /// fewer thread hops. Its pause threshold must exceed the largest frame.
    /// </param>
    public InMemoryTransport(PipeOptions? pipeOptions = null) => _pipeOptions = pipeOptions ?? SocketTransportOptions.DefaultInput;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        lock (_gate)
        {
            if (endPoint is IPEndPoint { Port: 0 } ip)
            {
                endPoint = new IPEndPoint(ip.Address, NextPort());
            }

            if (_listeners.ContainsKey(endPoint))
            {
                throw new SocketException((int)SocketError.AddressAlreadyInUse);
            }

            var listener = new Listener(this, endPoint);
            _listeners.Add(endPoint, listener);
            return ValueTask.FromResult<IConnectionListener>(listener);
        }
    }

    public ValueTask<ITransportConnection> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        cancellationToken.ThrowIfCancellationRequested();
        Listener? listener;
        EndPoint local;
        lock (_gate)
        {
            _listeners.TryGetValue(endPoint, out listener);
            local = new IPEndPoint(IPAddress.Loopback, NextPort());
        }

        if (listener is null)
        {
            throw new SocketException((int)SocketError.ConnectionRefused);
        }

        var (client, server) = InMemoryConnection.CreatePair(local, endPoint, _pipeOptions);
        if (!listener.Offer(server))
        {
            client.Abort();
            server.Abort();
            throw new SocketException((int)SocketError.ConnectionRefused);
        }

        return ValueTask.FromResult<ITransportConnection>(client);
    }

    private int NextPort() => _nextPort < 65535 ? _nextPort++ : (_nextPort = 40000);

    private void Remove(Listener listener)
    {
        lock (_gate)
        {
            if (_listeners.TryGetValue(listener.EndPoint, out var current) && ReferenceEquals(current, listener))
            {
                _listeners.Remove(listener.EndPoint);
            }
        }
    }

    private sealed class Listener(InMemoryTransport transport, EndPoint endPoint) : IConnectionListener
    {
        private readonly Channel<ITransportConnection> _backlog = Channel.CreateUnbounded<ITransportConnection>();

        public EndPoint EndPoint { get; } = endPoint;

        public bool Offer(ITransportConnection connection) => _backlog.Writer.TryWrite(connection);

        public async ValueTask<ITransportConnection?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                while (await _backlog.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (_backlog.Reader.TryRead(out var connection))
                    {
                        return connection;
                    }
                }
            }
            catch (ChannelClosedException)
            {
            }

            return null;
        }

        public ValueTask DisposeAsync()
        {
            transport.Remove(this);
            _backlog.Writer.TryComplete();

            // Connections nobody accepted are refused, as the kernel resets its backlog when a listener closes.
            while (_backlog.Reader.TryRead(out var pending))
            {
                pending.Abort();
            }

            return ValueTask.CompletedTask;
        }
    }
}
