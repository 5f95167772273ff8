using System.Net;
using System.Net.Sockets;

namespace PosSim.Net.Tests.Proxy;

/// <summary>An upstream that writes back every byte it receives and keeps a copy, for byte-level checks of the proxy.</summary>
internal sealed class RawEchoUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly MemoryStream _received = new();
    private readonly Lock _gate = new();
    private readonly Task _running;

    public RawEchoUpstream()
    {
        _listener.Start();
        _running = RunAsync();
    }

    public EndPoint EndPoint => _listener.LocalEndpoint;

    public byte[] Received
    {
        get
        {
            lock (_gate)
            {
                return _received.ToArray();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _running.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _received.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync();
                _ = EchoAsync(socket);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task EchoAsync(Socket socket)
    {
        using var owned = socket;
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                {
                    break;
                }

                lock (_gate)
                {
                    _received.Write(buffer, 0, n);
                }

                await socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
    }
}
