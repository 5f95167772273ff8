using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PosSim.Host.Web;

/// <summary>
/// The small HTTP hosts a command runs beside its own work (the proxy's fault API, serve's metrics): Kestrel on one
/// address, no logging of its own, no server header, and no hold on Ctrl+C or SIGTERM, which the command keeps.
/// </summary>
internal static class SmallWebHost
{
    /// <summary>Starts the host and returns it with the address it bound (the port filled in when 0 was asked).</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(
        IPEndPoint endPoint, Action<WebApplication> map, CancellationToken cancellationToken,
        Action<IServiceCollection>? services = null, Action<KestrelServerOptions>? kestrel = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(endPoint);
            o.AddServerHeader = false;
            kestrel?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return (app, new Uri((bound ?? $"http://{endPoint}").TrimEnd('/') + "/"));
    }

    public static async ValueTask StopAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
