using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using PosSim.Iso8583;
using PosSim.Net.Internal;
using PosSim.Iso8583.Matching;
using PosSim.Net.Messaging;
using PosSim.Net.Transport;

namespace PosSim.Net.Server;

/// <summary>
/// One accepted connection: a read loop that dispatches each request to the handler without waiting for it, and
/// a writer loop that sends responses as they complete.
/// </summary>
/// <remarks>
/// Implementation note: backpressure is a semaphore of <see cref="IsoServerOptions.MaxInFlightPerConnection"/>
/// slots. The read loop takes a slot before reading each frame and the slot comes back only when the response
/// has been written to the pipe (or there was none), so a slow handler or a peer that does not read its
/// responses stops the reading, and TCP flow control pushes back on the sender.
/// One watchdog timer per connection enforces the idle, first-message and frame deadlines; the read loop only notes
/// when a decoded frame has arrived, and the reader when a frame has begun, so messages pay nothing for it.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "Handlers that outlive a shutdown timeout may still touch the token sources and the semaphore; none holds unmanaged state (no wait handle is ever taken), so the GC reclaims them safely.")]
internal sealed class ServerConnection
{
    private readonly IsoServer _server;
    private readonly Action<IsoRequest, ValueTask<IsoMessage?>> _onHandled;
    private readonly ITransportConnection _transport;
    private readonly FramedMessageReader _reader;
    private readonly FramedMessageWriter _writer;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly int _maxInFlight;
    private readonly int _headerLength;
    private ITimer? _watchdog;
    private long _openedAt;
    private long _lastRead;
    private int _inFlight;
    private bool _proved;
    private int _deadlineMissed;
    private string? _closeReason;
    private CloseReason _closeKind;

    public ServerConnection(IsoServer server, long id, ITransportConnection transport, IPAddress? address)
    {
        _server = server;
        _onHandled = OnHandled;
        _transport = transport;
        Id = id;
        var options = server.Options;
        _time = options.TimeProvider;
        _maxInFlight = options.MaxInFlightPerConnection;
        _headerLength = options.Framing.HeaderLength;
        _slots = new SemaphoreSlim(_maxInFlight);
        Address = address;
        AddressText = address?.ToString();
        _reader = new FramedMessageReader(transport.Input, options.Framing, options.Codec)
        {
            FrameClock = options.FrameTimeout == Timeout.InfiniteTimeSpan ? null : _time,
        };
        _writer = new FramedMessageWriter(transport.Output, options.Framing, options.Codec, OnFrameDone);
    }

    public long Id { get; }

    public EndPoint? RemoteEndPoint => _transport.RemoteEndPoint;

    /// <summary>The remote IP address this connection is counted under for the per-address limit; null when not IP.</summary>
    public IPAddress? Address { get; }

    /// <summary><see cref="Address"/> as text, made once: every request of the connection carries it.</summary>
    public string? AddressText { get; }

    /// <summary>Why the connection ended (the metric's tag); meaningful once <see cref="RunAsync"/> has completed.</summary>
    public CloseReason CloseReason => Volatile.Read(ref _closeReason) is null ? CloseReason.Peer : _closeKind;

    public Task Done => _done.Task;

