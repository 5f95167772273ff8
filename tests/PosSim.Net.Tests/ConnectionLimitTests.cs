using System.Net.Sockets;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

public class ConnectionLimitTests
{
    [Fact]
    public async Task Connections_beyond_the_maximum_are_closed_and_a_freed_place_can_be_taken()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o => o.MaxConnections = 2);
        await using var first = await TestSupport.ConnectAsync(server, ct: cts.Token);
        var second = await TestSupport.ConnectAsync(server, ct: cts.Token);
        Assert.Equal("00", (await first.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token)).ResponseCode);
        Assert.Equal("00", (await second.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token)).ResponseCode);

        // The third is closed at once: on loopback the reset can even reach the client before its connect returns.
        try
        {
            using var third = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);
            Assert.Empty(await TestSupport.ReadUntilClosedAsync(third, cts.Token));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        await Poll.UntilAsync(() => server.Stats.ConnectionsRejected == 1, "the third connection is rejected", cts.Token);

        Assert.Equal(1, server.Stats.ConnectionsRejected);
        Assert.Equal(2, server.ActiveConnections);

        await second.DisposeAsync();
        await Poll.UntilAsync(() => server.ActiveConnections == 1, "the second connection is gone", cts.Token);
        await using var fourth = await TestSupport.ConnectAsync(server, ct: cts.Token);
        Assert.Equal("00", (await fourth.SendAsync(TestSupport.Purchase(4), cancellationToken: cts.Token)).ResponseCode);
    }

    [Fact]
    public async Task A_connection_silent_for_the_idle_timeout_is_closed()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o => o.IdleTimeout = TimeSpan.FromMilliseconds(200));
        using var socket = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);

        await socket.SendAsync(TestSupport.Frame(TestSupport.Purchase(1)), SocketFlags.None, cts.Token);
        var (_, response) = await TestSupport.ReadFrameAsync(socket, cts.Token);
        Assert.Equal("00", response.ResponseCode);

        Assert.Empty(await TestSupport.ReadUntilClosedAsync(socket, cts.Token));
        Assert.Equal(1, server.Stats.IdleClosed);
    }

    [Fact]
    public async Task A_connection_with_a_request_in_flight_is_not_idle()
    {
        using var cts = TestSupport.Bound();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new Server.DelegateRequestHandler(async (request, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return TestSupport.Approved(request);
        });
        await using var server = await TestSupport.StartServerAsync(handler, configure: o => o.IdleTimeout = TimeSpan.FromMilliseconds(100));
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);

        var send = client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token);
        await Task.Delay(400, cts.Token);
        gate.SetResult();

        Assert.Equal("00", (await send).ResponseCode);
    }
}
