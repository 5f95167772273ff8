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

    /// <summary>Clock for the idle timeout and shutdown bound.</summary>
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
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Framing.HeaderLength, 256, nameof(Framing));
        if (IdleTimeout != Timeout.InfiniteTimeSpan && IdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), IdleTimeout, "The idle timeout is positive, or Timeout.InfiniteTimeSpan to disable it.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownTimeout, TimeSpan.Zero, nameof(ShutdownTimeout));
    }
}
