using Microsoft.Extensions.Logging;
using PosSim.Net.Proxy.Faults;
using PosSim.Net.Transport;

namespace PosSim.Net.Proxy;

/// <summary>
/// One client connection and its upstream twin: a pump per direction reads frames and applies message faults, a
/// <see cref="DirectionWriter"/> per direction applies transport faults and sends. When one side closes, the other is
/// told (after everything queued or held for it has gone), as a plain TCP proxy would.
/// </summary>
// The token source is never disposed: held frames and fault timers may still register on its token after the
// connection has ended, and a cancelled source has released its timer already.
#pragma warning disable CA1001
internal sealed partial class ProxyConnection
#pragma warning restore CA1001
{
    private readonly FaultProxy _proxy;
    private readonly ITransportConnection _client;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITransportConnection? _upstream;
    private int _closed;

    public ProxyConnection(FaultProxy proxy, long id, ITransportConnection client)
    {
        _proxy = proxy;
        _client = client;
        Id = id;
        StartTimestamp = Options.TimeProvider.GetTimestamp();
    }

    public long Id { get; }

    public long StartTimestamp { get; }

    public ProxyOptions Options => _proxy.Options;

    public Task Completion => _completion.Task;

    /// <summary>Fires when the connection is being closed by a fault or by the proxy's shutdown.</summary>
    public CancellationToken Closing => _closing.Token;

    public void Start() => _ = RunAsync();

    /// <summary>True when <paramref name="fault"/> applies to this connection (its toxicity, drawn once per connection and fault).</summary>
    public bool Applies(ActiveFault fault) => Seeds.Toxic(Options.Seed, Id, fault.Spec.Name, fault.Generation, fault.Spec.Toxicity);

    public void Hit(ActiveFault fault, FrameInfo frame, string action)
    {
        fault.CountHit();
        Options.HitLog.Write(new FaultHit(Options.TimeProvider.GetUtcNow(), fault.Spec.Name, fault.Spec.Kind, fault.Spec.Direction, Id, frame, action));
    }

    /// <summary>Closes both sides: gracefully (what was sent is delivered, then end of stream) or with a TCP reset.</summary>
    public void Close(bool reset)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        if (reset)
        {
            Reset(_client);
            if (_upstream is { } upstream)
            {
                Reset(upstream);
            }
        }

        _closing.Cancel();
    }

    private static void Reset(ITransportConnection connection)
    {
        if (connection is SocketConnection socket)
        {
            socket.Reset();
        }
        else
        {
            connection.Abort();
        }
    }

    private async Task RunAsync()
    {
        await Task.Yield();
        try
        {
            if (await ConnectUpstreamAsync().ConfigureAwait(false) is not { } upstream)
            {
                return;
            }

            var toUpstream = new DirectionWriter(this, FaultDirection.Upstream, upstream.Output, Seeds.For(Options.Seed, Id, 1));
            var toClient = new DirectionWriter(this, FaultDirection.Downstream, _client.Output, Seeds.For(Options.Seed, Id, 2));
            var writers = Task.WhenAll(toUpstream.Start(), toClient.Start());
            var up = PumpAsync(_client.Input, FaultDirection.Upstream, toUpstream, toClient, Seeds.For(Options.Seed, Id, 3));
            var down = PumpAsync(upstream.Input, FaultDirection.Downstream, toClient, toUpstream, Seeds.For(Options.Seed, Id, 4));

            // Once one side has closed, the other gets a bounded time to finish (answers still on their way).
            await Task.WhenAny(up, down).ConfigureAwait(false);
            _closing.CancelAfter(Options.HalfCloseTimeout);
            await Task.WhenAll(up, down, writers).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Options.Logger.LogConnectionFailed(e, Id);
        }
        finally
        {
            await DisposeAsync(_client).ConfigureAwait(false);
            if (_upstream is { } upstream)
            {
                await DisposeAsync(upstream).ConfigureAwait(false);
            }

            _closing.Cancel();
            _completion.TrySetResult();
        }
    }

    private async Task<ITransportConnection?> ConnectUpstreamAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        timeout.CancelAfter(Options.ConnectTimeout);
        try
        {
            var upstream = await Options.Transport.ConnectAsync(Options.Upstream, timeout.Token).ConfigureAwait(false);
            _upstream = upstream;
            if (Volatile.Read(ref _closed) != 0)
            {
                // Closed while connecting (the proxy is shutting down): nothing to forward.
                return null;
            }

            return upstream;
        }
        catch (Exception e)
        {
            _proxy.UpstreamFailed();
            Options.Logger.LogUpstreamUnreachable(Id, Options.Upstream, e.Message);
            return null;
        }
    }

    private static async Task DisposeAsync(ITransportConnection connection)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already gone; closing a dead connection has nothing to report.
        }
    }
}
