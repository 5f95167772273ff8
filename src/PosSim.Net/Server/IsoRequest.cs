using System.Net;
using PosSim.Iso8583;
using PosSim.Iso8583.Matching;
using PosSim.Net.Messaging;

namespace PosSim.Net.Server;

/// <summary>
/// A request as the handler sees it. Pooled by the server: valid only until the handler's task completes.
/// </summary>
public sealed class IsoRequest
{
    private readonly byte[] _header;
    private readonly IsoMessage _response = new();

    internal IsoRequest(int headerLength)
    {
        _header = new byte[headerLength];
        _onHandled = OnHandled;
    }

    /// <summary>The handler's answer while it is pending, and the connection that waits for it (see <see cref="AwaitHandler"/>).</summary>
    private ValueTask<IsoMessage?> _pending;
    private Action<IsoRequest, ValueTask<IsoMessage?>>? _whenHandled;
    private readonly Action _onHandled;

    /// <summary>
    /// Calls <paramref name="whenHandled"/> once the handler's pending answer completes, without an async state
    /// machine: the continuation is this request's own cached delegate, so waiting costs no allocation.
    /// </summary>
    internal void AwaitHandler(ValueTask<IsoMessage?> pending, Action<IsoRequest, ValueTask<IsoMessage?>> whenHandled)
    {
        _pending = pending;
        _whenHandled = whenHandled;
        pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onHandled);
    }

    private void OnHandled()
    {
        var (pending, whenHandled) = (_pending, _whenHandled!);
        _pending = default;
        _whenHandled = null;
        whenHandled(this, pending);
    }

    /// <summary>The decoded request.</summary>
    public IsoMessage Message { get; } = new();

    /// <summary>The frame's fixed header (for example a 5-byte TPDU); empty when the framing has none.</summary>
    public ReadOnlyMemory<byte> Header => _header;

    /// <summary>Server-unique id of the connection it came on, for <see cref="IsoServer.AbortConnection"/> and logs.</summary>
    public long ConnectionId { get; internal set; }

    public EndPoint? RemoteEndPoint { get; internal set; }

    /// <summary>
    /// The peer's IP address as text (an IPv4 client of a dual-stack listener in dotted form), made once per
    /// connection; null when the transport has no IP address. What an application matches its configured peers against.
    /// </summary>
    public string? RemoteAddress { get; internal set; }

    /// <summary>When the frame was read, as a <see cref="TimeProvider.GetTimestamp"/> of the server's time provider.</summary>
    public long ReceivedTimestamp { get; internal set; }

    internal Memory<byte> HeaderBuffer => _header;

    /// <summary>The pooled response message, with the response MTI (0200→0210, 0421→0430) and nothing else set.</summary>
    public IsoMessage CreateResponse() => CreateResponse([]);

    /// <summary>The pooled response message with the response MTI and the listed request fields copied.</summary>
    public IsoMessage CreateResponse(ReadOnlySpan<int> echoFields)
    {
        return Replies.Begin(Message, _response, echoFields);
    }
}
