using Microsoft.Extensions.Hosting;

namespace PosSim.Host.Web;

/// <summary>
/// A host lifetime that listens to no signal, for the small web hosts a command starts beside its own work (the
/// proxy's fault API, serve's metrics): the command owns Ctrl+C and SIGTERM and stops them itself.
/// </summary>
internal sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
