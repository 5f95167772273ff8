using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Host.Serve;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>
/// A test class whose tests talk to `possim serve` running in this process on a free loopback port, with its data in a
/// temp folder: started before each test, stopped (answering what is in flight) after it.
/// </summary>
public abstract class InProcessServe(string folderPrefix) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private protected TempFolder Data { get; } = new(folderPrefix);

    internal AcquirerService Service { get; private set; } = null!;

    /// <summary>The server's settings; Listen and Data are set to a free port and <see cref="Data"/>.</summary>
    internal abstract ServeOptions Options { get; }

    public async Task InitializeAsync()
    {
        var options = Options;
        options.Listen = "127.0.0.1:0";
        options.Data = Data.Path;
        Service = new AcquirerService(options, TextWriter.Null, NullLoggerFactory.Instance);
        using var cts = new CancellationTokenSource(Patience);
        await Service.StartAsync(cts.Token);
    }

    public async Task DisposeAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        await Service.StopAsync(cts.Token);
        Data.Dispose();
    }
}
