using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Host.Serve;
using PosSim.Iso8583;
using PosSim.Net.Client;
using PosSim.Net.Server;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Host.Tests;

/// <summary>
/// `possim serve` puts its fairness settings on the terminals' listener: an address over its limit is refused, a
/// silent connection closed, and past the bound of requests waiting for the core a new purchase is answered 96 at
/// once while the one ahead of it is still with a slow issuer.
/// </summary>
public sealed class ServeFairnessTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(8));
    private readonly TempFolder _data = new("possim-serve-fair-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Serve_refuses_a_connection_over_its_per_address_limit_and_closes_a_silent_one_while_a_terminal_is_answered()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var service = new AcquirerService(new ServeOptions
        {
            Listen = "127.0.0.1:0",
            Data = _data.Sub("all"),
            Durable = false,
            Terminals = 1,
            Cards = 1,
            MaxConnectionsPerAddress = 2,
            FirstMessageTimeoutSeconds = 1,
        }, TextWriter.Null, NullLoggerFactory.Instance);
        await service.StartAsync(cts.Token);
        try
        {
            await using var terminal = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = service.EndPoint!, Reconnect = false, DefaultTimeout = TimeSpan.FromSeconds(20) }, cts.Token);
            var messages = new TerminalMessages("T0000001", "M00000000000001");
            Assert.Equal("00", (await terminal.SendAsync(messages.Network(NetworkCode.Echo, Noon), cancellationToken: cts.Token)).ResponseCode);

            using var silent = await Connect(service.EndPoint!, cts.Token);
            using var extra = await Connect(service.EndPoint!, cts.Token);
            Assert.True(await ClosesAsync(extra, cts.Token), "the third connection from 127.0.0.1 is refused");
            Assert.True(await ClosesAsync(silent, cts.Token), "the silent connection is closed after its first-message timeout");

            Assert.Equal("00", (await terminal.SendAsync(messages.Network(NetworkCode.Echo, Noon), cancellationToken: cts.Token)).ResponseCode);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Over_its_bound_of_requests_waiting_for_the_core_serve_answers_a_new_purchase_96_at_once()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // A slow issuer: it holds every purchase until the test lets it answer.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reachedIssuer = 0;
        var issuer = new DelegateRequestHandler(async (request, ct) =>
        {
            Interlocked.Increment(ref reachedIssuer);
            await release.Task.WaitAsync(ct);
            var answer = request.CreateResponse([3, 4, 7, 11, 12, 13, 32, 37, 41, 42, 49]);
            answer.Set(38, "123456");
            answer.ResponseCode = ResponseCodes.Approved;
            return answer;
        });
        // No first-message deadline on the issuer's side, as serve's issuer role has none: the switch's link is quiet until the first purchase.
        await using var issuerServer = new IsoServer(issuer, new IsoServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), FirstMessageTimeout = Timeout.InfiniteTimeSpan });
        await issuerServer.StartAsync(cts.Token);

        var service = new AcquirerService(new ServeOptions
        {
            Listen = "127.0.0.1:0",
            Data = _data.Sub("switch"),
            Durable = false,
            Role = "switch",
            Issuer = issuerServer.EndPoint.ToString(),
            Terminals = 1,
            Cards = 2,
            IssuerTimeoutMs = 30_000,
            MaxPendingRequests = 1,
        }, TextWriter.Null, NullLoggerFactory.Instance);
        await service.StartAsync(cts.Token);
        try
        {
            var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(Path.Combine(_data.Sub("switch"), "provisioned.json"), cts.Token));
            var card = new CardRead(provisioned.Cards[0].Pan, provisioned.Cards[0].Expiry);
            var messages = new TerminalMessages(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId);
            await using var terminal = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = service.EndPoint!, Reconnect = false, DefaultTimeout = TimeSpan.FromSeconds(40) }, cts.Token);

            var first = terminal.SendAsync(messages.Purchase(card, 10_00, Noon), cancellationToken: cts.Token);
            await Poll.UntilAsync(() => Volatile.Read(ref reachedIssuer) == 1, "the first purchase is with the issuer", cts.Token);

            var shed = await terminal.SendAsync(messages.Purchase(card, 20_00, Noon), cancellationToken: cts.Token);
            Assert.Equal(("0210", ResponseCodes.SystemError), (shed.Mti, shed.ResponseCode));
            Assert.False(first.IsCompleted, "the first purchase is still waiting for the issuer");
            Assert.Equal(1, Volatile.Read(ref reachedIssuer));

            release.SetResult();
            Assert.Equal(ResponseCodes.Approved, (await first).ResponseCode);
            Assert.Equal(ResponseCodes.Approved, (await terminal.SendAsync(messages.Purchase(card, 30_00, Noon), cancellationToken: cts.Token)).ResponseCode);
        }
        finally
        {
            release.TrySetResult();
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Socket> Connect(EndPoint endPoint, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, ct);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Refused so fast that the reset beat the connect: the read below sees it closed.
        }

        return socket;
    }

    /// <summary>True when the server closes or resets the socket within 20 s.</summary>
    private static async Task<bool> ClosesAsync(Socket socket, CancellationToken ct)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[256];
        try
        {
            for (var i = 0; i < 1000; i++)
            {
                if (!socket.Connected || await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        return false;
    }
}
