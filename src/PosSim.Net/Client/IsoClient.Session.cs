using System.Globalization;
using PosSim.Iso8583;
using PosSim.Net.Internal;
using PosSim.Iso8583.Matching;
using PosSim.Net.Messaging;
using PosSim.Net.Transport;

namespace PosSim.Net.Client;

/// <summary>Connections: one session per connection, reconnect with backoff, echo keep-alive.</summary>
public sealed partial class IsoClient
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private async Task OpenSessionAsync(CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        attempt.CancelAfter(_options.ConnectTimeout);
        var transport = await _options.Transport.ConnectAsync(_options.EndPoint, attempt.Token).ConfigureAwait(false);
        var session = new Session(this, transport);
        lock (_gate)
        {
            if (_disposed)
            {
                transport.Abort();
                _ = transport.DisposeAsync().AsTask();
                throw new ObjectDisposedException(nameof(IsoClient));
            }

            _session = session;
            _connected.TrySetResult();
        }

        session.Start();
        NetMetrics.ConnectionsOpened.Add(1, NetMetrics.Client);
        NetMetrics.ConnectionsActive.Add(1, NetMetrics.Client);
        Log.ClientConnected(_logger, transport.RemoteEndPoint);
    }

    /// <summary>The session's read loop ended: fail what was in flight on it, then reconnect unless disposed.</summary>
    private void OnSessionEnded(Session session, string reason)
    {
        bool reconnect;
        lock (_gate)
        {
            session.Ended = true;
            if (!ReferenceEquals(_session, session))
            {
                return;
            }

            _session = null;
            if (_connected.Task.IsCompleted)
            {
                _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            reconnect = !_disposed && _options.Reconnect;
        }

        Stats.Disconnect();
        NetMetrics.ConnectionsClosed.Add(1, NetMetrics.Client);
        NetMetrics.ConnectionsActive.Add(-1, NetMetrics.Client);
        var failed = FailAll(new IsoConnectionException($"The connection to {_options.EndPoint} was lost with the request in flight ({reason})."));
        Log.ClientDisconnected(_logger, _options.EndPoint, reason, failed);
        if (reconnect)
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    _reconnecting = ReconnectLoopAsync();
                }
            }
        }
    }

    private async Task ReconnectLoopAsync()
    {
        await Task.Yield();
        var delay = _options.ReconnectInitialDelay;
        var random = _options.Random ?? Random.Shared;
        var attempts = _options.MaxReconnectAttempts;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var factor = 1 + (_options.ReconnectJitter * ((random.NextDouble() * 2) - 1));
            var wait = TimeSpan.FromTicks((long)(delay.Ticks * factor));
            try
            {
                await Task.Delay(wait, _time, _disposing.Token).ConfigureAwait(false);
                await OpenSessionAsync(_disposing.Token).ConfigureAwait(false);
                Stats.Reconnect();
                NetMetrics.Reconnects.Add(1, NetMetrics.Client);
                return;
            }
            catch (Exception) when (_disposing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
                Log.ReconnectFailed(_logger, e, attempt, _options.EndPoint, delay);
            }
        }

        Log.ReconnectGaveUp(_logger, _options.EndPoint, attempts);
        lock (_gate)
        {
            _connected.TrySetException(new IsoConnectionException($"Gave up reconnecting to {_options.EndPoint} after {attempts} attempts."));
        }
    }

    private void StartEchoTimer()
    {
        var interval = _options.EchoInterval;
        if (interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        var period = TimeSpan.FromTicks(Math.Max(interval.Ticks / 4, TimeSpan.TicksPerMillisecond * 10));
        _echoTimer = _time.CreateTimer(static s => ((IsoClient)s!).OnEchoTick(), this, period, period);
    }

    private void OnEchoTick()
    {
        var session = Volatile.Read(ref _session);
        if (session is null || Interlocked.CompareExchange(ref _echoBusy, 1, 0) != 0)
        {
            return;
        }

        if (_time.GetElapsedTime(session.LastTraffic) < _options.EchoInterval)
        {
            Volatile.Write(ref _echoBusy, 0);
            return;
        }

        _ = EchoAsync(session);
    }

    private async Task EchoAsync(Session session)
    {
        try
        {
            var echo = new IsoMessage("0800");
            echo.Set(IsoMessage.FieldTransmissionDateTime, _time.GetUtcNow().ToString("MMddHHmmss", CultureInfo.InvariantCulture));
            echo.Stan = (Interlocked.Increment(ref _echoStan) % 999999) + 1;
            echo.Set(IsoMessage.FieldNetworkCode, "301");
            if (_options.EchoTerminalId is { } terminal)
            {
                echo.TerminalId = terminal;
            }

            _options.EchoCustomizer?.Invoke(echo);
            await SendAsync(echo, new IsoMessage(), _options.EchoTimeout).ConfigureAwait(false);
            Stats.Echo();
        }
        catch (IsoTimeoutException e)
        {
            // A silent peer on a live-looking socket: drop it, the reconnect loop takes over.
            Stats.EchoFailure();
            Log.EchoFailed(_logger, e, _options.EndPoint);
            session.Transport.Abort();
        }
        catch (Exception e)
        {
            Stats.EchoFailure();
            Log.EchoFailed(_logger, e, _options.EndPoint);
        }
        finally
        {
            Volatile.Write(ref _echoBusy, 0);
        }
    }

    /// <summary>One connection: its transport, writer loop and read loop.</summary>
    private sealed class Session(IsoClient owner, ITransportConnection transport)
    {
        private readonly FramedMessageReader _reader = new(transport.Input, owner._options.Framing, owner._options.Codec);
        private long _lastRead = owner._time.GetTimestamp();
        private Task _running = Task.CompletedTask;

        public ITransportConnection Transport { get; } = transport;

        public FramedMessageWriter Writer { get; } = new(transport.Output, owner._options.Framing, owner._options.Codec);

        /// <summary>Set under the client's lock once the read loop has ended; no request may join after.</summary>
        public bool Ended { get; set; }

        public long LastTraffic => Math.Max(Volatile.Read(ref _lastRead), Writer.LastWriteTimestamp);

        public void Start()
        {
            var writing = Writer.Start(owner._time);
            _running = RunAsync(writing);
        }

        /// <summary>Graceful close: finish writing, end our side, read until the server closes (bounded), release.</summary>
        public async Task CloseAsync()
        {
            Writer.Complete();
            try
            {
                await _running.WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Transport.Abort();
                await _running.ConfigureAwait(false);
            }
        }

        private async Task RunAsync(Task writing)
        {
            await Task.Yield();
            var reason = "closed by the server";
            try
            {
                reason = await ReadLoopAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                reason = e.Message;
            }

            owner.OnSessionEnded(this, reason);
            Writer.Complete();
            try
            {
                await writing.WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
            catch (Exception)
            {
                Transport.Abort();
            }

            await Transport.DisposeAsync().ConfigureAwait(false);
        }

        private async Task<string> ReadLoopAsync()
        {
            var options = owner._options;
            var response = new IsoMessage();
            var header = new byte[options.Framing.HeaderLength];
            while (true)
            {
                var result = await _reader.ReadAsync(response, header).ConfigureAwait(false);
                switch (result.Status)
                {
                    case ReadStatus.Message:
                        Volatile.Write(ref _lastRead, owner._time.GetTimestamp());
                        NetMetrics.FramesReceived.Add(1, NetMetrics.Client);
                        owner.OnResponse(response, result);
                        break;
                    case ReadStatus.DecodeError:
                        Volatile.Write(ref _lastRead, owner._time.GetTimestamp());
                        NetMetrics.FramesReceived.Add(1, NetMetrics.Client);
                        NetMetrics.DecodeErrors.Add(1, NetMetrics.Client);
                        owner.Stats.Undecodable();
                        Log.UndecodableResponse(owner._logger, options.EndPoint, result.ToString());
                        owner.OnResponse(response, result);
                        break;
                    case ReadStatus.Closed:
                        return "closed by the server";
                    default:
                        NetMetrics.FrameErrors.Add(1, NetMetrics.Client);
                        return result.ToString();
                }
            }
        }
    }
}
