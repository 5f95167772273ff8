using System.Net;
using PosSim.Iso8583;
using PosSim.Iso8583.Matching;
using PosSim.Net.Messaging;
using PosSim.Net.Transport;
using PosSim.Net.Client;
using PosSim.Net.Server;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

public class TimeoutTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("memory")]
    public async Task A_request_times_out_and_its_late_response_is_reported_not_dropped(string transportKind)
    {
        using var cts = TestSupport.Bound();
        var transport = RoundTripTests.Make(transportKind);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            if (request.Message.Stan == 1)
            {
                await gate.Task.WaitAsync(ct);
            }

            return TestSupport.Approved(request);
        });
        await using var server = await TestSupport.StartServerAsync(handler, transport);
        await using var client = await TestSupport.ConnectAsync(server, transport, ct: cts.Token);
        var late = new TaskCompletionSource<UnmatchedResponseEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.UnmatchedResponse += (_, e) => late.TrySetResult(e);

        var timedOut = await Assert.ThrowsAsync<IsoTimeoutException>(() => client.SendAsync(TestSupport.Purchase(1), TimeSpan.FromMilliseconds(150), cts.Token));
        Assert.Equal(TimeSpan.FromMilliseconds(150), timedOut.Timeout);
        Assert.Equal(0, client.PendingCount);

        // Other requests are unaffected while the slow one is still being handled.
        Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token)).ResponseCode);

        gate.SetResult();
        var report = await late.Task.WaitAsync(cts.Token);
        Assert.Equal(UnmatchedKind.Late, report.Kind);
        Assert.Equal(1, report.Message.Stan);
        Assert.Equal("0210", report.Message.Mti);
        Assert.Equal(timedOut.Key, report.Key);
        Assert.Equal(1, client.Stats.RequestsTimedOut);
        Assert.Equal(1, client.Stats.LateResponses);
        Assert.Equal(0, client.Stats.UnmatchedResponses);
    }

    [Fact]
    public async Task A_response_nobody_asked_for_is_reported_as_unknown()
    {
        using var cts = TestSupport.Bound();
        var handler = new DelegateRequestHandler((request, _) =>
        {
            var response = TestSupport.Approved(request);
            response.Stan = 999999;
            return ValueTask.FromResult<IsoMessage?>(response);
        });
        await using var server = await TestSupport.StartServerAsync(handler);
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);
        var unknown = new TaskCompletionSource<UnmatchedResponseEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.UnmatchedResponse += (_, e) => unknown.TrySetResult(e);

        await Assert.ThrowsAsync<IsoTimeoutException>(() => client.SendAsync(TestSupport.Purchase(4), TimeSpan.FromMilliseconds(300), cts.Token));
        var report = await unknown.Task.WaitAsync(cts.Token);

        Assert.Equal(UnmatchedKind.Unknown, report.Kind);
        Assert.Equal(999999, report.Message.Stan);
        Assert.Equal(1, client.Stats.UnmatchedResponses);
    }

    [Fact]
    public async Task A_cancelled_request_fails_with_cancellation_and_frees_its_key()
    {
        using var cts = TestSupport.Bound();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            if (request.Message.Stan == 1)
            {
                await gate.Task.WaitAsync(ct);
            }

            return TestSupport.Approved(request);
        });
        await using var server = await TestSupport.StartServerAsync(handler);
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);
        using var cancel = new CancellationTokenSource();

        var send = client.SendAsync(TestSupport.Purchase(1), TimeSpan.FromSeconds(10), cancel.Token);
        await Poll.UntilAsync(() => client.PendingCount == 1, "the request is in flight", cts.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Assert.Equal(0, client.PendingCount);
        gate.SetResult();
    }

    [Fact]
    public async Task A_response_that_breaks_its_format_fails_its_request_at_once()
    {
        using var cts = TestSupport.Bound();
        var transport = new InMemoryTransport();
        await using var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), cts.Token);

        // A hand-written peer that answers with field 4 broken but MTI, 11 and 41 intact.
        var peer = Task.Run(async () =>
        {
            var connection = (await listener.AcceptAsync(cts.Token))!;
            var request = new IsoMessage();
            await new FramedMessageReader(connection.Input, Defaults.Framing, TestSupport.Codec).ReadAsync(request, Memory<byte>.Empty, cts.Token);
            await connection.Output.WriteAsync(FramedMessageReaderTests.BadAmountFrame(request.Stan!.Value, request.TerminalId!, "0210"), cts.Token);
            return connection;
        }, cts.Token);
        await using var client = await IsoClient.ConnectAsync(new IsoClientOptions { Transport = transport, EndPoint = listener.EndPoint, Reconnect = false }, cts.Token);

        var error = await Assert.ThrowsAsync<IsoResponseFormatException>(() => client.SendAsync(TestSupport.Purchase(3), TimeSpan.FromSeconds(10), cts.Token));

        Assert.Equal(4, error.Error.Field);
        Assert.Equal(3, error.Response.Stan);
        Assert.Equal(1, client.Stats.UndecodableResponses);
        await (await peer).DisposeAsync();
    }
}
