using System.Net;
using System.Net.Sockets;

namespace PosSim.Net.Transport;

/// <summary>TCP through <see cref="Socket"/>, one receive and one send loop per connection.</summary>
public sealed class SocketTransport : ITransport
{
    private readonly SocketTransportOptions _options;

    public SocketTransport(SocketTransportOptions? options = null) => _options = options ?? new SocketTransportOptions();

    /// <summary>A transport with the default options.</summary>
    public static SocketTransport Default { get; } = new();

    public ValueTask<IConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(_options.ListenBacklog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return ValueTask.FromResult<IConnectionListener>(new Listener(socket, _options));
    }

    public async ValueTask<ITransportConnection> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var family = endPoint is DnsEndPoint ? AddressFamily.InterNetwork : endPoint.AddressFamily;
        var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return SocketConnection.Start(socket, _options);
    }

    private sealed class Listener(Socket socket, SocketTransportOptions options) : IConnectionListener
    {
        public EndPoint EndPoint { get; } = socket.LocalEndPoint!;

        public async ValueTask<ITransportConnection?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            // A peer that connects and resets before we accept is its own problem, not the listener's end.
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                try
                {
                    var accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                    return SocketConnection.Start(accepted, options);
                }
                catch (ObjectDisposedException)
                {
                    return null;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument)
                {
                    return null;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                }
            }

            return null;
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
