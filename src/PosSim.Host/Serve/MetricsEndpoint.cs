using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(endPoint);
            o.AddServerHeader = false;
        });
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return new MetricsEndpoint(app, new Uri((bound ?? $"http://{endPoint}").TrimEnd('/') + "/metrics"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
