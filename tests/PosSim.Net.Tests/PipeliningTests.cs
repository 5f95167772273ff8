using System.Collections.Concurrent;
using PosSim.Iso8583;
using PosSim.Net.Server;

namespace PosSim.Net.Tests;

public class PipeliningTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("memory")]
    public async Task Hundreds_of_requests_in_flight_on_one_connection_are_answered_out_of_order_and_all_matched(string transportKind)
    {
        const int count = 400;
        using var cts = TestSupport.Bound();
        var transport = RoundTripTests.Make(transportKind);
        var answeredOrder = new ConcurrentQueue<int>();
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            var stan = request.Message.Stan!.Value;

            // Delay by a value scrambled from the STAN so responses leave in a different order than requests came.
            await Task.Delay((stan * 7919) % 23, ct);
            answeredOrder.Enqueue(stan);
            return TestSupport.Approved(request);
        });
        await using var server = await TestSupport.StartServerAsync(handler, transport, o => o.MaxInFlightPerConnection = count);
        await using var client = await TestSupport.ConnectAsync(server, transport, ct: cts.Token);

        var sends = Enumerable.Range(1, count)
            .Select(stan => (Stan: stan, Task: client.SendAsync(TestSupport.Purchase(stan, amount: stan * 100L), cancellationToken: cts.Token)))
            .ToArray();
        await Task.WhenAll(sends.Select(s => s.Task));

        foreach (var (stan, task) in sends)
        {
            var response = await task;
            Assert.Equal(stan, response.Stan);
            Assert.Equal(stan * 100L, response.AmountMinor);
            Assert.Equal("00", response.ResponseCode);
        }

        Assert.Equal(count, answeredOrder.Count);
        Assert.False(answeredOrder.SequenceEqual(Enumerable.Range(1, count)), "the handler should have answered out of order");
        Assert.Equal(count, client.Stats.ResponsesMatched);
        Assert.Equal(0, client.Stats.UnmatchedResponses);
        Assert.Equal(1, server.Stats.ConnectionsAccepted);
    }

    [Fact]
    public async Task Two_terminals_may_use_the_same_stan_at_once()
    {
        using var cts = TestSupport.Bound();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            var response = TestSupport.Approved(request);
            response.AuthCode = request.Message.TerminalId![..6];
            return response;
        });
        await using var server = await TestSupport.StartServerAsync(handler);
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);

        var a = client.SendAsync(TestSupport.Purchase(5, "TERMAAAA"), cancellationToken: cts.Token);
        var b = client.SendAsync(TestSupport.Purchase(5, "TERMBBBB"), cancellationToken: cts.Token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(TestSupport.Purchase(5, "TERMAAAA"), cancellationToken: cts.Token));
        gate.SetResult();

        Assert.Equal("TERMAA", (await a).AuthCode);
        Assert.Equal("TERMBB", (await b).AuthCode);
    }

    [Fact]
    public async Task The_allocation_free_send_decodes_into_the_callers_message()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve());
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);
        var request = TestSupport.Purchase(1);
        var response = new IsoMessage();

        for (var stan = 1; stan <= 50; stan++)
        {
            request.Stan = stan;
            await client.SendAsync(request, response, cancellationToken: cts.Token);
            Assert.Equal(stan, response.Stan);
        }

        Assert.Equal(50, client.Stats.ResponsesMatched);
    }
}
