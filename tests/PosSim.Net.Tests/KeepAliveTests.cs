using PosSim.Iso8583;
using PosSim.Net.Server;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

public class KeepAliveTests
{
    [Fact]
    public async Task An_idle_client_sends_echo_0800_with_field_70_301()
    {
        using var cts = TestSupport.Bound();
        var echoes = 0;
        var handler = new DelegateRequestHandler((request, _) =>
        {
            if (request.Message.Mti == "0800" && request.Message.FieldEquals(IsoMessage.FieldNetworkCode, "301"u8))
            {
                Interlocked.Increment(ref echoes);
            }

            var response = request.CreateResponse([7, 11, 41, 70]);
            response.ResponseCode = "00";
            return ValueTask.FromResult<IsoMessage?>(response);
        });
        await using var server = await TestSupport.StartServerAsync(handler);
        await using var client = await TestSupport.ConnectAsync(server, configure: o =>
        {
            o.EchoInterval = TimeSpan.FromMilliseconds(100);
            o.EchoTerminalId = "TERM0001";
        }, ct: cts.Token);

        await Poll.UntilAsync(() => Volatile.Read(ref echoes) >= 2, "two echoes", cts.Token);

        await Poll.UntilAsync(() => client.Stats.EchoesSent >= 2, "two echo responses matched", cts.Token);
        Assert.Equal(0, client.Stats.EchoFailures);
    }

    [Fact]
    public async Task An_unanswered_echo_drops_the_connection_and_the_client_reconnects()
    {
        using var cts = TestSupport.Bound();
        var handler = new DelegateRequestHandler((request, _) =>
            ValueTask.FromResult<IsoMessage?>(request.Message.Mti == "0800" ? null : TestSupport.Approved(request)));
        await using var server = await TestSupport.StartServerAsync(handler);
        await using var client = await TestSupport.ConnectAsync(server, configure: o =>
        {
            o.EchoInterval = TimeSpan.FromMilliseconds(50);
            o.EchoTimeout = TimeSpan.FromMilliseconds(100);
            o.Reconnect = true;
            o.ReconnectInitialDelay = TimeSpan.FromMilliseconds(10);
        }, ct: cts.Token);

        await Poll.UntilAsync(() => client.Stats.Reconnects >= 1, "a reconnect after the silent echo", cts.Token);

        Assert.True(client.Stats.EchoFailures >= 1);
        await client.WaitUntilConnectedAsync(cts.Token);
    }
}
