using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using PosSim.Iso8583;
using PosSim.Net.Internal;
using PosSim.Net.Transport;

namespace PosSim.Net.Server;

/// <summary>
/// A framed ISO 8583 server: accepts connections, reads requests, hands each to an <see cref="IIsoRequestHandler"/>
/// concurrently (many in flight per connection) and writes responses as they complete. Frames that cannot be
/// decoded are answered with 39 = 30 when the MTI, field 11 and field 41 could be read; otherwise, and on a bad
/// length header, an oversize or a truncated frame, that connection alone is closed.
/// </summary>
/// <remarks>
/// Fair under abuse: one remote address holds at most <see cref="IsoServerOptions.MaxConnectionsPerAddress"/>
/// connections, a connection must send a valid frame within <see cref="IsoServerOptions.FirstMessageTimeout"/> and
/// finish each frame within <see cref="IsoServerOptions.FrameTimeout"/>, and past
/// <see cref="IsoServerOptions.MaxPendingRequests"/> waiting for the handler new financial requests are answered 96.
/// </remarks>
/// <example>
/// <code>
/// await using var server = new IsoServer(handler, new IsoServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
/// await server.StartAsync();
/// Console.WriteLine($"listening on {server.EndPoint}");
/// </code>
/// </example>
public sealed class IsoServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, ServerConnection> _connections = new();
    private readonly ObjectPool<IsoRequest> _requests;
    private readonly Lock _gate = new();
    private IConnectionListener? _listener;
    private Task _accepting = Task.CompletedTask;
    private Task? _stopping;
    private readonly AddressLimiter _addresses;
    private readonly WarningThrottle _capacityWarnings;
    private long _nextConnectionId;
    private int _active;

    /// <summary>Requests handed to the handler and not yet answered, over all connections (admission control).</summary>
    private int _pending;

    public IsoServer(IIsoRequestHandler handler, IsoServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new IsoServerOptions();
        options.Validate();
        Handler = handler;
        Options = options;
        ResponseHeader = options.ResponseHeader ?? Defaults.WriteResponseHeader;
        EchoFields = [.. options.ErrorResponseEchoFields];
        var headerLength = options.Framing.HeaderLength;
        _requests = new ObjectPool<IsoRequest>(() => new IsoRequest(headerLength), 4096);
        _addresses = new AddressLimiter(options.MaxConnectionsPerAddress, options.TimeProvider, options.RepeatedWarningInterval);
        _capacityWarnings = new WarningThrottle(options.TimeProvider, options.RepeatedWarningInterval);
        FirstMessageWarnings = new WarningThrottle(options.TimeProvider, options.RepeatedWarningInterval);
        FrameWarnings = new WarningThrottle(options.TimeProvider, options.RepeatedWarningInterval);
        ShedWarnings = new WarningThrottle(options.TimeProvider, options.RepeatedWarningInterval);
    }

    /// <summary>The bound end point (with the real port when port 0 was asked for). Valid after <see cref="StartAsync"/>.</summary>
    public EndPoint EndPoint => _listener?.EndPoint ?? throw new InvalidOperationException("The server has not been started.");

    public IsoServerStats Stats { get; } = new();

    /// <summary>Connections open now.</summary>
    public int ActiveConnections => Volatile.Read(ref _active);

    /// <summary>Requests handed to the handler and not yet answered, over all connections.</summary>
    public int PendingRequests => Volatile.Read(ref _pending);

    internal IIsoRequestHandler Handler { get; }

    internal IsoServerOptions Options { get; }

    internal ResponseHeaderWriter ResponseHeader { get; }

    internal int[] EchoFields { get; }

    internal ILogger Logger => Options.Logger;

    internal WarningThrottle FirstMessageWarnings { get; }

    internal WarningThrottle FrameWarnings { get; }

    internal WarningThrottle ShedWarnings { get; }

    /// <summary>Connections open now from <paramref name="address"/> (as counted for the per-address limit).</summary>
    internal int ConnectionsFrom(IPAddress address) => _addresses.OpenFrom(address);

    /// <summary>Binds and starts accepting. Throws what the transport throws when the end point is taken.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_listener is not null || _stopping is not null)
            {
                throw new InvalidOperationException("The server has already been started.");
            }
        }

        var listener = await Options.Transport.BindAsync(Options.EndPoint, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _listener = listener;
            _accepting = AcceptLoopAsync(listener);
        }

        Log.Listening(Logger, listener.EndPoint, Options.Framing.ToString(), Options.Codec.Dialect.Name);
    }

    /// <summary>
    /// Graceful stop: stop accepting, stop reading new requests, let every request in flight be answered and its
    /// response flushed, then close. After <see cref="IsoServerOptions.ShutdownTimeout"/>, or when
    /// <paramref name="cancellationToken"/> fires, handlers are cancelled and connections aborted.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _stopping ??= StopCoreAsync(cancellationToken);
        }
    }

    /// <summary>Drops one connection at once (a simulated network fault, or an operator's kick); false when it is not open.</summary>
    public bool AbortConnection(long connectionId)
    {
        if (_connections.TryGetValue(connectionId, out var connection))
        {
            connection.Abort("aborted by the server", CloseReason.Aborted);
            return true;
        }

        return false;
    }

    /// <summary>Drops every open connection at once; returns how many.</summary>
    public int AbortAllConnections()
    {
        var count = 0;
        foreach (var connection in _connections.Values)
        {
            connection.Abort("aborted by the server", CloseReason.Aborted);
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    internal IsoRequest RentRequest() => _requests.Rent();

    internal void ReturnRequest(IsoRequest request) => _requests.Return(request);

    /// <summary>
    /// True when <paramref name="request"/> must be answered 96 instead of reaching the handler: too many requests are
    /// waiting for it and this one is a new authorisation or financial request. Costs one read when not overloaded.
    /// </summary>
    internal bool ShouldShed(IsoMessage request) =>
        Volatile.Read(ref _pending) >= Options.MaxPendingRequests && IsNewFinancialRequest(request.MtiBytes);

    /// <summary>
    /// 0100 and 0200 (and their repeats 0101, 0201): requests that would start new money moving. Advices (x2x0),
    /// reversals (04xx), batch totals (05xx) and network management (08xx) are admitted even under overload:
    /// refusing them would leave money already moved unsettled or drop links.
    /// </summary>
    internal static bool IsNewFinancialRequest(ReadOnlySpan<byte> mti) =>
        mti.Length == 4 && mti[0] == (byte)'0' && (mti[1] is (byte)'1' or (byte)'2') && mti[2] == (byte)'0' && (mti[3] is >= (byte)'0' and <= (byte)'9');

    internal void HandlerStarted() => Interlocked.Increment(ref _pending);

    internal void HandlerFinished() => Interlocked.Decrement(ref _pending);

    private async Task AcceptLoopAsync(IConnectionListener listener)
    {
        await Task.Yield();
        var failures = 0;
        while (true)
        {
            ITransportConnection? transport;
            try
            {
                transport = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (Volatile.Read(ref _stopping) is not null || ++failures > 100)
                {
                    break;
                }

                Log.AcceptFailed(Logger, e, listener.EndPoint);
                await Task.Delay(TimeSpan.FromMilliseconds(50), Options.TimeProvider).ConfigureAwait(false);
                continue;
            }

            if (transport is null)
            {
                break;
            }

            failures = 0;
            if (Volatile.Read(ref _stopping) is not null)
            {
                transport.Abort();
                _ = transport.DisposeAsync().AsTask();
                continue;
            }

            // The per-address limit comes first, so that an address over it never takes a place from the others.
            var address = AddressLimiter.AddressOf(transport.RemoteEndPoint);
            if (address is not null && !_addresses.TryTake(address, out var warn, out var suppressed))
            {
                Stats.ConnectionRefusedPerAddress();
                NetMetrics.ConnectionsRefused.Add(1, NetMetrics.Server, NetMetrics.RefusedPerAddress);
                if (warn)
                {
                    Log.ConnectionRefusedPerAddress(Logger, address, _addresses.MaxPerAddress, suppressed, Options.RepeatedWarningInterval);
                }

                Refuse(transport);
                continue;
            }

            if (Interlocked.Increment(ref _active) > Options.MaxConnections)
            {
                Interlocked.Decrement(ref _active);
                if (address is not null)
                {
                    _addresses.Release(address);
                }

                Stats.ConnectionRejected();
                NetMetrics.ConnectionsRejected.Add(1, NetMetrics.Server);
                NetMetrics.ConnectionsRefused.Add(1, NetMetrics.Server, NetMetrics.RefusedCapacity);
                if (_capacityWarnings.TryEnter(out var heldBack))
                {
                    Log.ConnectionRejected(Logger, transport.RemoteEndPoint, Options.MaxConnections, heldBack, Options.RepeatedWarningInterval);
                }

                Refuse(transport);
                continue;
            }

            var connection = new ServerConnection(this, Interlocked.Increment(ref _nextConnectionId), transport, address);
            _connections[connection.Id] = connection;
            Stats.ConnectionAccepted();
            NetMetrics.ConnectionsOpened.Add(1, NetMetrics.Server);
            NetMetrics.ConnectionsActive.Add(1, NetMetrics.Server);
            _ = RunConnectionAsync(connection);
        }
    }

    private async Task RunConnectionAsync(ServerConnection connection)
    {
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
            if (connection.Address is { } address)
            {
                _addresses.Release(address);
            }

            Interlocked.Decrement(ref _active);
            Stats.ConnectionClosed();
            NetMetrics.ConnectionsClosed.Add(1, NetMetrics.Server, NetMetrics.Closed(connection.CloseReason));
            NetMetrics.ConnectionsActive.Add(-1, NetMetrics.Server);
            NotifyClosed(connection.Id);
            connection.MarkDone();
        }
    }

    /// <summary>Tells a handler that keeps state per connection that this one is gone (its requests are all answered).</summary>
    private void NotifyClosed(long connectionId)
    {
        if (Handler is not IConnectionObserver observer)
        {
            return;
        }

        try
        {
            observer.OnConnectionClosed(connectionId);
        }
        catch (Exception e)
        {
            // The connection is gone either way; the handler's own bookkeeping failing must not take the server with it.
            Log.HandlerFailed(Logger, e, connectionId, "close");
        }
    }

    /// <summary>Closes a connection refused on arrival at once: leaving it in the backlog would look like a hang to the client.</summary>
    private static void Refuse(ITransportConnection transport)
    {
        transport.Abort();
        _ = transport.DisposeAsync().AsTask();
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        IConnectionListener? listener;
        lock (_gate)
        {
            listener = _listener;
        }

        if (listener is null)
        {
            return;
        }

        await listener.DisposeAsync().ConfigureAwait(false);
        await _accepting.ConfigureAwait(false);

        var connections = _connections.Values.ToArray();
        foreach (var connection in connections)
        {
            connection.BeginStop("server shutting down", CloseReason.Shutdown);
        }

        var all = Task.WhenAll(connections.Select(c => c.Done));
        try
        {
            await all.WaitAsync(Options.ShutdownTimeout, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Log.ShutdownTimedOut(Logger, connections.Count(c => !c.Done.IsCompleted));
            foreach (var connection in connections)
            {
                connection.Abort("shutdown timeout", CloseReason.Aborted);
            }

            // Aborted connections end promptly unless a handler ignores its token; do not wait on those forever.
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None)).ConfigureAwait(false);
        }
    }
}
