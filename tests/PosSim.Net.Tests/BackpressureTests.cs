using PosSim.Net.Server;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

public class BackpressureTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("memory")]
    public async Task A_slow_handler_bounds_the_requests_in_flight_per_connection(string transportKind)
    {
        const int limit = 4;
        using var cts = TestSupport.Bound();
        var transport = RoundTripTests.Make(transportKind);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        var concurrent = 0;
        var maxConcurrent = 0;
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            Interlocked.Increment(ref entered);
            var now = Interlocked.Increment(ref concurrent);
            InterlockedMax(ref maxConcurrent, now);
            await gate.Task.WaitAsync(ct);
            Interlocked.Decrement(ref concurrent);
            return TestSupport.Approved(request);
        });
        await using var server = await TestSupport.StartServerAsync(handler, transport, o => o.MaxInFlightPerConnection = limit);
        await using var client = await TestSupport.ConnectAsync(server, transport, ct: cts.Token);

        var sends = Enumerable.Range(1, 40).Select(stan => client.SendAsync(TestSupport.Purchase(stan), cancellationToken: cts.Token)).ToArray();
        await Poll.UntilAsync(() => Volatile.Read(ref entered) == limit, "the first requests reach the handler", cts.Token);

        // All 40 are on the wire, but the server reads no further until a slot frees.
        await Task.Delay(300, cts.Token);
        Assert.Equal(limit, Volatile.Read(ref entered));
        Assert.Equal(limit, server.Stats.FramesReceived);

        gate.SetResult();
        var responses = await Task.WhenAll(sends);

        Assert.All(responses, r => Assert.Equal("00", r.ResponseCode));
        Assert.Equal(limit, Volatile.Read(ref maxConcurrent));
        Assert.Equal(40, Volatile.Read(ref entered));
    }

    [Fact]
    public async Task One_connections_slow_requests_do_not_hold_up_another_connection()
    {
        using var cts = TestSupport.Bound();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            if (request.Message.TerminalId == "SLOW0001")
            {
                await gate.Task.WaitAsync(ct);
            }

            return TestSupport.Approved(request);
        });
        await using var server = await TestSupport.StartServerAsync(handler, configure: o => o.MaxInFlightPerConnection = 2);
        await using var slow = await TestSupport.ConnectAsync(server, ct: cts.Token);
        await using var fast = await TestSupport.ConnectAsync(server, ct: cts.Token);

        var stuck = Enumerable.Range(1, 10).Select(stan => slow.SendAsync(TestSupport.Purchase(stan, "SLOW0001"), cancellationToken: cts.Token)).ToArray();
        for (var stan = 1; stan <= 20; stan++)
        {
            Assert.Equal("00", (await fast.SendAsync(TestSupport.Purchase(stan, "FAST0001"), cancellationToken: cts.Token)).ResponseCode);
        }

        gate.SetResult();
        await Task.WhenAll(stuck);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var i = 0; i < 1000; i++)
        {
            var current = Volatile.Read(ref target);
            if (value <= current || Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
