using PosSim.Iso8583;
using PosSim.Net.Client;
using PosSim.Net.Server;
using PosSim.Net.Transport;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

public class ReconnectTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("memory")]
    public async Task When_the_server_drops_the_connection_in_flight_requests_fail_at_once_and_the_client_reconnects(string transportKind)
    {
        using var cts = TestSupport.Bound();
        var transport = RoundTripTests.Make(transportKind);
        var entered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            if (request.Message.Stan == 1)
            {
                entered.TrySetResult(request.ConnectionId);
                await Task.Delay(Timeout.Infinite, ct);
            }

            return TestSupport.Approved(request);
        });
        await using var server = await TestSupport.StartServerAsync(handler, transport);
        await using var client = await TestSupport.ConnectAsync(server, transport, o =>
        {
            o.Reconnect = true;
            o.ReconnectInitialDelay = TimeSpan.FromMilliseconds(20);
            o.Random = new Random(42);
        }, cts.Token);

        var inFlight = client.SendAsync(TestSupport.Purchase(1), TimeSpan.FromSeconds(60), cts.Token);
        var connectionId = await entered.Task.WaitAsync(cts.Token);
        Assert.True(server.AbortConnection(connectionId));

        var error = await Assert.ThrowsAsync<IsoConnectionException>(() => inFlight.WaitAsync(cts.Token));
        Assert.Contains("lost", error.Message, StringComparison.Ordinal);

        await client.WaitUntilConnectedAsync(cts.Token);
        var response = await client.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token);
        Assert.Equal("00", response.ResponseCode);
        Assert.Equal(1, client.Stats.Disconnects);
        Assert.Equal(1, client.Stats.Reconnects);
        Assert.Equal(2, server.Stats.ConnectionsAccepted);
    }

    [Fact]
    public async Task The_client_keeps_retrying_with_backoff_until_the_server_is_back()
    {
        using var cts = TestSupport.Bound();
        var transport = new InMemoryTransport();
        var server = await TestSupport.StartServerAsync(TestSupport.Approve(), transport);
        var endPoint = server.EndPoint;
        await using var client = await TestSupport.ConnectAsync(server, transport, o =>
        {
            o.Reconnect = true;
            o.ReconnectInitialDelay = TimeSpan.FromMilliseconds(10);
            o.ReconnectMaxDelay = TimeSpan.FromMilliseconds(80);
            o.Random = new Random(7);
        }, cts.Token);

        await server.StopAsync(cts.Token);
        await Poll.UntilAsync(() => !client.IsConnected, "the client notices the drop", cts.Token);
        await Assert.ThrowsAsync<IsoConnectionException>(() => client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token));

        // Let a few attempts fail against nobody, then come back on the same end point.
        await Task.Delay(150, cts.Token);
        await using var again = await TestSupport.StartServerAsync(TestSupport.Approve(), transport, o => o.EndPoint = endPoint);
        await client.WaitUntilConnectedAsync(cts.Token);

        Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token)).ResponseCode);
        Assert.Equal(1, client.Stats.Reconnects);
    }

    [Fact]
    public async Task Without_reconnect_a_dropped_client_stays_down_and_says_so()
    {
        using var cts = TestSupport.Bound();
        var transport = new InMemoryTransport();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), transport);
        await using var client = await TestSupport.ConnectAsync(server, transport, ct: cts.Token);
        Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(9), cancellationToken: cts.Token)).ResponseCode);

        Assert.Equal(1, server.AbortAllConnections());
        await Poll.UntilAsync(() => !client.IsConnected, "the client notices the drop", cts.Token);

        await Assert.ThrowsAsync<IsoConnectionException>(() => client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token));
        Assert.Equal(0, client.Stats.Reconnects);
    }

    [Fact]
    public async Task Disposing_the_client_fails_what_is_still_waiting()
    {
        using var cts = TestSupport.Bound();
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return (IsoMessage?)null;
        });
        await using var server = await TestSupport.StartServerAsync(handler, configure: o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
        var client = await TestSupport.ConnectAsync(server, ct: cts.Token);

        var send = client.SendAsync(TestSupport.Purchase(1), TimeSpan.FromSeconds(60), cts.Token);
        await client.DisposeAsync();

        await Assert.ThrowsAsync<IsoConnectionException>(() => send.WaitAsync(cts.Token));
    }
}
