using System.Net;
using PosSim.Iso8583;
using PosSim.Net.Server;

namespace PosSim.Cli.Tests.Load;

/// <summary>What the scripted switch does with one request.</summary>
internal enum Script
{
    Answer,
    AnswerSlowly,
    Ignore,
    Reset,
}

/// <summary>
/// A small fake switch on 127.0.0.1 (a free port) for `possim load` to drive: it answers every request 0x10
/// with 39 = 00 (echoing 11 and 41, so the client can match it), or as the script says: slowly, never, or by
/// resetting the connection. It counts what it received.
/// </summary>
internal sealed class ScriptedSwitch : IAsyncDisposable
{
    private readonly IsoServer _server;
    private long _received;

    private ScriptedSwitch(Func<IsoMessage, long, Script> script, TimeSpan slowBy)
    {
        int[] echo = [3, 4, 7, 11, 12, 13, 41, 42, 49, 70];
        _server = new IsoServer(
            new DelegateRequestHandler(async (request, ct) =>
            {
                var n = Interlocked.Increment(ref _received);
                switch (script(request.Message, n))
                {
                    case Script.Ignore:
                        return null;
                    case Script.Reset:
                        _server!.AbortConnection(request.ConnectionId);
                        return null;
                    case Script.AnswerSlowly:
                        await Task.Delay(slowBy, ct);
                        break;
                    default:
                        break;
                }

                var response = request.CreateResponse(echo);
                response.ResponseCode = ResponseCodes.Approved;
                if (request.Message.Mti == "0200")
                {
                    response.Rrn = n.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
                }

                return response;
            }),
            new IsoServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), MaxInFlightPerConnection = 1024 });
    }

    public string Target => _server.EndPoint.ToString()!;

    public long Received => Interlocked.Read(ref _received);

    public static async Task<ScriptedSwitch> StartAsync(Func<IsoMessage, long, Script> script, TimeSpan slowBy = default)
    {
        var fake = new ScriptedSwitch(script, slowBy);
        await fake._server.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
