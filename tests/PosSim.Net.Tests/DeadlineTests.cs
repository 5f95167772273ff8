using System.Net.Sockets;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

/// <summary>
/// A connection must prove itself with a valid frame within the first-message timeout and finish every frame it
/// begins within the frame timeout; quiet between frames is left to the idle timeout. Deadlines here are short and
/// every wait is generous: nothing asserts how fast a close comes, only that it comes and what it spares.
/// </summary>
public class DeadlineTests
{
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_silent_connection_is_closed_after_the_first_message_timeout_while_a_terminal_is_answered()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o => o.FirstMessageTimeout = TimeSpan.FromSeconds(1));
        await using var terminal = await TestSupport.ConnectAsync(server, ct: cts.Token);
        Assert.Equal("00", (await terminal.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token)).ResponseCode);

        using var silent = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);
        Assert.True(await AbuseSupport.SeesCloseAsync(silent, Watch, cts.Token), "the silent connection is closed");

        Assert.Equal(1, server.Stats.FirstMessageTimeouts);
        Assert.Equal(0, server.Stats.IdleClosed);
        Assert.Equal("00", (await terminal.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token)).ResponseCode);
        await Poll.UntilAsync(() => server.ActiveConnections == 1, "only the terminal is left", cts.Token);
    }

    [Fact]
    public async Task Only_a_frame_that_decodes_meets_the_first_message_deadline()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o => o.FirstMessageTimeout = TimeSpan.FromSeconds(1));
        using var socket = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);

        // Answered 30, as ever, but a connection that only sends broken messages has not shown it speaks the dialect.
        await socket.SendAsync(FramedMessageReaderTests.BadAmountFrame(5, "TERM0005"), SocketFlags.None, cts.Token);
        var (_, answer) = await TestSupport.ReadFrameAsync(socket, cts.Token);
        Assert.Equal("30", answer.ResponseCode);

        Assert.True(await AbuseSupport.SeesCloseAsync(socket, Watch, cts.Token), "the connection is closed");
        Assert.Equal(1, server.Stats.FirstMessageTimeouts);
    }

    [Fact]
    public async Task A_terminal_that_has_spoken_may_stay_quiet_between_frames_past_both_deadlines()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o =>
        {
            o.FirstMessageTimeout = TimeSpan.FromMilliseconds(500);
            o.FrameTimeout = TimeSpan.FromMilliseconds(500);
        });
        using var socket = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);

        await socket.SendAsync(TestSupport.Frame(TestSupport.Purchase(1)), SocketFlags.None, cts.Token);
        Assert.Equal("00", (await TestSupport.ReadFrameAsync(socket, cts.Token)).Message.ResponseCode);
        await Task.Delay(TimeSpan.FromMilliseconds(1500), cts.Token);
        await socket.SendAsync(TestSupport.Frame(TestSupport.Purchase(2)), SocketFlags.None, cts.Token);
        Assert.Equal("00", (await TestSupport.ReadFrameAsync(socket, cts.Token)).Message.ResponseCode);

        Assert.Equal(0, server.Stats.FirstMessageTimeouts);
        Assert.Equal(0, server.Stats.FrameTimeouts);
        Assert.Equal(1, server.ActiveConnections);
    }

    [Fact]
    public async Task A_frame_split_by_a_pause_shorter_than_the_frame_timeout_is_answered()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o => o.FrameTimeout = TimeSpan.FromSeconds(5));
        using var socket = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);
        var frame = TestSupport.Frame(TestSupport.Purchase(3));

        await socket.SendAsync(frame.AsMemory(0, 1), SocketFlags.None, cts.Token);
        await Task.Delay(200, cts.Token);
        await socket.SendAsync(frame.AsMemory(1, frame.Length / 2), SocketFlags.None, cts.Token);
        await Task.Delay(200, cts.Token);
        await socket.SendAsync(frame.AsMemory(1 + (frame.Length / 2)), SocketFlags.None, cts.Token);

        Assert.Equal("00", (await TestSupport.ReadFrameAsync(socket, cts.Token)).Message.ResponseCode);
        Assert.Equal(0, server.Stats.FrameTimeouts);
    }

    [Fact]
    public async Task A_slowloris_sending_one_byte_every_300_ms_is_closed_after_the_frame_timeout_while_a_normal_client_is_answered_throughout()
    {
        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o => o.FrameTimeout = TimeSpan.FromSeconds(1));
        await using var terminal = await TestSupport.ConnectAsync(server, ct: cts.Token);

        // The slowloris proves itself with one whole request first: the frame deadline holds for every frame, not only the first.
        using var slow = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);
        await slow.SendAsync(TestSupport.Frame(TestSupport.Purchase(100, "SLOW0001")), SocketFlags.None, cts.Token);
        Assert.Equal("00", (await TestSupport.ReadFrameAsync(slow, cts.Token)).Message.ResponseCode);

        var closed = AbuseSupport.SeesCloseAsync(slow, TestSupport.TestTimeout, cts.Token);
        var trickle = TrickleAsync(slow, TestSupport.Frame(TestSupport.Purchase(101, "SLOW0001")), closed, cts.Token);

        // A normal terminal, answered all along, until the slowloris is gone (at most 100 requests).
        var answered = new List<string?>();
        for (var stan = 1; stan <= 100 && !closed.IsCompleted; stan++)
        {
            answered.Add((await terminal.SendAsync(TestSupport.Purchase(stan), cancellationToken: cts.Token)).ResponseCode);
            await Task.Delay(100, cts.Token);
        }

        Assert.True(await closed, "the slowloris is closed");
        var sent = await trickle;
        Assert.True(sent < TestSupport.Frame(TestSupport.Purchase(101, "SLOW0001")).Length, $"closed before its frame was complete ({sent} bytes sent)");
        Assert.Equal(1, server.Stats.FrameTimeouts);
        Assert.NotEmpty(answered);
        Assert.All(answered, code => Assert.Equal("00", code));
        Assert.Equal("00", (await terminal.SendAsync(TestSupport.Purchase(200), cancellationToken: cts.Token)).ResponseCode);
    }

    /// <summary>Sends <paramref name="frame"/> one byte every 300 ms until the server closes; returns how many bytes went.</summary>
    private static async Task<int> TrickleAsync(Socket socket, byte[] frame, Task<bool> closed, CancellationToken ct)
    {
        var sent = 0;
        try
        {
            while (sent < frame.Length && !closed.IsCompleted)
            {
                await socket.SendAsync(frame.AsMemory(sent, 1), SocketFlags.None, ct);
                sent++;
                await Task.WhenAny(closed, Task.Delay(300, ct));
            }
        }
        catch (SocketException)
        {
            // The server closed and then reset its side: that is the end this test waits for.
        }

        return sent;
    }
}
