using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Iso8583.Matching;
using PosSim.Net.Messaging;
using PosSim.Net.Transport;

namespace PosSim.Net.Client;

/// <summary>Settings for <see cref="IsoClient"/>. Read once at connect.</summary>
public sealed class IsoClientOptions
{
    public EndPoint EndPoint { get; set; } = new IPEndPoint(IPAddress.Loopback, 5800);

    /// <summary>TCP by default; an <see cref="InMemoryTransport"/> for tests and the simulation.</summary>
    public ITransport Transport { get; set; } = SocketTransport.Default;

    public IsoCodec Codec { get; set; } = Defaults.Codec;

    /// <summary>Length header, fixed header length and maximum frame size. "none" cannot be used on a stream.</summary>
    public MessageFraming Framing { get; set; } = Defaults.Framing;

    /// <summary>The fixed header sent before every request (for example a TPDU); exactly <see cref="MessageFraming.HeaderLength"/> bytes.</summary>
    public ReadOnlyMemory<byte> Header { get; set; } = ReadOnlyMemory<byte>.Empty;

    /// <summary>How responses are paired with requests; default MTI class + field 11 + field 41.</summary>
    public MatchKeySpec MatchKey { get; set; } = MatchKeySpec.Default;

    /// <summary>Timeout of a request sent without one.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests in flight at once; past this <see cref="IsoClient.SendAsync(IsoMessage, IsoMessage, TimeSpan?, CancellationToken)"/> throws.</summary>
    public int MaxPendingRequests { get; set; } = 65536;

    /// <summary>
    /// What a request whose match key is already in flight does: false (the default) refuses it; true lets it take
    /// the earlier request's place, which then fails with <see cref="IsoRequestSupersededException"/>. A switch
    /// repeating a reversal advice (0421 after 0420, the same key) wants true.
    /// </summary>
    public bool RepeatsSupersede { get; set; }

    /// <summary>How long the key of a timed-out request is remembered, so its response is reported as late rather than unknown.</summary>
    public TimeSpan LateResponseWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many timed-out keys are remembered (oldest forgotten first).</summary>
    public int LateResponseMemory { get; set; } = 10000;

    /// <summary>Time allowed for each connection attempt.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Keep-alive: send 0800 with field 70 = 301 when the connection has been silent this long. Off
    /// (<see cref="Timeout.InfiniteTimeSpan"/>) by default. An echo that times out drops the connection (and reconnects).
    /// </summary>
    public TimeSpan EchoInterval { get; set; } = Timeout.InfiniteTimeSpan;

    public TimeSpan EchoTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Field 41 of the echo, when the peer wants one.</summary>
    public string? EchoTerminalId { get; set; }

    /// <summary>Adds or changes fields of each echo before it is sent.</summary>
    public Action<IsoMessage>? EchoCustomizer { get; set; }

    /// <summary>Reconnect after the connection drops (not after <see cref="IsoClient.DisposeAsync"/>).</summary>
    public bool Reconnect { get; set; } = true;

    /// <summary>First reconnect delay; it doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter] so clients dropped together do not return together.</summary>
    public double ReconnectJitter { get; set; } = 0.2;

    /// <summary>Consecutive failed attempts before giving up (then <see cref="IsoClient.WaitUntilConnectedAsync"/> throws).</summary>
    public int MaxReconnectAttempts { get; set; } = 100;

    /// <summary>Source of the jitter; pass a seeded one (one per client: Random is not thread-safe) for reproducible runs. Default <see cref="System.Random.Shared"/>.</summary>
    public Random? Random { get; set; }

    /// <summary>
    /// Complete awaiting callers on the thread pool rather than on the connection's read loop. Turn off only
    /// when every caller's continuation is short and never blocks: a blocked continuation stalls all reading.
    /// </summary>
    public bool RunContinuationsAsynchronously { get; set; } = true;

    /// <summary>Clock for timeouts, keep-alive and backoff.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILogger Logger { get; set; } = NullLogger.Instance;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint);
        ArgumentNullException.ThrowIfNull(Transport);
        ArgumentNullException.ThrowIfNull(Codec);
        ArgumentNullException.ThrowIfNull(Framing);
        ArgumentNullException.ThrowIfNull(MatchKey);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Logger);
        if (Framing.LengthHeader == LengthHeader.None)
        {
            throw new ArgumentException("Framing 'none' cannot split a TCP stream into messages; choose binary2, ascii4 or bcd2.", nameof(Framing));
        }

        if (Header.Length != Framing.HeaderLength)
        {
            throw new ArgumentException($"The framing carries a {Framing.HeaderLength}-byte header; Header has {Header.Length} bytes.", nameof(Header));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultTimeout, TimeSpan.Zero, nameof(DefaultTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingRequests, 1, nameof(MaxPendingRequests));
        ArgumentOutOfRangeException.ThrowIfLessThan(LateResponseMemory, 0, nameof(LateResponseMemory));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectInitialDelay, TimeSpan.Zero, nameof(ReconnectInitialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectMaxDelay, ReconnectInitialDelay, nameof(ReconnectMaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectJitter, 0.0, nameof(ReconnectJitter));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReconnectJitter, 1.0, nameof(ReconnectJitter));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectAttempts, 0, nameof(MaxReconnectAttempts));
        if (EchoInterval != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(EchoInterval, TimeSpan.Zero, nameof(EchoInterval));
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(EchoTimeout, TimeSpan.Zero, nameof(EchoTimeout));
        }
    }
}
