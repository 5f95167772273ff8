using System.Runtime.CompilerServices;
using System.Diagnostics;
using PosSim.Core.Switch;
using PosSim.Host.Loop;
using PosSim.Iso8583;
using PosSim.Net.Server;

namespace PosSim.Host.Serve;

/// <summary>Hands each request the server reads to the core loop and returns what the core answered.</summary>
internal sealed class LoopRequestHandler(CoreLoop loop, SwitchMetrics metrics) : IIsoRequestHandler, IConnectionObserver
{
    /// <summary>Lets the core forget the terminal a closed connection signed on as, between requests on its loop.</summary>
    public void OnConnectionClosed(long connectionId) => loop.Post(core => core.OnConnectionClosed(connectionId));

    // Pooled: every request waits for the loop, so an ordinary builder would box a state machine per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<IsoMessage?> HandleAsync(IsoRequest request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var response = request.CreateResponse();
        await loop.SubmitAsync(request.Message, response, new RequestOrigin(request.ConnectionId, request.RemoteAddress), cancellationToken).ConfigureAwait(false);
        metrics.Record(response, start);
        return response;
    }
}
