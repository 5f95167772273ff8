using System.Net.Sockets;
using PosSim.Net.Client;
using PosSim.Net.Proxy.Faults;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests.Proxy;

/// <summary>Transport faults through the proxy on loopback: what the client sees on the wire.</summary>
public sealed class TransportFaultTests
{
    [Fact]
    public async Task Untouched_frames_pass_byte_for_byte_even_with_faults_that_do_not_match()
    {
        await using var upstream = new RawEchoUpstream();
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "other", Kind = FaultKind.Drop, Match = new MessageMatch { Stan = 999 } }], upstream: upstream.EndPoint);
        using var cts = TestSupport.Bound();
        var socket = await h.ConnectRawAsync(cts.Token);

        // Three frames in one write, one of them not even a decodable message: all must come back exactly as sent.
        var sent = TestSupport.Frame(ProxyHarness.Purchase(1))
            .Concat(RawFrames.Binary2("0200garbage"u8))
            .Concat(TestSupport.Frame(ProxyHarness.Purchase(2)))
            .ToArray();
        await socket.SendAsync(sent, SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);

        var echoed = await TestSupport.ReadUntilClosedAsync(socket, cts.Token);
        Assert.Equal(sent, upstream.Received);
        Assert.Equal(sent, echoed);
        Assert.Empty(h.Hits);
    }

    [Fact]
    public async Task Latency_holds_each_frame_within_the_jitter()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "slow", Kind = FaultKind.Latency, Direction = FaultDirection.Downstream, LatencyMs = 200, JitterMs = 50 }]);
        var client = await h.ConnectAsync();

        for (var stan = 1; stan <= 3; stan++)
        {
            var started = DateTime.UtcNow;
            Assert.Equal("00", (await client.SendAsync(ProxyHarness.Purchase(stan))).ResponseCode);
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(140));
        }

        Assert.Equal(3, h.Hits.Count);
        Assert.All(h.Hits, hit => Assert.InRange(int.Parse(hit.Action.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 150, 250));
    }

    [Fact]
    public async Task Bandwidth_passes_every_frame_and_logs_the_hold()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "thin", Kind = FaultKind.Bandwidth, Direction = FaultDirection.Upstream, RateKbps = 1 }]);
        var client = await h.ConnectAsync();

        Assert.Equal("00", (await client.SendAsync(ProxyHarness.Purchase(1))).ResponseCode);
        Assert.StartsWith("1 KB/s: ", Assert.Single(h.Hits).Action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slicer_cuts_a_frame_into_small_segments_that_arrive_whole()
    {
        await using var upstream = new RawEchoUpstream();
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "slices", Kind = FaultKind.Slicer, Direction = FaultDirection.Upstream, AverageSize = 10, DelayUs = 1000 }], upstream: upstream.EndPoint);
        using var cts = TestSupport.Bound();
        var socket = await h.ConnectRawAsync(cts.Token);

        var sent = TestSupport.Frame(ProxyHarness.Purchase(1));
        await socket.SendAsync(sent, SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);

        Assert.Equal(sent, await TestSupport.ReadUntilClosedAsync(socket, cts.Token));
        Assert.Equal($"sliced into {(sent.Length + 9) / 10} segments", Assert.Single(h.Hits).Action);
    }

    [Fact]
    public async Task Timeout_hangs_the_direction_then_closes_the_connection()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "hang", Kind = FaultKind.Timeout, Direction = FaultDirection.Downstream, TimeoutMs = 300 }]);
        using var cts = TestSupport.Bound();
        var socket = await h.ConnectRawAsync(cts.Token);

        await socket.SendAsync(TestSupport.Frame(ProxyHarness.Purchase(1)), SocketFlags.None);

        // No answer ever arrives; the proxy closes the connection after the timeout.
        Assert.Empty(await TestSupport.ReadUntilClosedAsync(socket, cts.Token));
        Assert.Equal([1], h.Received.Select(r => r.Stan));
        Assert.Equal("hang: stopped forwarding; closing in 300 ms", Assert.Single(h.Hits).Action);
    }

    [Fact]
    public async Task Removing_a_hang_lets_traffic_through_again()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "hang", Kind = FaultKind.Timeout, Direction = FaultDirection.Downstream }]);
        var client = await h.ConnectAsync(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAsync<IsoTimeoutException>(() => client.SendAsync(ProxyHarness.Purchase(1)));
        Assert.True(h.Faults.Remove("hang"));
        Assert.Equal("00", (await client.SendAsync(ProxyHarness.Purchase(2))).ResponseCode);
    }

    [Fact]
    public async Task Reset_peer_resets_the_client_connection()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "rst", Kind = FaultKind.ResetPeer, Direction = FaultDirection.Downstream }]);
        using var cts = TestSupport.Bound();
        var socket = await h.ConnectRawAsync(cts.Token);

        await socket.SendAsync(TestSupport.Frame(ProxyHarness.Purchase(1)), SocketFlags.None);

        var error = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            var buffer = new byte[256];
            for (var i = 0; i < 100; i++)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) == 0)
                {
                    return;
                }
            }
        });
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        Assert.StartsWith("connection reset", Assert.Single(h.Hits).Action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limit_data_closes_after_exactly_that_many_bytes()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "cut", Kind = FaultKind.LimitData, Direction = FaultDirection.Downstream, Bytes = 40 }]);
        using var cts = TestSupport.Bound();
        var socket = await h.ConnectRawAsync(cts.Token);

        await socket.SendAsync(TestSupport.Frame(ProxyHarness.Purchase(1)), SocketFlags.None);

        Assert.Equal(40, (await TestSupport.ReadUntilClosedAsync(socket, cts.Token)).Length);
        Assert.StartsWith("closed the connection after 40 bytes downstream", Assert.Single(h.Hits).Action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Toxicity_zero_spares_every_connection_and_toxicity_one_hits_every_one()
    {
        await using var h = await ProxyHarness.StartAsync(
        [
            new FaultSpec { Name = "never", Kind = FaultKind.Drop, Direction = FaultDirection.Downstream, Toxicity = 0 },
            new FaultSpec { Name = "always", Kind = FaultKind.Corrupt, Field = 39, Value = "05", Direction = FaultDirection.Downstream, Toxicity = 1 },
        ]);
        for (var i = 0; i < 3; i++)
        {
            var client = await h.ConnectAsync();
            Assert.Equal("05", (await client.SendAsync(ProxyHarness.Purchase(i + 1))).ResponseCode);
        }

        Assert.All(h.Hits, hit => Assert.Equal("always", hit.Fault));
    }

    [Fact]
    public async Task A_partial_toxicity_picks_the_same_connections_for_the_same_seed()
    {
        static async Task<bool[]> RunAsync(int seed)
        {
            await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "some", Kind = FaultKind.Corrupt, Field = 39, Value = "05", Direction = FaultDirection.Downstream, Toxicity = 0.5 }], seed);
            var hit = new List<bool>();
            for (var i = 0; i < 12; i++)
            {
                var client = await h.ConnectAsync();
                hit.Add((await client.SendAsync(ProxyHarness.Purchase(i + 1))).ResponseCode == "05");
            }

            return [.. hit];
        }

        var first = await RunAsync(11);
        Assert.Equal(first, await RunAsync(11));
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    [Fact]
    public async Task Faults_changed_at_run_time_apply_from_the_next_frame()
    {
        await using var h = await ProxyHarness.StartAsync();
        var client = await h.ConnectAsync(TimeSpan.FromMilliseconds(600));

        Assert.Equal("00", (await client.SendAsync(ProxyHarness.Purchase(1))).ResponseCode);
        Assert.True(h.Faults.Add(new FaultSpec { Name = "x", Kind = FaultKind.Corrupt, Field = 39, Value = "05", Direction = FaultDirection.Downstream }));
        Assert.Equal("05", (await client.SendAsync(ProxyHarness.Purchase(2))).ResponseCode);
        Assert.True(h.Faults.Update(new FaultSpec { Name = "x", Kind = FaultKind.Drop, Direction = FaultDirection.Downstream }));
        await Assert.ThrowsAsync<IsoTimeoutException>(() => client.SendAsync(ProxyHarness.Purchase(3)));
        h.Faults.Reset();
        Assert.Equal("00", (await client.SendAsync(ProxyHarness.Purchase(4))).ResponseCode);

        Assert.Equal(["field 39 set to '05' (was '00')", "dropped"], h.Hits.Select(x => x.Action));
    }

    [Fact]
    public async Task An_unreachable_upstream_closes_the_client_and_the_proxy_keeps_serving()
    {
        await using var upstream = new RawEchoUpstream();
        var dead = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, ((System.Net.IPEndPoint)upstream.EndPoint).Port);
        await upstream.DisposeAsync();
        await using var h = await ProxyHarness.StartAsync(upstream: dead);
        using var cts = TestSupport.Bound();

        for (var i = 0; i < 2; i++)
        {
            var socket = await h.ConnectRawAsync(cts.Token);
            Assert.Empty(await TestSupport.ReadUntilClosedAsync(socket, cts.Token));
        }

        Assert.Equal(2, h.Proxy.UpstreamFailures);
    }
}
