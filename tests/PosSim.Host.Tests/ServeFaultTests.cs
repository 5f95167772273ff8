using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PosSim.Host.Serve;
using PosSim.Tests.Shared;

namespace PosSim.Host.Tests;

/// <summary>`possim serve` when its core loop fails: the process is told to stop and the failure is kept for the exit code.</summary>
public sealed class ServeFaultTests : IDisposable
{
    private readonly TempFolder _data = new("possim-serve-fault-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_loop_fault_stops_the_application_and_is_logged_once_as_critical()
    {
        var lifetime = new RecordingLifetime();
        var outcome = new ServeOutcome();
        var logs = new RecordingLoggerFactory();
        var service = new AcquirerService(new ServeOptions { Listen = "127.0.0.1:0", Data = _data.Path, Durable = false, Terminals = 1, Cards = 1 },
            TextWriter.Null, logs, lifetime, outcome);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await service.StartAsync(cts.Token);
        try
        {
            service.Loop!.Post(_ => throw new InvalidOperationException("the ledger's books do not balance"));
            await lifetime.Stopped.Task.WaitAsync(cts.Token);

            Assert.IsType<InvalidOperationException>(outcome.Fault);
            Assert.Single(logs.Entries, e => e.Level == LogLevel.Critical && e.Message.Contains("the ledger's books do not balance", StringComparison.Ordinal));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopped.TrySetResult();
    }
}
