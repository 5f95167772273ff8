using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using PosSim.Iso8583.Framing;
using PosSim.Net.Transport;

namespace PosSim.Net.Proxy;

/// <summary>
/// A frame-aware fault proxy: accepts connections, opens one to the upstream for each, and forwards frames both ways,
/// applying the faults of <see cref="ProxyOptions.Faults"/> and logging each hit. A frame no fault touches is
/// forwarded byte for byte as it arrived.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, ProxyConnection> _connections = new();
    private IConnectionListener? _listener;
    private Task _accepting = Task.CompletedTask;
    private long _nextId;
    private long _upstreamFailures;

    public FaultProxy(ProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Framing.LengthHeader == LengthHeader.None)
        {
            Internal.ThrowHelper.Argument("Framing 'none' cannot split a TCP stream into messages; choose binary2, ascii4 or bcd2.", nameof(options));
        }

        Options = options;
    }

    public ProxyOptions Options { get; }

    /// <summary>The bound end point, with the real port when port 0 was asked for. Valid after <see cref="StartAsync"/>.</summary>
    public EndPoint EndPoint => _listener?.EndPoint ?? throw new InvalidOperationException("The proxy has not been started.");

    public long ConnectionsAccepted => Interlocked.Read(ref _nextId);

    public int ActiveConnections => _connections.Count;

    /// <summary>Connections closed because the upstream could not be reached.</summary>
    public long UpstreamFailures => Interlocked.Read(ref _upstreamFailures);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("The proxy has already been started.");
        }

        _listener = await Options.Transport.BindAsync(Options.Listen, cancellationToken).ConfigureAwait(false);
        _accepting = AcceptLoopAsync(_listener);
    }

    /// <summary>Stops accepting and closes every connection (frames still held by a delay are dropped).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_listener is { } listener)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        await _accepting.ConfigureAwait(false);
        var running = _connections.Values.Select(c =>
        {
            c.Close(reset: false);
            return c.Completion;
        }).ToArray();
        try
        {
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A peer that never closes its side cannot hold up shutdown: the process is ending anyway.
        }
    }

    internal void UpstreamFailed() => Interlocked.Increment(ref _upstreamFailures);

    private async Task AcceptLoopAsync(IConnectionListener listener)
    {
        await Task.Yield();
        while (true)
        {
            ITransportConnection? client;
            try
            {
                client = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Options.Logger.LogAcceptFailed(e);
                return;
            }

            if (client is null)
            {
                return;
            }

            var id = Interlocked.Increment(ref _nextId);
            var connection = new ProxyConnection(this, id, client);
            _connections[id] = connection;
            ProxyMetrics.Connections.Add(1);
            connection.Start();
            _ = connection.Completion.ContinueWith(_ => _connections.TryRemove(id, out var _), TaskScheduler.Default);
        }
    }
}
