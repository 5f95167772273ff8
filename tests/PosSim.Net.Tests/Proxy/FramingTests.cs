using System.Buffers;
using System.Net.Sockets;
using PosSim.Iso8583.Framing;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Net.Tests.Proxy;

/// <summary>The proxy in another framing with a TPDU before the MTI: headers pass untouched, a stand-in swaps them as a host would.</summary>
public sealed class FramingTests
{
    private static readonly MessageFraming Bcd2Tpdu = MessageFraming.Parse("bcd2", Tpdu.Length);
    private static readonly byte[] RequestTpdu = [0x60, 0x00, 0x03, 0x00, 0x00];

    [Fact]
    public async Task Bcd2_frames_with_a_tpdu_pass_byte_for_byte()
    {
        await using var upstream = new RawEchoUpstream();
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "other", Kind = FaultKind.Drop, Match = new MessageMatch { Stan = 999 } }], upstream: upstream.EndPoint, framing: Bcd2Tpdu);
        using var cts = TestSupport.Bound();
        var socket = await h.ConnectRawAsync(cts.Token);

        var sent = TestSupport.Frame(ProxyHarness.Purchase(1), Bcd2Tpdu, RequestTpdu).Concat(TestSupport.Frame(ProxyHarness.Purchase(2), Bcd2Tpdu, RequestTpdu)).ToArray();
        await socket.SendAsync(sent, SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);

        Assert.Equal(sent, await TestSupport.ReadUntilClosedAsync(socket, cts.Token));
        Assert.Equal(sent, upstream.Received);
    }

    [Fact]
    public async Task A_stand_in_answer_carries_the_tpdu_with_its_addresses_swapped()
    {
        await using var upstream = new RawEchoUpstream();
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "down", Kind = FaultKind.StandIn, ResponseCode = "91", Direction = FaultDirection.Upstream }], upstream: upstream.EndPoint, framing: Bcd2Tpdu);
        using var cts = TestSupport.Bound();
        var socket = await h.ConnectRawAsync(cts.Token);

        await socket.SendAsync(TestSupport.Frame(ProxyHarness.Purchase(7), Bcd2Tpdu, RequestTpdu), SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);
        var received = new System.Buffers.ReadOnlySequence<byte>(await TestSupport.ReadUntilClosedAsync(socket, cts.Token));

        Assert.Equal(FrameStatus.Complete, Bcd2Tpdu.TryReadFrame(ref received, out var frame, out _));
        Assert.Equal(new byte[] { 0x60, 0x00, 0x00, 0x00, 0x03 }, frame.Header.ToArray());
        var answer = TestSupport.Codec.Decode(frame.Message.ToArray());
        Assert.Equal(("0210", "91", 7), (answer.Mti, answer.ResponseCode, answer.Stan));
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task A_corrupted_frame_keeps_its_tpdu()
    {
        await using var upstream = new RawEchoUpstream();
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "tid", Kind = FaultKind.Corrupt, Field = 41, Value = "OTHER001", Direction = FaultDirection.Upstream }], upstream: upstream.EndPoint, framing: Bcd2Tpdu);
        using var cts = TestSupport.Bound();
        var socket = await h.ConnectRawAsync(cts.Token);

        await socket.SendAsync(TestSupport.Frame(ProxyHarness.Purchase(7), Bcd2Tpdu, RequestTpdu), SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);
        await TestSupport.ReadUntilClosedAsync(socket, cts.Token);

        var received = new System.Buffers.ReadOnlySequence<byte>(upstream.Received);
        Assert.Equal(FrameStatus.Complete, Bcd2Tpdu.TryReadFrame(ref received, out var frame, out _));
        Assert.Equal(RequestTpdu, frame.Header.ToArray());
        Assert.Equal("OTHER001", TestSupport.Codec.Decode(frame.Message.ToArray()).TerminalId);
    }
}
