using System.Net;
using System.Net.Sockets;
using System.Text;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Server;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

public class BadInputTests
{
    [Fact]
    public async Task Garbage_bytes_close_that_connection_and_the_server_keeps_serving()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve());
        await using var good = await TestSupport.ConnectAsync(server, ct: cts.Token);

        var garbage = new byte[64];
        new Random(1).NextBytes(garbage);
        garbage[0] = 0;
        garbage[1] = 62;
        var answer = await SendAndReadUntilClosedAsync(server.EndPoint, garbage, cts.Token);

        Assert.Empty(answer);
        await AssertStillServingAsync(server, good, cts.Token);
        Assert.Equal(1, server.Stats.DecodeErrors);
    }

    [Fact]
    public async Task A_length_header_that_is_not_digits_closes_the_connection()
    {
        using var cts = TestSupport.Bound();
        var framing = MessageFraming.Parse("ascii4");
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o => o.Framing = framing);
        await using var good = await TestSupport.ConnectAsync(server, configure: o => o.Framing = framing, ct: cts.Token);

        var answer = await SendAndReadUntilClosedAsync(server.EndPoint, Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n"), cts.Token);

        Assert.Empty(answer);
        Assert.Equal(1, server.Stats.FrameErrors);
        await AssertStillServingAsync(server, good, cts.Token, framing);
    }

    [Fact]
    public async Task A_length_header_over_the_maximum_closes_the_connection_without_waiting_for_the_body()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o => o.Framing = MessageFraming.Parse("binary2", maxFrameSize: 4096));
        await using var good = await TestSupport.ConnectAsync(server, ct: cts.Token);

        // 60,000 bytes announced, 10 sent, and the socket left open: the server must not wait for the rest.
        using var socket = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);
        await socket.SendAsync(new byte[] { 0xEA, 0x60, 0x30, 0x32, 0x30, 0x30, 0, 0, 0, 0, 0, 0 }, SocketFlags.None, cts.Token);
        var answer = await TestSupport.ReadUntilClosedAsync(socket, cts.Token);

        Assert.Empty(answer);
        Assert.Equal(1, server.Stats.FrameErrors);
        await AssertStillServingAsync(server, good, cts.Token);
    }

    [Fact]
    public async Task A_frame_cut_short_by_the_peer_closing_is_a_frame_error()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve());
        await using var good = await TestSupport.ConnectAsync(server, ct: cts.Token);
        var frame = TestSupport.Frame(TestSupport.Purchase(5));

        var answer = await SendAndReadUntilClosedAsync(server.EndPoint, frame[..(frame.Length / 2)], cts.Token);

        Assert.Empty(answer);
        await Poll.UntilAsync(() => server.Stats.FrameErrors == 1, "the truncated frame is counted", cts.Token);
        await AssertStillServingAsync(server, good, cts.Token);
    }

    [Fact]
    public async Task A_field_that_breaks_its_format_is_answered_with_30_echoing_11_and_41_and_the_connection_stays_open()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve());
        await using var good = await TestSupport.ConnectAsync(server, ct: cts.Token);
        using var socket = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);

        await socket.SendAsync(FramedMessageReaderTests.BadAmountFrame(123, "TERM0123"), SocketFlags.None, cts.Token);
        var (_, response) = await TestSupport.ReadFrameAsync(socket, cts.Token);

        Assert.Equal("0210", response.Mti);
        Assert.Equal("30", response.ResponseCode);
        Assert.Equal(123, response.Stan);
        Assert.Equal("TERM0123", response.TerminalId);
        Assert.False(response.Has(4));

        // The same connection goes on serving good requests.
        await socket.SendAsync(TestSupport.Frame(TestSupport.Purchase(124)), SocketFlags.None, cts.Token);
        var (_, next) = await TestSupport.ReadFrameAsync(socket, cts.Token);
        Assert.Equal("00", next.ResponseCode);
        Assert.Equal(124, next.Stan);

        Assert.Equal(1, server.Stats.FormatErrorResponses);
        await AssertStillServingAsync(server, good, cts.Token);
    }

    [Fact]
    public async Task An_undecodable_request_without_field_41_closes_the_connection()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve());
        await using var good = await TestSupport.ConnectAsync(server, ct: cts.Token);
        var message = TestSupport.Purchase(5);
        message.Remove(IsoMessage.FieldTerminalId);
        var payload = TestSupport.Codec.Encode(message);
        payload[^1] = (byte)'\u00FF';

        var answer = await SendAndReadUntilClosedAsync(server.EndPoint, RawFrames.Binary2(payload), cts.Token, shutdownSend: false);

        Assert.Empty(answer);
        Assert.Equal(1, server.Stats.DecodeErrors);
        Assert.Equal(0, server.Stats.FormatErrorResponses);
        await AssertStillServingAsync(server, good, cts.Token);
    }

    [Fact]
    public async Task Answers_already_in_flight_are_still_delivered_before_a_bad_frame_closes_the_connection()
    {
        using var cts = TestSupport.Bound();
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            await Task.Delay(100, ct);
            return TestSupport.Approved(request);
        });
        await using var server = await TestSupport.StartServerAsync(handler);
        var bytes = TestSupport.Frame(TestSupport.Purchase(1)).Concat(new byte[] { 0xFF, 0xFF, 1, 2, 3 }).ToArray();

        var answer = await SendAndReadUntilClosedAsync(server.EndPoint, bytes, cts.Token, shutdownSend: false);

        var response = TestSupport.Codec.Decode(answer.AsSpan(2));
        Assert.Equal(1, response.Stan);
        Assert.Equal("00", response.ResponseCode);
    }

    private static async Task<byte[]> SendAndReadUntilClosedAsync(EndPoint endPoint, byte[] bytes, CancellationToken ct, bool shutdownSend = true)
    {
        using var socket = await TestSupport.ConnectRawAsync(endPoint, ct);
        await socket.SendAsync(bytes, SocketFlags.None, ct);
        if (shutdownSend)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        return await TestSupport.ReadUntilClosedAsync(socket, ct);
    }

    private static async Task AssertStillServingAsync(IsoServer server, Client.IsoClient established, CancellationToken ct, MessageFraming? framing = null)
    {
        Assert.Equal("00", (await established.SendAsync(TestSupport.Purchase(900), cancellationToken: ct)).ResponseCode);
        await using var fresh = await TestSupport.ConnectAsync(server, configure: o => o.Framing = framing ?? o.Framing, ct: ct);
        Assert.Equal("00", (await fresh.SendAsync(TestSupport.Purchase(901), cancellationToken: ct)).ResponseCode);
    }
}
