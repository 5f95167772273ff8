using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Transport;

namespace PosSim.Net.Server;

/// <summary>Writes the response frame header from the request's (same length as the framing's header).</summary>
public delegate void ResponseHeaderWriter(ReadOnlySpan<byte> requestHeader, Span<byte> responseHeader);

/// <summary>Settings for <see cref="IsoServer"/>. Read once at start.</summary>
public sealed class IsoServerOptions
{
    /// <summary>Where to listen; loopback unless told otherwise. Port 0 picks a free port (read <see cref="IsoServer.EndPoint"/>).</summary>
    public EndPoint EndPoint { get; set; } = new IPEndPoint(IPAddress.Loopback, 5800);

    /// <summary>TCP by default; an <see cref="InMemoryTransport"/> for tests and the simulation.</summary>
    public ITransport Transport { get; set; } = SocketTransport.Default;

    public IsoCodec Codec { get; set; } = Defaults.Codec;

    /// <summary>Length header, fixed header length and maximum frame size. "none" cannot be used on a stream.</summary>
    public MessageFraming Framing { get; set; } = Defaults.Framing;

    /// <summary>Connections beyond this are accepted and closed at once.</summary>
    public int MaxConnections { get; set; } = 1024;

    /// <summary>
    /// Connections open at once from one remote IP address. One beyond it is closed at once, before it takes one of
    /// <see cref="MaxConnections"/>, so a single address cannot fill the server. 128 leaves any one address an eighth
    /// of the default 1,024 and covers a load generator or a terminal concentrator behind one address.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 128;

    /// <summary>
    /// A new connection must send one complete frame that decodes within this, else it is closed: a connection that
    /// never speaks cannot hold a place until the idle timeout. <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan FirstMessageTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Once the first byte of a frame has arrived, the whole frame must arrive within this, else the connection is
    /// closed (a slowloris trickling a frame). Quiet between frames is the <see cref="IdleTimeout"/>'s business.
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan FrameTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Requests handed to the handler and not yet answered, over all connections. Above it, a new authorisation or
    /// financial request (0100, 0200 and their repeats) is answered 96 at once without reaching the handler, so an
    /// overload is refused quickly instead of queueing without bound. Advices, reversals, batch totals and network
    /// management still go through: they settle money already moved or keep links up.
    /// </summary>
    public int MaxPendingRequests { get; set; } = 10_000;

    /// <summary>
    /// Warnings about refused connections, missed deadlines and shed requests are logged at most once per this
    /// interval (per remote address for refusals), with how many were left out since the last: an attack must not
    /// flood the log.
    /// </summary>
    public TimeSpan RepeatedWarningInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Requests read from one connection and not yet answered. At the limit the server stops reading that
    /// connection (TCP flow control then slows the sender) until a response has been written.
    /// </summary>
    public int MaxInFlightPerConnection { get; set; } = 256;

    /// <summary>A connection with no frame in either direction and nothing in flight for this long is closed. <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a graceful stop (and a connection's close) waits for in-flight requests before cancelling them and closing.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The response frame's header. Default: a 5-byte header is a TPDU and gets its addresses swapped; others are copied.</summary>
    public ResponseHeaderWriter? ResponseHeader { get; set; }

    /// <summary>Request fields copied into the automatic 30 (format error) and 96 (handler failed) responses, when they decoded.</summary>
    public IReadOnlyList<int> ErrorResponseEchoFields { get; set; } = [3, 4, 7, 11, 12, 13, 41, 42, 49];

    /// <summary>Clock for the idle, first-message and frame timeouts, the shutdown bound and the warning interval.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILogger Logger { get; set; } = NullLogger.Instance;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint);
        ArgumentNullException.ThrowIfNull(Transport);
        ArgumentNullException.ThrowIfNull(Codec);
        ArgumentNullException.ThrowIfNull(Framing);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Logger);
        ArgumentNullException.ThrowIfNull(ErrorResponseEchoFields);
        if (Framing.LengthHeader == LengthHeader.None)
        {
            throw new ArgumentException("Framing 'none' cannot split a TCP stream into messages; choose binary2, ascii4 or bcd2.", nameof(Framing));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlightPerConnection, 1, nameof(MaxInFlightPerConnection));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsPerAddress, 1, nameof(MaxConnectionsPerAddress));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingRequests, 1, nameof(MaxPendingRequests));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Framing.HeaderLength, 256, nameof(Framing));
        if (IdleTimeout != Timeout.InfiniteTimeSpan && IdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), IdleTimeout, "The idle timeout is positive, or Timeout.InfiniteTimeSpan to disable it.");
        }

        ValidateDeadline(FirstMessageTimeout, nameof(FirstMessageTimeout));
        ValidateDeadline(FrameTimeout, nameof(FrameTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownTimeout, TimeSpan.Zero, nameof(ShutdownTimeout));

        // Bounded above so that the interval in timestamp ticks cannot overflow.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RepeatedWarningInterval, TimeSpan.Zero, nameof(RepeatedWarningInterval));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RepeatedWarningInterval, TimeSpan.FromDays(1), nameof(RepeatedWarningInterval));
    }

    private static void ValidateDeadline(TimeSpan value, string name)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1)))
        {
            throw new ArgumentOutOfRangeException(name, value, "The timeout is positive and at most a day, or Timeout.InfiniteTimeSpan to disable it.");
        }
    }
}
