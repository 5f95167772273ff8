using Microsoft.Extensions.Time.Testing;
using PosSim.Net.Client;
using PosSim.Net.Server;
using PosSim.Net.Transport;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

/// <summary>Timeouts follow the injected TimeProvider, so a simulation can run them on virtual time.</summary>
public class VirtualTimeTests
{
    [Fact]
    public async Task A_request_times_out_when_the_injected_clock_passes_its_timeout_and_not_before()
    {
        using var cts = TestSupport.Bound();
        var clock = new FakeTimeProvider();
        var transport = new InMemoryTransport();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return TestSupport.Approved(request);
        });
        await using var server = await TestSupport.StartServerAsync(handler, transport);
        await using var client = await TestSupport.ConnectAsync(server, transport, o => o.TimeProvider = clock, cts.Token);

        var send = client.SendAsync(TestSupport.Purchase(1), TimeSpan.FromSeconds(30), cts.Token);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(send.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<IsoTimeoutException>(() => send);
        Assert.Equal(TimeSpan.FromSeconds(30), error.Timeout);
        gate.SetResult();
    }

    [Fact]
    public async Task The_idle_timeout_follows_the_injected_clock()
    {
        using var cts = TestSupport.Bound();
        var clock = new FakeTimeProvider();
        var transport = new InMemoryTransport();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), transport, o =>
        {
            o.TimeProvider = clock;
            o.IdleTimeout = TimeSpan.FromMinutes(5);
        });
        await using var client = await TestSupport.ConnectAsync(server, transport, ct: cts.Token);
        Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token)).ResponseCode);

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, server.Stats.IdleClosed);
        Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token)).ResponseCode);

        clock.Advance(TimeSpan.FromMinutes(6));
        await Poll.UntilAsync(() => !client.IsConnected, "the idle connection is closed", cts.Token);
        Assert.Equal(1, server.Stats.IdleClosed);
    }
}
