using System.Net.Sockets;
using PosSim.Iso8583;
using PosSim.Net.Server;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

public class ShutdownTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("memory")]
    public async Task Graceful_shutdown_stops_accepting_and_answers_everything_in_flight(string transportKind)
    {
        using var cts = TestSupport.Bound();
        var transport = RoundTripTests.Make(transportKind);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            Interlocked.Increment(ref entered);
            await gate.Task.WaitAsync(ct);
            return TestSupport.Approved(request);
        });
        var server = await TestSupport.StartServerAsync(handler, transport, o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        await using var client = await TestSupport.ConnectAsync(server, transport, ct: cts.Token);
        var endPoint = server.EndPoint;

        var sends = Enumerable.Range(1, 10).Select(stan => client.SendAsync(TestSupport.Purchase(stan), cancellationToken: cts.Token)).ToArray();
        await Poll.UntilAsync(() => Volatile.Read(ref entered) == 10, "all ten requests reach the handler", cts.Token);

        var stopping = server.StopAsync(cts.Token);
        await Assert.ThrowsAsync<SocketException>(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await using var late = await transport.ConnectAsync(endPoint, cts.Token);
                await Task.Delay(10, cts.Token);
            }
        });
        Assert.False(stopping.IsCompleted);

        gate.SetResult();
        var responses = await Task.WhenAll(sends);
        await stopping.WaitAsync(cts.Token);

        Assert.All(responses, r => Assert.Equal("00", r.ResponseCode));
        Assert.Equal(Enumerable.Range(1, 10), responses.Select(r => r.Stan!.Value).Order());
        Assert.Equal(0, server.ActiveConnections);
    }

    [Fact]
    public async Task A_handler_that_outlives_the_shutdown_timeout_is_cancelled_and_the_connection_closed()
    {
        using var cts = TestSupport.Bound();
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }

            return null;
        });
        var server = await TestSupport.StartServerAsync(handler, configure: o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);
        var send = client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token);
        await entered.Task.WaitAsync(cts.Token);

        await server.StopAsync(cts.Token);
        await cancelled.Task.WaitAsync(cts.Token);

        await Assert.ThrowsAsync<Client.IsoConnectionException>(() => send.WaitAsync(cts.Token));
        Assert.Equal(0, server.ActiveConnections);
    }

    [Fact]
    public async Task Stopping_closes_idle_connections_and_can_be_called_twice()
    {
        using var cts = TestSupport.Bound();
        var server = await TestSupport.StartServerAsync(TestSupport.Approve());
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);
        Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token)).ResponseCode);

        await server.StopAsync(cts.Token);
        await server.StopAsync(cts.Token);
        await server.DisposeAsync();

        await Poll.UntilAsync(() => !client.IsConnected, "the client sees the close", cts.Token);
        Assert.Equal(0, server.ActiveConnections);
    }

    [Fact]
    public async Task An_advice_with_no_response_does_not_hold_up_shutdown()
    {
        using var cts = TestSupport.Bound();
        var handler = new DelegateRequestHandler((request, _) => ValueTask.FromResult<IsoMessage?>(null));
        var server = await TestSupport.StartServerAsync(handler);
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);
        client.Post(TestSupport.Purchase(1));
        await Poll.UntilAsync(() => server.Stats.FramesReceived == 1, "the advice arrives", cts.Token);

        await server.StopAsync(cts.Token);

        Assert.Equal(0, server.ActiveConnections);
    }
}
