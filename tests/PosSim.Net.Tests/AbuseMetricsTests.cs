using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using PosSim.Net.Server;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

/// <summary>Every refusal, deadline close and shed request is counted on the PosSim.Net meter, with its reason.</summary>
public class AbuseMetricsTests
{
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Refusals_deadline_closes_and_shed_requests_are_counted_by_reason()
    {
        using var cts = TestSupport.Bound();
        var seen = new ConcurrentDictionary<string, long>();
        using var listener = Listen(seen);

        // Refused: one beyond the per-address limit, then one beyond the server's capacity.
        await using (var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o =>
        {
            o.MaxConnectionsPerAddress = 1;
            o.FirstMessageTimeout = Timeout.InfiniteTimeSpan;
        }))
        {
            using var held = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);
            await Poll.UntilAsync(() => server.ActiveConnections == 1, "the first connection", cts.Token);
            Assert.True(await AbuseSupport.ConnectAndSeeClosedAsync(server.EndPoint, Watch, cts.Token));
        }

        await using (var full = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o =>
        {
            o.MaxConnections = 1;
            o.FirstMessageTimeout = Timeout.InfiniteTimeSpan;
        }))
        {
            using var held = await TestSupport.ConnectRawAsync(full.EndPoint, cts.Token);
            await Poll.UntilAsync(() => full.ActiveConnections == 1, "the only place taken", cts.Token);
            Assert.True(await AbuseSupport.ConnectAndSeeClosedAsync(full.EndPoint, Watch, cts.Token));
        }

        // Closed: one silent past the first-message timeout, one stuck inside a frame past the frame timeout.
        await using (var strict = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o =>
        {
            // The frame deadline well inside the first-message one, so the stuck connection is closed for its frame.
            o.FirstMessageTimeout = TimeSpan.FromSeconds(2);
            o.FrameTimeout = TimeSpan.FromMilliseconds(300);
        }))
        {
            using var silent = await TestSupport.ConnectRawAsync(strict.EndPoint, cts.Token);
            Assert.True(await AbuseSupport.SeesCloseAsync(silent, Watch, cts.Token));

            using var stuck = await TestSupport.ConnectRawAsync(strict.EndPoint, cts.Token);
            await stuck.SendAsync(new byte[] { 0x00, 0x40, 0x30 }, SocketFlags.None, cts.Token);
            Assert.True(await AbuseSupport.SeesCloseAsync(stuck, Watch, cts.Token));
            Assert.Equal((1, 1), (strict.Stats.FirstMessageTimeouts, strict.Stats.FrameTimeouts));
        }

        // Shed: a second request while the bound of one is held by a slow handler.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new DelegateRequestHandler(async (request, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return TestSupport.Approved(request);
        });
        await using (var busy = await TestSupport.StartServerAsync(slow, configure: o => o.MaxPendingRequests = 1))
        {
            await using var client = await TestSupport.ConnectAsync(busy, ct: cts.Token);
            var waiting = client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token);
            await Poll.UntilAsync(() => busy.PendingRequests == 1, "one request held", cts.Token);
            Assert.Equal("96", (await client.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token)).ResponseCode);
            gate.SetResult();
            await waiting;
        }

        // Other tests run in parallel and feed the same meter, so only lower bounds hold.
        Assert.True(seen.GetValueOrDefault("possim.net.connections.refused/per-address") >= 1);
        Assert.True(seen.GetValueOrDefault("possim.net.connections.refused/capacity") >= 1);
        Assert.True(seen.GetValueOrDefault("possim.net.connections.rejected/") >= 1);
        Assert.True(seen.GetValueOrDefault("possim.net.connections.closed/first-message-timeout") >= 1);
        Assert.True(seen.GetValueOrDefault("possim.net.connections.closed/frame-timeout") >= 1);
        Assert.True(seen.GetValueOrDefault("possim.net.requests.shed/") >= 1);
    }

    /// <summary>Adds up the server's PosSim.Net measurements by instrument and reason ("name/reason", the reason empty when untagged).</summary>
    private static MeterListener Listen(ConcurrentDictionary<string, long> seen)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "PosSim.Net")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? role = null;
            var reason = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "possim.net.role")
                {
                    role = tag.Value as string;
                }
                else if (tag.Key == "reason")
                {
                    reason = tag.Value as string ?? "";
                }
            }

            if (role == "server")
            {
                seen.AddOrUpdate($"{instrument.Name}/{reason}", value, (_, v) => v + value);
            }
        });
        listener.Start();
        return listener;
    }
}
