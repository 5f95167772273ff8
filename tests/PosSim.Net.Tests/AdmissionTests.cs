using System.Collections.Concurrent;
using PosSim.Iso8583;
using PosSim.Net.Server;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

/// <summary>
/// Admission control: past <see cref="IsoServerOptions.MaxPendingRequests"/> waiting for the handler, a new
/// authorisation or financial request is answered 96 at once and never reaches it, while reversals and network
/// management still go through and the bound frees as the handler catches up.
/// </summary>
public class AdmissionTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 2, 12, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_new_financial_request_over_the_pending_bound_is_answered_96_at_once_and_never_reaches_the_handler()
    {
        using var cts = TestSupport.Bound();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new ConcurrentQueue<(string? Mti, int? Stan)>();
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            seen.Enqueue((request.Message.Mti, request.Message.Stan));
            if (request.Message.Stan is 1 or 2)
            {
                await gate.Task.WaitAsync(ct); // a slow issuer
            }

            return TestSupport.Approved(request);
        });
        await using var server = await TestSupport.StartServerAsync(handler, configure: o => o.MaxPendingRequests = 2);
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);

        var first = client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token);
        var second = client.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token);
        await Poll.UntilAsync(() => server.PendingRequests == 2, "two requests waiting for the handler", cts.Token);

        var shed = await client.SendAsync(TestSupport.Purchase(3), cancellationToken: cts.Token);
        Assert.Equal(("0210", "96", 3, "TERM0001"), (shed.Mti, shed.ResponseCode, shed.Stan, shed.TerminalId));
        Assert.Equal(1000, shed.AmountMinor);
        Assert.False(first.IsCompleted);

        // Links and money already moved are not refused: an echo and a reversal still reach the handler.
        var terminal = new TerminalMessages("TERM0001", "MERCHANT0000001", firstStan: 4);
        var echo = await client.SendAsync(terminal.Network(NetworkCode.Echo, Noon), cancellationToken: cts.Token);
        var reversal = await client.SendAsync(TerminalMessages.Reversal(TestSupport.Purchase(5)), cancellationToken: cts.Token);
        Assert.Equal(("0810", "00"), (echo.Mti, echo.ResponseCode));
        Assert.Equal(("0410", "00"), (reversal.Mti, reversal.ResponseCode));

        gate.SetResult();
        Assert.Equal("00", (await first).ResponseCode);
        Assert.Equal("00", (await second).ResponseCode);
        await Poll.UntilAsync(() => server.PendingRequests == 0, "the handler caught up", cts.Token);
        Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(6), cancellationToken: cts.Token)).ResponseCode);

        Assert.Equal(1, server.Stats.RequestsShed);
        Assert.DoesNotContain(seen, s => s.Stan == 3);
        Assert.Contains(seen, s => s == ("0800", 4));
        Assert.Contains(seen, s => s == ("0400", 5));
    }

    [Theory]
    [InlineData("0100", true)]
    [InlineData("0101", true)]
    [InlineData("0200", true)]
    [InlineData("0201", true)]
    [InlineData("0220", false)]
    [InlineData("0221", false)]
    [InlineData("0400", false)]
    [InlineData("0420", false)]
    [InlineData("0500", false)]
    [InlineData("0800", false)]
    [InlineData("0210", false)]
    [InlineData("020", false)]
    [InlineData("02x0", false)]
    public void Only_new_authorisation_and_financial_requests_are_shed(string mti, bool shed) =>
        Assert.Equal(shed, IsoServer.IsNewFinancialRequest(System.Text.Encoding.ASCII.GetBytes(mti)));
}
