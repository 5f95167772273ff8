using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace PosSim.Net.Tests;

public class MetricsTests
{
    [Fact]
    public async Task Frames_and_connections_are_counted_on_the_PosSim_Net_meter_by_role()
    {
        using var cts = TestSupport.Bound();
        var seen = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "PosSim.Net")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "possim.net.role")
                {
                    seen.AddOrUpdate($"{instrument.Name}/{tag.Value}", value, (_, v) => v + value);
                }
            }
        });
        listener.Start();

        await using (var server = await TestSupport.StartServerAsync(TestSupport.Approve()))
        {
            await using var client = await TestSupport.ConnectAsync(server, ct: cts.Token);
            await client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token);
        }

        // Other tests run in parallel and feed the same meter, so only lower bounds hold.
        Assert.True(seen.GetValueOrDefault("possim.net.frames.received/server") >= 1);
        Assert.True(seen.GetValueOrDefault("possim.net.frames.sent/server") >= 1);
        Assert.True(seen.GetValueOrDefault("possim.net.frames.received/client") >= 1);
        Assert.True(seen.GetValueOrDefault("possim.net.connections.opened/server") >= 1);
        Assert.True(seen.GetValueOrDefault("possim.net.connections.opened/client") >= 1);
    }
}
