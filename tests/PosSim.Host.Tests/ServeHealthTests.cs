using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Host.Serve;
using PosSim.Tests.Shared;

namespace PosSim.Host.Tests;

/// <summary>`possim serve --metrics`: /health beside /metrics says whether the server is approving, and why not.</summary>
public sealed class ServeHealthTests : IDisposable
{
    private readonly TempFolder _data = new("possim-health-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Health_is_200_ready_while_approving_and_503_with_the_reason_once_the_loop_stopped()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var service = new AcquirerService(new ServeOptions { Listen = "127.0.0.1:0", Metrics = "127.0.0.1:0", Data = _data.Path, Terminals = 1, Cards = 1 },
            TextWriter.Null, NullLoggerFactory.Instance);
        await service.StartAsync(cts.Token);
        try
        {
            using var http = new HttpClient();
            var health = new Uri(service.MetricsAddress!, "/health");
            using var ready = await http.GetAsync(health, cts.Token);
            var readyText = await ready.Content.ReadAsStringAsync(cts.Token);

            service.Loop!.Post(_ => throw new InvalidOperationException("the books do not balance"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => service.Loop.Completion.WaitAsync(cts.Token));
            using var stopped = await http.GetAsync(health, cts.Token);
            var stoppedText = await stopped.Content.ReadAsStringAsync(cts.Token);

            Assert.Equal((200, "ready: approving\n"), ((int)ready.StatusCode, readyText));
            Assert.Equal(503, (int)stopped.StatusCode);
            Assert.StartsWith("stopped: the core loop stopped (the books do not balance)", stoppedText, StringComparison.Ordinal);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
