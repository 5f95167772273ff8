using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using PosSim.Host.Web;

namespace PosSim.Host.Serve;

/// <summary>
/// `possim serve --metrics HOST:PORT`: every PosSim meter in Prometheus's text format at http://HOST:PORT/metrics,
/// for Prometheus to scrape (docs/metrics.md).
/// </summary>
internal sealed class MetricsEndpoint : IAsyncDisposable
{
    /// <summary>The meters PosSim publishes; the same names dotnet-counters takes.</summary>
    public static readonly string[] Meters = [SwitchMetrics.MeterName, IssuerMetrics.MeterName, "PosSim.Net", "PosSim.Proxy", "PosSim.Load"];

    private readonly WebApplication _app;

    private MetricsEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where Prometheus scrapes, such as http://127.0.0.1:9464/metrics.</summary>
    public Uri Address { get; }

    public static async Task<MetricsEndpoint> StartAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var (app, address) = await SmallWebHost.StartAsync(endPoint, app => app.MapPrometheusScrapingEndpoint(), cancellationToken,
            services: s => s.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter())).ConfigureAwait(false);
        return new MetricsEndpoint(app, new Uri(address, "metrics"));
    }

    public ValueTask DisposeAsync() => SmallWebHost.StopAsync(_app);
}
