using System.Net.Sockets;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Client;
using PosSim.Net.Server;
using PosSim.Net.Transport;

namespace PosSim.Net.Tests;

public class RoundTripTests
{
    public static TheoryData<string, string> FramingsAndTransports()
    {
        var data = new TheoryData<string, string>();
        foreach (var framing in new[] { "binary2", "ascii4", "bcd2" })
        {
            data.Add(framing, "tcp");
            data.Add(framing, "memory");
        }

        return data;
    }

    internal static ITransport Make(string kind) => kind == "tcp" ? SocketTransport.Default : new InMemoryTransport();

    [Theory]
    [MemberData(nameof(FramingsAndTransports))]
    public async Task A_purchase_gets_its_response_in_every_framing(string framingName, string transportKind)
    {
        using var cts = TestSupport.Bound();
        var transport = Make(transportKind);
        var framing = MessageFraming.Parse(framingName);
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), transport, o => o.Framing = framing);
        await using var client = await TestSupport.ConnectAsync(server, transport, o => o.Framing = framing, cts.Token);

        var response = await client.SendAsync(TestSupport.Purchase(17), cancellationToken: cts.Token);

        Assert.Equal("0210", response.Mti);
        Assert.Equal(17, response.Stan);
        Assert.Equal("TERM0001", response.TerminalId);
        Assert.Equal("00", response.ResponseCode);
        Assert.Equal(1000, response.AmountMinor);
        Assert.False(response.Has(2));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("memory")]
    public async Task A_tpdu_header_travels_with_the_request_and_comes_back_swapped(string transportKind)
    {
        using var cts = TestSupport.Bound();
        var transport = Make(transportKind);
        var framing = MessageFraming.Parse("binary2", headerLength: 5);
        byte[]? seenHeader = null;
        var handler = new DelegateRequestHandler((request, _) =>
        {
            seenHeader = request.Header.ToArray();
            return ValueTask.FromResult<IsoMessage?>(TestSupport.Approved(request));
        });
        await using var server = await TestSupport.StartServerAsync(handler, transport, o => o.Framing = framing);
        byte[] tpdu = [0x60, 0x00, 0x01, 0x00, 0x02];
        await using var client = await TestSupport.ConnectAsync(server, transport, o =>
        {
            o.Framing = framing;
            o.Header = tpdu;
        }, cts.Token);

        var response = await client.SendAsync(TestSupport.Purchase(3), cancellationToken: cts.Token);

        Assert.Equal("00", response.ResponseCode);
        Assert.Equal(tpdu, seenHeader);
    }

    [Fact]
    public async Task The_response_tpdu_has_source_and_destination_swapped()
    {
        using var cts = TestSupport.Bound();
        var framing = MessageFraming.Parse("binary2", headerLength: 5);
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o => o.Framing = framing);
        using var socket = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);

        await socket.SendAsync(TestSupport.Frame(TestSupport.Purchase(9), framing, [0x60, 0x00, 0x01, 0x00, 0x02]), SocketFlags.None, cts.Token);
        var (header, message) = await TestSupport.ReadFrameAsync(socket, cts.Token, headerLength: 5);

        Assert.Equal(new byte[] { 0x60, 0x00, 0x02, 0x00, 0x01 }, header);
        Assert.Equal(9, message.Stan);
    }

    [Fact]
    public async Task Framing_none_is_refused_with_a_clear_error()
    {
        var server = Assert.Throws<ArgumentException>(() => new IsoServer(TestSupport.Approve(), new IsoServerOptions { Framing = MessageFraming.Parse("none") }));
        Assert.Contains("none", server.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => IsoClient.ConnectAsync(new IsoClientOptions { Framing = MessageFraming.Parse("none") }));
    }

    [Fact]
    public async Task A_client_header_of_the_wrong_length_is_refused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => IsoClient.ConnectAsync(new IsoClientOptions { Header = new byte[] { 1, 2 } }));

    [Fact]
    public async Task Connecting_where_nobody_listens_fails_fast()
    {
        using var cts = TestSupport.Bound();
        var transport = new InMemoryTransport();
        await Assert.ThrowsAsync<SocketException>(() => IsoClient.ConnectAsync(
            new IsoClientOptions { Transport = transport, EndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1) }, cts.Token));
    }

    [Fact]
    public async Task A_request_that_breaks_its_format_is_refused_before_it_is_sent()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve());
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);
        var bad = TestSupport.Purchase(1);
        bad.Set(4, "12AB");

        await Assert.ThrowsAsync<IsoFormatException>(() => client.SendAsync(bad, cancellationToken: cts.Token));
        Assert.Equal(0, client.PendingCount);
        Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token)).ResponseCode);
    }

    [Fact]
    public async Task A_handler_that_throws_is_answered_with_96()
    {
        using var cts = TestSupport.Bound();
        var handler = new DelegateRequestHandler((request, _) => request.Message.Stan == 7
            ? throw new InvalidOperationException("boom")
            : ValueTask.FromResult<IsoMessage?>(TestSupport.Approved(request)));
        await using var server = await TestSupport.StartServerAsync(handler);
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);

        var failed = await client.SendAsync(TestSupport.Purchase(7), cancellationToken: cts.Token);
        var fine = await client.SendAsync(TestSupport.Purchase(8), cancellationToken: cts.Token);

        Assert.Equal("96", failed.ResponseCode);
        Assert.Equal(7, failed.Stan);
        Assert.Equal("00", fine.ResponseCode);
        Assert.Equal(1, server.Stats.HandlerErrors);
    }

    [Fact]
    public async Task A_null_response_sends_nothing_and_frees_the_slot()
    {
        using var cts = TestSupport.Bound();
        var handler = new DelegateRequestHandler((request, _) => ValueTask.FromResult<IsoMessage?>(request.Message.Mti == "0220" ? null : TestSupport.Approved(request)));
        await using var server = await TestSupport.StartServerAsync(handler, configure: o => o.MaxInFlightPerConnection = 1);
        await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);

        for (var i = 0; i < 5; i++)
        {
            var advice = TestSupport.Purchase(100 + i);
            advice.Mti = "0220";
            client.Post(advice);
        }

        Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token)).ResponseCode);
        Assert.Equal(6, server.Stats.FramesReceived);
        Assert.Equal(1, server.Stats.FramesSent);
    }
}
