using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using PosSim.Host.Loop;
using PosSim.Host.Web;

namespace PosSim.Host.Serve;

/// <summary>
/// `possim serve --metrics HOST:PORT`: every PosSim meter in Prometheus's text format at http://HOST:PORT/metrics,
/// for Prometheus to scrape (docs/metrics.md), and the core loop's readiness at http://HOST:PORT/health.
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

    /// <param name="health">What /health reports: 200 and "ready" while approving, 503 and the reason otherwise (a failing store, a stopped loop).</param>
    public static async Task<MetricsEndpoint> StartAsync(IPEndPoint endPoint, CancellationToken cancellationToken, Func<LoopHealth>? health = null)
    {
        var (app, address) = await SmallWebHost.StartAsync(endPoint, app =>
            {
                app.MapPrometheusScrapingEndpoint();
                if (health is not null)
                {
                    app.MapGet("/health", () =>
                    {
                        var now = health();
                        return Results.Text($"{now.State}: {now.Detail}\n", "text/plain", statusCode: now.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
                    });
                }
            },
            cancellationToken,
            services: s => s.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter())).ConfigureAwait(false);
        return new MetricsEndpoint(app, new Uri(address, "metrics"));
    }

    public ValueTask DisposeAsync() => SmallWebHost.StopAsync(_app);
}
