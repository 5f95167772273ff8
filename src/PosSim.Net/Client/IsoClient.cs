using System.Net;
using Microsoft.Extensions.Logging;
using PosSim.Iso8583;
using PosSim.Net.Internal;
using PosSim.Iso8583.Matching;
using PosSim.Net.Messaging;

namespace PosSim.Net.Client;

/// <summary>
/// A framed ISO 8583 client on one connection with many requests in flight, each response paired with its request
/// by <see cref="IsoClientOptions.MatchKey"/> in whatever order responses come. Per-request timeouts; late and
/// unknown responses are reported, never silently dropped; optional echo keep-alive; reconnect with exponential
/// backoff and jitter after a drop. Thread-safe.
/// </summary>
/// <remarks>
/// Failures come out of the awaited send: <see cref="IsoTimeoutException"/> (no response in time),
/// <see cref="IsoConnectionException"/> (not connected, or the connection dropped with the request in flight),
/// <see cref="IsoResponseFormatException"/> (the matching response broke its format), <see cref="OperationCanceledException"/>.
/// Misuse throws at once: <see cref="IsoFormatException"/> for a request that cannot be encoded,
/// <see cref="InvalidOperationException"/> for a key already in flight.
/// </remarks>
public sealed partial class IsoClient : IAsyncDisposable
{
    private readonly IsoClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MatchKeySpec _keys;
    private readonly Lock _gate = new();
    private readonly Dictionary<MatchKey, PendingRequest> _pending = [];
    private readonly Dictionary<MatchKey, long> _timedOut = [];
    private readonly Queue<MatchKey> _timedOutOrder = new();
    private readonly ObjectPool<PendingRequest> _pendingPool;
    private readonly CancellationTokenSource _disposing = new();
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Session? _session;
    private Task _reconnecting = Task.CompletedTask;
    private ITimer? _echoTimer;
    private int _echoBusy;
    private int _echoStan;
    private bool _disposed;

    private IsoClient(IsoClientOptions options)
    {
        _options = options;
        _time = options.TimeProvider;
        _logger = options.Logger;
        _keys = options.MatchKey;
        var asynchronously = options.RunContinuationsAsynchronously;
        _pendingPool = new ObjectPool<PendingRequest>(() => new PendingRequest(this, _time, asynchronously), 4096);
    }

    /// <summary>Occurs for each response that matched no request in flight, on the read loop: keep handlers short.</summary>
    public event EventHandler<UnmatchedResponseEventArgs>? UnmatchedResponse;

    public IsoClientStats Stats { get; } = new();

    /// <summary>True while a connection is up.</summary>
    public bool IsConnected => Volatile.Read(ref _session) is not null;

    /// <summary>Requests in flight now.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>The server's end point as configured.</summary>
    public EndPoint EndPoint => _options.EndPoint;

