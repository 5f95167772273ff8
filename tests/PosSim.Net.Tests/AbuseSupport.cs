using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PosSim.Net.Tests;

/// <summary>Hostile and hand-driven clients for the fairness tests, and a logger that keeps what it is told.</summary>
internal static class AbuseSupport
{
    /// <summary>
    /// Connects a raw socket that the server may close at once: true when the server closed it (or reset it, even
    /// before the connect returned), false when it stayed open for <paramref name="watch"/>.
    /// </summary>
    public static async Task<bool> ConnectAndSeeClosedAsync(EndPoint server, TimeSpan watch, CancellationToken ct, IPAddress? from = null)
    {
        try
        {
            using var socket = await ConnectFromAsync(server, from, ct);
            return await SeesCloseAsync(socket, watch, ct);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    /// <summary>A raw socket to <paramref name="server"/>, from a chosen loopback address when <paramref name="from"/> is given.</summary>
    public static async Task<Socket> ConnectFromAsync(EndPoint server, IPAddress? from, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (from is not null)
            {
                socket.Bind(new IPEndPoint(from, 0));
            }

            await socket.ConnectAsync(server, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>True when this machine lets a socket bind to <paramref name="address"/> (Linux answers on all of 127.0.0.0/8).</summary>
    public static bool CanBind(IPAddress address)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>True when the peer closes or resets <paramref name="socket"/> within <paramref name="watch"/> (bytes it sends meanwhile are ignored).</summary>
    public static async Task<bool> SeesCloseAsync(Socket socket, TimeSpan watch, CancellationToken ct)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(watch);
        var buffer = new byte[1024];
        try
        {
            for (var i = 0; i < 10_000; i++)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        return false;
    }
}

/// <summary>Keeps every entry logged, for asserting what was warned and how often.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly List<(LogLevel Level, EventId Id, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, EventId Id, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, eventId, formatter(state, exception)));
        }
    }
}
