namespace PosSim.Net.Server;

/// <summary>Running totals of one <see cref="IsoServer"/> (the same events feed the PosSim.Net meter). Thread-safe reads.</summary>
public sealed class IsoServerStats
{
    private long _connectionsAccepted;
    private long _connectionsRejected;
    private long _connectionsClosed;
    private long _idleClosed;
    private long _refusedPerAddress;
    private long _firstMessageTimeouts;
    private long _frameTimeouts;
    private long _requestsShed;
    private long _framesReceived;
    private long _framesSent;
    private long _decodeErrors;
    private long _frameErrors;
    private long _formatErrorResponses;
    private long _handlerErrors;

    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Connections closed at once because <see cref="IsoServerOptions.MaxConnections"/> were open.</summary>
    public long ConnectionsRejected => Interlocked.Read(ref _connectionsRejected);

    public long ConnectionsClosed => Interlocked.Read(ref _connectionsClosed);

    /// <summary>Connections closed at once because <see cref="IsoServerOptions.MaxConnectionsPerAddress"/> were open from their address.</summary>
    public long ConnectionsRefusedPerAddress => Interlocked.Read(ref _refusedPerAddress);

    /// <summary>Connections closed because no valid frame came within <see cref="IsoServerOptions.FirstMessageTimeout"/>.</summary>
    public long FirstMessageTimeouts => Interlocked.Read(ref _firstMessageTimeouts);

    /// <summary>Connections closed because a frame begun was not completed within <see cref="IsoServerOptions.FrameTimeout"/>.</summary>
    public long FrameTimeouts => Interlocked.Read(ref _frameTimeouts);

    /// <summary>Requests answered 96 without reaching the handler because <see cref="IsoServerOptions.MaxPendingRequests"/> were waiting.</summary>
    public long RequestsShed => Interlocked.Read(ref _requestsShed);

    /// <summary>Connections closed by the idle timeout.</summary>
    public long IdleClosed => Interlocked.Read(ref _idleClosed);

    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Whole frames whose message broke its format (answered with 30 or closed).</summary>
    public long DecodeErrors => Interlocked.Read(ref _decodeErrors);

    /// <summary>Connections closed for a bad length header, an oversize frame or a frame cut short.</summary>
    public long FrameErrors => Interlocked.Read(ref _frameErrors);

    /// <summary>Responses with 39 = 30 sent for undecodable requests.</summary>
    public long FormatErrorResponses => Interlocked.Read(ref _formatErrorResponses);

    /// <summary>Handler calls that threw or returned a response that could not be encoded (answered with 96).</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    internal void ConnectionAccepted() => Interlocked.Increment(ref _connectionsAccepted);

    internal void ConnectionRejected() => Interlocked.Increment(ref _connectionsRejected);

    internal void ConnectionClosed() => Interlocked.Increment(ref _connectionsClosed);

    internal void IdleClose() => Interlocked.Increment(ref _idleClosed);

    internal void ConnectionRefusedPerAddress() => Interlocked.Increment(ref _refusedPerAddress);

    internal void FirstMessageTimedOut() => Interlocked.Increment(ref _firstMessageTimeouts);

    internal void FrameTimedOut() => Interlocked.Increment(ref _frameTimeouts);

    internal void RequestShed() => Interlocked.Increment(ref _requestsShed);

    internal void FrameReceived() => Interlocked.Increment(ref _framesReceived);

    internal void FrameSent() => Interlocked.Increment(ref _framesSent);

    internal void DecodeError() => Interlocked.Increment(ref _decodeErrors);

    internal void FrameError() => Interlocked.Increment(ref _frameErrors);

    internal void FormatErrorResponse() => Interlocked.Increment(ref _formatErrorResponses);

    internal void HandlerError() => Interlocked.Increment(ref _handlerErrors);

    public override string ToString() =>
        $"accepted={ConnectionsAccepted} rejected={ConnectionsRejected} refusedPerAddress={ConnectionsRefusedPerAddress} closed={ConnectionsClosed} idle={IdleClosed} " +
        $"firstMessageTimeouts={FirstMessageTimeouts} frameTimeouts={FrameTimeouts} shed={RequestsShed} in={FramesReceived} out={FramesSent} decodeErrors={DecodeErrors} frameErrors={FrameErrors} format30={FormatErrorResponses} handlerErrors={HandlerErrors}";
}