    /// <summary>Connects (one attempt, failing fast so a wrong address is seen at once) and starts the client.</summary>
    public static async Task<IsoClient> ConnectAsync(IsoClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var client = new IsoClient(options);
        try
        {
            await client.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        client.StartEchoTimer();
        return client;
    }

    /// <summary>Completes when connected: at once if so, after a reconnect otherwise. Throws when reconnecting was given up.</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Sends <paramref name="request"/> and returns its response (a new message).</summary>
    public async Task<IsoMessage> SendAsync(IsoMessage request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var response = new IsoMessage();
        await SendAsync(request, response, timeout, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>
    /// Sends <paramref name="request"/> and decodes its response into <paramref name="response"/> (allocation-free in
    /// steady state). The request is encoded before this returns, so it may be reused at once; the returned task
    /// may be awaited once.
    /// </summary>
    public ValueTask SendAsync(IsoMessage request, IsoMessage response, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        cancellationToken.ThrowIfCancellationRequested();
        var wait = timeout ?? _options.DefaultTimeout;
        if (wait <= TimeSpan.Zero)
        {
            ThrowHelper.Argument("The timeout must be positive.", nameof(timeout));
        }

        if (!_keys.TryGetKey(request, out var key))
        {
            ThrowHelper.Argument($"No match key ({_keys}) can be built from the request: it needs an MTI, and the key must fit in {MatchKey.Capacity} bytes.", nameof(request));
        }

        var session = Volatile.Read(ref _session) ?? throw NotConnected();
        var frame = session.Writer.TryEncode(request, _options.Header.Span, out var error) ?? throw new IsoFormatException(error);
        var pending = _pendingPool.Rent();
        pending.Start(key, response, wait, _time.GetTimestamp());
        if (cancellationToken.CanBeCanceled)
        {
            // Registered before the request is visible: once it is, a fast response may complete and recycle it.
            pending.CancellationRequested = cancellationToken;
            pending.Registration = cancellationToken.UnsafeRegister(static (s, _) => ((PendingRequest)s!).Timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan), pending);
        }

        string? refusal = null;
        PendingRequest? superseded = null;
        lock (_gate)
        {
            if (session.Ended || !ReferenceEquals(_session, session))
            {
                refusal = "closed";
            }
            else if (_pending.Count >= _options.MaxPendingRequests)
            {
                refusal = "full";
            }
            else if (!_pending.TryAdd(key, pending) && !TrySupersede(key, pending, out superseded))
            {
                refusal = "duplicate";
            }
            else
            {
                // Counted before anything can complete it, so the in-flight gauge never dips below zero.
                Stats.Sent();
                NetMetrics.RequestsInFlight.Add(1, NetMetrics.Client);

                // A token cancelled before the request was added fires the timer now, so cancellation is not missed.
                pending.Timer.Change(cancellationToken.IsCancellationRequested ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
            }
        }

        if (refusal is not null)
        {
            FrameBuffer.Return(frame);
            pending.Registration.Dispose();
            pending.Registration = default;
            pending.CancellationRequested = default;
            _pendingPool.Return(pending);
            throw refusal switch
            {
                "closed" => NotConnected(),
                "full" => new InvalidOperationException($"{_options.MaxPendingRequests} requests are already in flight."),
                _ => new InvalidOperationException($"A request with key {key} ({_keys}) is already in flight; use another STAN."),
            };
        }

        if (superseded is not null)
        {
            Complete(superseded, null, new IsoRequestSupersededException(key));
        }

        // If the session ended between the check and here, its teardown already failed this request.
        session.Writer.TryEnqueue(frame);
        return new ValueTask(pending, pending.Version);
    }

    /// <summary>
    /// Sends a message that gets no response (an advice whose answer is not awaited, or the answer to a request
    /// the server sent us). Returns once it is queued.
    /// </summary>
    public void Post(IsoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var session = Volatile.Read(ref _session) ?? throw NotConnected();
        var frame = session.Writer.TryEncode(message, _options.Header.Span, out var error) ?? throw new IsoFormatException(error);
        if (!session.Writer.TryEnqueue(frame))
        {
            throw NotConnected();
        }
    }

    /// <summary>Closes the connection gracefully (responses already on their way are still matched), stops reconnecting, fails what is left.</summary>
    public async ValueTask DisposeAsync()
    {
        Session? session;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            session = _session;
        }

        _disposing.Cancel();
        _echoTimer?.Dispose();
        if (session is not null)
        {
            await session.CloseAsync().ConfigureAwait(false);
        }

        await _reconnecting.ConfigureAwait(false);
        FailAll(new IsoConnectionException($"The client for {_options.EndPoint} was disposed."));
        lock (_gate)
        {
            _connected.TrySetException(new ObjectDisposedException(nameof(IsoClient)));
        }

        _disposing.Dispose();
    }

    internal void ReturnPending(PendingRequest pending) => _pendingPool.Return(pending);

    /// <summary>
    /// With <see cref="IsoClientOptions.RepeatsSupersede"/>, a request whose key is in flight takes the earlier
    /// one's place (a repeat such as 0421 after 0420 is answered like its original); the caller fails the earlier
    /// waiter once outside the lock. Called under the lock.
    /// </summary>
    private bool TrySupersede(MatchKey key, PendingRequest pending, out PendingRequest? superseded)
    {
        superseded = null;
        if (!_options.RepeatsSupersede)
        {
            return false;
        }

        superseded = _pending[key];
        _pending[key] = pending;
        return true;
    }

    /// <summary>The request's timer fired, or its cancellation token did (it fires the timer at once).</summary>
    internal void OnTimer(PendingRequest pending)
    {
        var cancelled = pending.CancellationRequested.IsCancellationRequested;
        lock (_gate)
        {
            if (!_pending.TryGetValue(pending.Key, out var current) || !ReferenceEquals(current, pending))
            {
                return;
            }

            if (!cancelled)
            {
                var remaining = pending.Timeout - _time.GetElapsedTime(pending.StartTimestamp);
                if (remaining > TimeSpan.Zero)
                {
                    pending.Timer.Change(remaining, Timeout.InfiniteTimeSpan);
                    return;
                }

                RememberTimedOut(pending.Key);
            }

            _pending.Remove(pending.Key);
        }

        if (cancelled)
        {
            Complete(pending, null, new OperationCanceledException(pending.CancellationRequested));
            return;
        }

        Stats.TimedOut();
        NetMetrics.RequestsTimedOut.Add(1, NetMetrics.Client);
        Complete(pending, null, new IsoTimeoutException(pending.Key, pending.Timeout));
    }

    private static IsoConnectionException NotConnected() => new("Not connected: the connection is down (reconnecting, or given up).");

    private void Complete(PendingRequest pending, IsoMessage? response, Exception? error)
    {
        pending.Timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        pending.Registration.Dispose();
        NetMetrics.RequestsInFlight.Add(-1, NetMetrics.Client);
        if (error is null)
        {
            response!.CopyTo(pending.Target!);
            Stats.Matched();
            pending.SetResult();
        }
        else
        {
            pending.SetException(error);
        }
    }

    /// <summary>Pairs a decoded (or partly decoded) response with its request; reports it when none waits.</summary>
    private void OnResponse(IsoMessage response, FrameReadResult result)
    {
        if (!_keys.TryGetKey(response, out var key))
        {
            Unmatched(response, UnmatchedKind.Unknown, null);
            return;
        }

        PendingRequest? pending;
        var late = false;
        lock (_gate)
        {
            if (!_pending.Remove(key, out pending))
            {
                late = _timedOut.Remove(key, out var when) && _time.GetElapsedTime(when) <= _options.LateResponseWindow;
            }
        }

        if (pending is not null)
        {
            Complete(pending, response, result.Status == ReadStatus.Message ? null : new IsoResponseFormatException(result.DecodeError, Copy(response)));
            return;
        }

        Unmatched(response, late ? UnmatchedKind.Late : UnmatchedKind.Unknown, key);
    }

    private void Unmatched(IsoMessage response, UnmatchedKind kind, MatchKey? key)
    {
        if (kind == UnmatchedKind.Late)
        {
            Stats.Late();
            NetMetrics.LateResponses.Add(1, NetMetrics.Client);
        }
        else
        {
            Stats.Unmatched();
            NetMetrics.UnmatchedResponses.Add(1, NetMetrics.Client);
        }

        Log.UnmatchedResponse(_logger, kind.ToString(), _options.EndPoint, key?.ToString() ?? "(none)");
        var handler = UnmatchedResponse;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new UnmatchedResponseEventArgs(Copy(response), kind, key));
        }
        catch (Exception)
        {
            // A throwing subscriber must not kill the read loop that serves every other request.
        }
    }

    private static IsoMessage Copy(IsoMessage message)
    {
        var copy = new IsoMessage();
        message.CopyTo(copy);
        return copy;
    }

    private void RememberTimedOut(MatchKey key)
    {
        if (_options.LateResponseMemory == 0)
        {
            return;
        }

        while (_timedOutOrder.Count >= _options.LateResponseMemory && _timedOutOrder.TryDequeue(out var oldest))
        {
            _timedOut.Remove(oldest);
        }

        if (_timedOut.TryAdd(key, _time.GetTimestamp()))
        {
            _timedOutOrder.Enqueue(key);
        }
        else
        {
            _timedOut[key] = _time.GetTimestamp();
        }
    }

    private int FailAll(Exception error)
    {
        PendingRequest[] failed;
        lock (_gate)
        {
            failed = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var pending in failed)
        {
            Complete(pending, null, error);
        }

        return failed.Length;
    }
}