    public async Task RunAsync()
    {
        await Task.Yield();
        Log.ConnectionOpened(_server.Logger, Id, RemoteEndPoint);
        var writing = _writer.Start(_time);
        StartWatchdog();
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SetReason(e.Message, CloseReason.Error);
        }
        finally
        {
            _watchdog?.Dispose();
            await DrainAsync().ConfigureAwait(false);
            _writer.Complete();
            try
            {
                await writing.WaitAsync(_server.Options.ShutdownTimeout, _time).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A peer that will not read its responses, or a send that failed: nothing more can be delivered.
                _transport.Abort();
            }

            await _transport.DisposeAsync().ConfigureAwait(false);
            CancelQuietly(_aborted);
            Log.ConnectionClosed(_server.Logger, Id, RemoteEndPoint, _closeReason ?? "peer closed");
        }
    }

    /// <summary>Stop reading; answer what is in flight; then close.</summary>
    public void BeginStop(string reason, CloseReason kind)
    {
        SetReason(reason, kind);
        CancelQuietly(_stopReading);
    }

    /// <summary>Close now: handlers are cancelled and unsent responses dropped.</summary>
    public void Abort(string reason, CloseReason kind)
    {
        SetReason(reason, kind);
        CancelQuietly(_stopReading);
        CancelQuietly(_aborted);
        _transport.Abort();
    }

    public void MarkDone() => _done.TrySetResult();

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (AggregateException)
        {
            // A handler's cancellation callback threw; that is the handler's problem, not the connection's.
        }
    }

    private async Task ReadLoopAsync()
    {
        var token = _stopReading.Token;
        var stats = _server.Stats;
        while (true)
        {
            try
            {
                await _slots.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var request = _server.RentRequest();
            FrameReadResult result;
            try
            {
                result = await _reader.ReadAsync(request.Message, request.HeaderBuffer, token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Discard(request);
                if (e is not OperationCanceledException)
                {
                    SetReason(e.Message, CloseReason.Error);
                }

                return;
            }

            switch (result.Status)
            {
                case ReadStatus.Message:
                    stats.FrameReceived();
                    NetMetrics.FramesReceived.Add(1, NetMetrics.Server);
                    Volatile.Write(ref _lastRead, _time.GetTimestamp());
                    if (!_proved)
                    {
                        Volatile.Write(ref _proved, true); // the first-message deadline is met
                    }

                    if (_server.ShouldShed(request.Message))
                    {
                        Shed(request);
                        break;
                    }

                    Dispatch(request);
                    break;
                case ReadStatus.DecodeError:
                    stats.FrameReceived();
                    stats.DecodeError();
                    NetMetrics.FramesReceived.Add(1, NetMetrics.Server);
                    NetMetrics.DecodeErrors.Add(1, NetMetrics.Server);
                    Volatile.Write(ref _lastRead, _time.GetTimestamp());
                    if (!TryAnswerFormatError(request, result))
                    {
                        Log.ClosingOnBadInput(_server.Logger, Id, RemoteEndPoint, result.ToString() + " and its MTI, field 11 or field 41 is unreadable");
                        SetReason("undecodable request without MTI, field 11 and field 41", CloseReason.BadInput);
                        Discard(request);
                        return;
                    }

                    break;
                case ReadStatus.InvalidFrame:
                case ReadStatus.Truncated:
                    stats.FrameError();
                    NetMetrics.FrameErrors.Add(1, NetMetrics.Server);
                    Log.ClosingOnBadInput(_server.Logger, Id, RemoteEndPoint, result.ToString());
                    SetReason(result.ToString(), CloseReason.BadInput);
                    Discard(request);
                    return;
                default:
                    Discard(request);
                    return;
            }
        }
    }

    /// <summary>Gives back a request that was never dispatched, with the slot taken for it.</summary>
    private void Discard(IsoRequest request)
    {
        _server.ReturnRequest(request);
        _slots.Release();
    }

    private void Dispatch(IsoRequest request)
    {
        request.ConnectionId = Id;
        request.RemoteEndPoint = RemoteEndPoint;
        request.RemoteAddress = AddressText;
        request.ReceivedTimestamp = _time.GetTimestamp();
        Interlocked.Increment(ref _inFlight);
        NetMetrics.RequestsInFlight.Add(1, NetMetrics.Server);
        _server.HandlerStarted();
        ValueTask<IsoMessage?> pending;
        try
        {
            pending = _server.Handler.HandleAsync(request, _aborted.Token);
        }
        catch (Exception e)
        {
            Fail(request, e);
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Respond(request, pending.Result);
        }
        else
        {
            request.AwaitHandler(pending, _onHandled);
        }
    }

    /// <summary>The handler answered later: its result is read once and the response goes out.</summary>
    private void OnHandled(IsoRequest request, ValueTask<IsoMessage?> pending)
    {
        IsoMessage? response;
        try
        {
            response = pending.Result;
        }
        catch (Exception e)
        {
            Fail(request, e);
            return;
        }

        Respond(request, response);
    }

    private void Respond(IsoRequest request, IsoMessage? response)
    {
        _server.HandlerFinished();
        if (response is null)
        {
            Finish(request, EnqueueStatus.Closed);
            return;
        }

        var status = Enqueue(request, response, out var error);
        if (status == EnqueueStatus.EncodeFailed)
        {
            _server.Stats.HandlerError();
            Log.ResponseNotEncodable(_server.Logger, Id, error.ToString());
            status = EnqueueErrorResponse(request, ResponseCodes.SystemError);
        }

        Finish(request, status);
    }

    private void Fail(IsoRequest request, Exception exception)
    {
        _server.HandlerFinished();
        _server.Stats.HandlerError();
        Log.HandlerFailed(_server.Logger, exception, Id, request.Message.Mti);
        Finish(request, EnqueueErrorResponse(request, ResponseCodes.SystemError));
    }

    /// <summary>
    /// Answers 96 at once, without the handler: too many requests are waiting for it (admission control). The
    /// handler never sees the request, so sending it again later is safe.
    /// </summary>
    private void Shed(IsoRequest request)
    {
        _server.Stats.RequestShed();
        NetMetrics.RequestsShed.Add(1, NetMetrics.Server);
        if (_server.ShedWarnings.TryEnter(out var suppressed))
        {
            Log.RequestShed(_server.Logger, _server.PendingRequests, _server.Options.MaxPendingRequests, request.Message.Mti, Id, suppressed, _server.Options.RepeatedWarningInterval);
        }

        Interlocked.Increment(ref _inFlight);
        NetMetrics.RequestsInFlight.Add(1, NetMetrics.Server);
        Finish(request, EnqueueErrorResponse(request, ResponseCodes.SystemError));
    }

    /// <summary>Answers an undecodable request with 30 when it is a request whose MTI, 11 and 41 decoded.</summary>
    private bool TryAnswerFormatError(IsoRequest request, FrameReadResult result)
    {
        var message = request.Message;
        if (!MessageTypes.IsRequest(message.MtiBytes) || !message.Has(IsoMessage.FieldStan) || !message.Has(IsoMessage.FieldTerminalId))
        {
            return false;
        }

        Interlocked.Increment(ref _inFlight);
        NetMetrics.RequestsInFlight.Add(1, NetMetrics.Server);
        var status = EnqueueErrorResponse(request, ResponseCodes.FormatError);
        if (status == EnqueueStatus.Queued)
        {
            _server.Stats.FormatErrorResponse();
            Log.FormatErrorAnswered(_server.Logger, Id, RemoteEndPoint, result.ToString());
        }

        Finish(request, status);
        return true;
    }

    private EnqueueStatus EnqueueErrorResponse(IsoRequest request, string responseCode)
    {
        if (!MessageTypes.IsRequest(request.Message.MtiBytes))
        {
            return EnqueueStatus.EncodeFailed;
        }

        var response = request.CreateResponse(_server.EchoFields);
        response.ResponseCode = responseCode;
        return Enqueue(request, response, out _);
    }

    private EnqueueStatus Enqueue(IsoRequest request, IsoMessage response, out IsoError error)
    {
        Span<byte> header = stackalloc byte[_headerLength];
        _server.ResponseHeader(request.Header.Span, header);
        return _writer.TryEnqueue(response, header, releasesSlot: true, out error);
    }

    /// <summary>The request is done with; its slot comes back now unless a queued response will give it back when written.</summary>
    private void Finish(IsoRequest request, EnqueueStatus status)
    {
        NetMetrics.RequestsInFlight.Add(-1, NetMetrics.Server);
        _server.ReturnRequest(request);
        if (status != EnqueueStatus.Queued)
        {
            Interlocked.Decrement(ref _inFlight);
            _slots.Release();
        }
    }

    private void OnFrameDone(bool written)
    {
        if (written)
        {
            _server.Stats.FrameSent();
            NetMetrics.FramesSent.Add(1, NetMetrics.Server);
        }

        Interlocked.Decrement(ref _inFlight);
        _slots.Release();
    }

    /// <summary>Waits until every slot is back (all answered and written), bounded by the shutdown timeout.</summary>
    private async Task DrainAsync()
    {
        if (Volatile.Read(ref _inFlight) == 0)
        {
            return;
        }

        using var bound = _time.CreateTimer(static s => ((ServerConnection)s!).Abort("shutdown timeout with requests in flight", CloseReason.Aborted), this, _server.Options.ShutdownTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            for (var i = 0; i < _maxInFlight; i++)
            {
                await _slots.WaitAsync(_aborted.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Starts the one timer that checks every deadline, ticking at a quarter of the shortest.</summary>
    private void StartWatchdog()
    {
        var options = _server.Options;
        _openedAt = _time.GetTimestamp();
        Volatile.Write(ref _lastRead, _openedAt);
        var shortest = Shortest(Shortest(options.IdleTimeout, options.FirstMessageTimeout), options.FrameTimeout);
        if (shortest == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        var period = TimeSpan.FromTicks(Math.Max(shortest.Ticks / 4, TimeSpan.TicksPerMillisecond * 10));
        _watchdog = _time.CreateTimer(static s => ((ServerConnection)s!).CheckDeadlines(), this, period, period);
    }

    private static TimeSpan Shortest(TimeSpan a, TimeSpan b) =>
        a == Timeout.InfiniteTimeSpan ? b : b == Timeout.InfiniteTimeSpan ? a : a < b ? a : b;

    private void CheckDeadlines()
    {
        if (_stopReading.IsCancellationRequested)
        {
            return;
        }

        var options = _server.Options;
        var now = _time.GetTimestamp();

        // A frame begun and not finished: a slowloris holds a place one byte at a time, so this applies whatever
        // else is going on, requests in flight included.
        var partial = _reader.PartialFrameSince;
        if (partial != 0 && options.FrameTimeout != Timeout.InfiniteTimeSpan && _time.GetElapsedTime(partial, now) >= options.FrameTimeout)
        {
            MissDeadline(_server.Stats.FrameTimedOut, _server.FrameWarnings, CloseReason.FrameTimeout,
                string.Create(CultureInfo.InvariantCulture, $"a frame begun and not completed within {options.FrameTimeout.TotalSeconds:0.###} s"));
            return;
        }

        if (!Volatile.Read(ref _proved) && options.FirstMessageTimeout != Timeout.InfiniteTimeSpan && _time.GetElapsedTime(_openedAt, now) >= options.FirstMessageTimeout)
        {
            MissDeadline(_server.Stats.FirstMessageTimedOut, _server.FirstMessageWarnings, CloseReason.FirstMessageTimeout,
                string.Create(CultureInfo.InvariantCulture, $"no valid message within {options.FirstMessageTimeout.TotalSeconds:0.###} s of connecting"));
            return;
        }

        if (options.IdleTimeout == Timeout.InfiniteTimeSpan || Volatile.Read(ref _inFlight) > 0)
        {
            return;
        }

        var last = Math.Max(Volatile.Read(ref _lastRead), _writer.LastWriteTimestamp);
        if (_time.GetElapsedTime(last, now) >= options.IdleTimeout && Interlocked.Exchange(ref _deadlineMissed, 1) == 0)
        {
            _server.Stats.IdleClose();
            BeginStop("idle timeout", CloseReason.Idle);
        }
    }

    /// <summary>Closes for a missed first-message or frame deadline: counted once, warned about at most once per interval.</summary>
    private void MissDeadline(Action count, WarningThrottle warnings, CloseReason kind, string reason)
    {
        if (Interlocked.Exchange(ref _deadlineMissed, 1) != 0)
        {
            return; // an earlier tick already closed it
        }

        count();
        if (warnings.TryEnter(out var suppressed))
        {
            Log.ConnectionClosedForAbuse(_server.Logger, Id, RemoteEndPoint, reason, suppressed, _server.Options.RepeatedWarningInterval);
        }

        BeginStop(reason, kind);
    }

    /// <summary>The first reason given wins: the close it names is the one that happened.</summary>
    private void SetReason(string reason, CloseReason kind)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is null)
        {
            _closeKind = kind;
        }
    }
}
