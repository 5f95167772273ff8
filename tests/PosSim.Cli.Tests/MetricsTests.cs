using System.Diagnostics.Metrics;
using PosSim.Cli.Tests.Load;
using PosSim.Host.Serve;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>
/// `possim serve --metrics`: after traffic, the scrape endpoint serves the switch's, the issuer's and the transport's
/// instruments in Prometheus's text format; and `possim load` publishes its own while it runs.
/// </summary>
/// <remarks>
/// Alone in its collection: the exporter listens to every meter of the process by name, so another in-process serve
/// running beside it (other test classes) would report its own issuer's counts under the same series.
/// </remarks>
[Collection(nameof(MetricsTests))]
public sealed class MetricsTests() : InProcessServe("possim-metrics-")
{
    internal override ServeOptions Options => new() { Terminals = 2, Durable = false, Metrics = "127.0.0.1:0" };

    [Fact]
    public async Task After_traffic_prometheus_reads_the_switch_issuer_and_transport_counts_and_load_publishes_its_own()
    {
        var sent = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "PosSim.Load")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "possim.load.requests.sent")
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "kind")
                    {
                        lock (sent)
                        {
                            sent[(string)tag.Value!] = sent.GetValueOrDefault((string)tag.Value!) + value;
                        }
                    }
                }
            }
        });
        listener.Start();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var load = await LoadFiles.RunAsync(["--target", Service.EndPoint!.ToString()!, "-p", Data.Sub("provisioned.json"), "--warmup", "0s", "--duration", "1s", "--in-flight", "2", "--json"]).WaitAsync(cts.Token);
        Assert.Equal(0, load.ExitCode);
        listener.Dispose();
        Assert.True(sent.GetValueOrDefault("purchase") > 0, "possim.load.requests.sent{kind=purchase} was not published");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var text = await http.GetStringAsync(Service.MetricsAddress, cts.Token);

        foreach (var name in new[] { "possim_requests_total", "possim_approvals_total", "possim_latency_milliseconds_bucket", "possim_issuer_approvals_total", "possim_net_frames_received_total" })
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
        }

        var approvals = text.Split('\n').First(l => l.StartsWith("possim_issuer_approvals_total", StringComparison.Ordinal));
        Assert.True(double.Parse(approvals.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) > 0, approvals);
    }

    [Fact]
    public void A_metrics_address_that_is_not_one_is_refused_before_serve_starts()
    {
        var result = CliRunner.Run("serve", "--listen", "127.0.0.1:0", "--data", Data.Sub("bad"), "--metrics", "nowhere");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: Serve:Metrics (--metrics, POSSIM_Serve__Metrics): ", result.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>Runs <see cref="MetricsTests"/> with no other test class beside it.</summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsRunAlone;
