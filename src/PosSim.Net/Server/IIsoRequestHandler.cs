using PosSim.Iso8583;

namespace PosSim.Net.Server;

/// <summary>
/// The application behind an <see cref="IsoServer"/>: the switch, an issuer simulator, an echo for benchmarks.
/// Called concurrently for requests on the same and on different connections (requests are pipelined);
/// responses go out as each call completes, in any order.
/// </summary>
public interface IIsoRequestHandler
{
    /// <summary>
    /// Answers one request. Return the message to send back (usually <see cref="IsoRequest.CreateResponse()"/>,
    /// which is pooled), or null to send nothing (advices that need no answer). An exception is logged and answered
    /// with 39 = 96. The request and its response message belong to the server again once the returned task
    /// completes: copy what you keep. Do not block: a slow synchronous handler stalls its connection's reading.
    /// </summary>
    /// <param name="request">The decoded request, its frame header and where it came from.</param>
    /// <param name="cancellationToken">Fires when the connection is aborted or the server's shutdown timeout expires.</param>
    ValueTask<IsoMessage?> HandleAsync(IsoRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// A handler that keeps something per connection (a terminal a connection signed on as) and must hear when the
/// connection has gone, or it would keep it forever. The server calls it once per connection, after every request of
/// that connection has been answered, from the connection's own task.
/// </summary>
public interface IConnectionObserver
{
    /// <summary>The connection <paramref name="connectionId"/> (<see cref="IsoRequest.ConnectionId"/>) is closed. Must not block or throw.</summary>
    void OnConnectionClosed(long connectionId);
}

/// <summary>Adapts a delegate to <see cref="IIsoRequestHandler"/>.</summary>
public sealed class DelegateRequestHandler(Func<IsoRequest, CancellationToken, ValueTask<IsoMessage?>> handle) : IIsoRequestHandler
{
    public ValueTask<IsoMessage?> HandleAsync(IsoRequest request, CancellationToken cancellationToken) => handle(request, cancellationToken);
}
