using System.Diagnostics.Metrics;
using PosSim.Net.Client;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Net.Tests.Proxy;

/// <summary>The proxy publishes what it did (meter PosSim.Proxy): frames each way, connections, and each fault applied by kind.</summary>
public sealed class ProxyMetricsTests
{
    [Fact]
    public async Task Frames_connections_and_applied_faults_are_counted_by_direction_and_kind()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "PosSim.Proxy")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                key += $"|{tag.Key}={tag.Value}";
            }

            lock (counts)
            {
                counts[key] = counts.GetValueOrDefault(key) + value;
            }
        });
        listener.Start();

        // Other tests run proxies at the same time and the meter is the process's: count at least what this one did.
        await using (var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "lose-2", Kind = FaultKind.Drop, Direction = FaultDirection.Downstream, Match = new MessageMatch { Stan = 2 } }]))
        {
            // Answered requests get time to spare on a busy machine; only the one whose answer is dropped waits briefly.
            var client = await h.ConnectAsync(TimeSpan.FromSeconds(10));
            await client.SendAsync(ProxyHarness.Purchase(1));
            await Assert.ThrowsAsync<IsoTimeoutException>(() => client.SendAsync(ProxyHarness.Purchase(2), TimeSpan.FromMilliseconds(700)));
            await client.SendAsync(ProxyHarness.Purchase(3));
        }

        listener.Dispose();
        lock (counts)
        {
            Assert.True(counts.GetValueOrDefault("possim.proxy.frames|direction=upstream") >= 3, string.Join(", ", counts));
            Assert.True(counts.GetValueOrDefault("possim.proxy.frames|direction=downstream") >= 3, string.Join(", ", counts));
            Assert.True(counts.GetValueOrDefault("possim.proxy.connections") >= 1, string.Join(", ", counts));
            Assert.True(counts.GetValueOrDefault("possim.proxy.faults_applied|kind=drop") >= 1, string.Join(", ", counts));
        }
    }
}
