using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Proxy.Faults;
using PosSim.Net.Server;
using PosSim.Net.Transport;

namespace PosSim.Net.Proxy;

/// <summary>Settings of a <see cref="FaultProxy"/>.</summary>
public sealed class ProxyOptions
{
    /// <summary>Where terminals (or a switch) connect. Port 0 picks a free port.</summary>
    public EndPoint Listen { get; set; } = new IPEndPoint(IPAddress.Loopback, 6800);

    /// <summary>Where each accepted connection is forwarded: the switch, or the issuer.</summary>
    public required EndPoint Upstream { get; set; }

    public ITransport Transport { get; set; } = SocketTransport.Default;

    /// <summary>Decodes frames only to match faults and to write the hit log; untouched frames are forwarded as they came.</summary>
    public IsoCodec Codec { get; set; } = Defaults.Codec;

    public MessageFraming Framing { get; set; } = Defaults.Framing;

    /// <summary>The faults in force; change them while the proxy runs.</summary>
    public FaultTable Faults { get; set; } = new();

    public FaultHitLog HitLog { get; set; } = new();

    /// <summary>Seeds every random choice (toxicity, probability, jitter, slice sizes), so a run can be repeated.</summary>
    public int Seed { get; set; }

    /// <summary>How long to wait for the upstream to accept each connection before closing the client's.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After one side has closed, how long the other may go on before the proxy closes it too.</summary>
    public TimeSpan HalfCloseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The header of a stand-in's answer from the request's (a TPDU has its addresses swapped).</summary>
    public ResponseHeaderWriter ResponseHeader { get; set; } = Defaults.WriteResponseHeader;

    /// <summary>Fields a stand-in answer copies from its request when present.</summary>
    public IReadOnlyList<int> StandInEchoFields { get; set; } = [3, 4, 7, 11, 12, 13, 37, 41, 42, 49, 70];

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILogger Logger { get; set; } = NullLogger.Instance;
}
