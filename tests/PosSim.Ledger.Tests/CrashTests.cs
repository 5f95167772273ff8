using System.Diagnostics;
using PosSim.Ledger.CrashHost;
using PosSim.Ledger.Storage;
using Xunit.Abstractions;

namespace PosSim.Ledger.Tests;

/// <summary>
/// A child process posts transfers to a SQLite ledger and is killed with SIGKILL at random moments;
/// after each kill the store must hold every acknowledged transfer exactly once, rebuild cleanly and
/// keep its invariants. 20 kills by default; set POSSIM_SOAK=1 for 300.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Acknowledged_transfers_survive_sigkill_exactly_once()
    {
        bool soak = Environment.GetEnvironmentVariable("POSSIM_SOAK") == "1";
        int kills = soak ? 300 : 20;
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var acknowledged = new HashSet<UInt128>();
        int killedAfterReady = 0;

        for (int run = 0; run < kills; run++)
        {
            // Alternate the durability modes: NORMAL is the one whose process-crash safety is worth checking.
            string durability = run % 2 == 0 ? "normal" : "full";
            var (lines, wasReady) = await RunAndKillAsync(run, durability, random);
            killedAfterReady += wasReady ? 1 : 0;
            foreach (var line in lines)
            {
                Assert.False(line.StartsWith("retry-bad", StringComparison.Ordinal) || line.StartsWith("error", StringComparison.Ordinal), $"seed {seed} run {run}: {line}");

                // A line cut short by the kill lacks its " ." terminator and proves nothing.
                if (line.StartsWith("ack ", StringComparison.Ordinal) && line.EndsWith(" .", StringComparison.Ordinal))
                {
                    acknowledged.Add(UInt128.Parse(line.AsSpan(4, line.Length - 6), System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            Verify(acknowledged, $"seed {seed} run {run} ({durability})");
        }

        output.WriteLine($"seed {seed}: {kills} kills ({killedAfterReady} while posting), {acknowledged.Count} acknowledged transfers verified");
        Assert.True(killedAfterReady > kills / 2, "most kills should land while the child is posting");
        Assert.NotEmpty(acknowledged);
    }

    private async Task<(List<string> Lines, bool Ready)> RunAndKillAsync(int run, string durability, Random random)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No diagnostics IPC: a SIGKILLed runtime would leave its debug pipes and socket behind in /tmp.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PosSim.Ledger.CrashHost.dll"));
        start.ArgumentList.Add(_db.Path);
        start.ArgumentList.Add(run.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(durability);
        start.ArgumentList.Add("1");

        using var child = Process.Start(start)!;
        var lines = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            while (child.StandardOutput.ReadLine() is { } line)
            {
                lines.Add(line);
                if (line == "ready .")
                {
                    ready.TrySetResult();
                }
            }

            ready.TrySetResult();
        });
        var errors = child.StandardError.ReadToEndAsync();

        // Mostly kill while it posts; sometimes anywhere, including while it rebuilds or creates accounts.
        if (random.Next(5) == 0)
        {
            await Task.Delay(random.Next(0, 400));
        }
        else
        {
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
            await Task.Delay(random.Next(0, 150));
        }

        bool exitedOnItsOwn = child.HasExited;
        if (!exitedOnItsOwn)
        {
            child.Kill(); // SIGKILL on Linux: no finalisers, no flush, no goodbye.
        }

        await child.WaitForExitAsync();
        await reader;
        Assert.False(exitedOnItsOwn, $"the child exited by itself (code {child.ExitCode}): {await errors}");
        return (lines, lines.Contains("ready ."));
    }

    private void Verify(HashSet<UInt128> acknowledged, string context)
    {
        using var store = new SqliteLedgerStore(_db.Path);
        var counter = new IdCounter();
        store.Load(counter);
        var duplicate = counter.Counts.FirstOrDefault(kv => kv.Value > 1);
        Assert.True(duplicate.Value == 0, $"{context}: transfer {duplicate.Key} is stored {duplicate.Value} times");

        // Rebuild checks the deep invariants itself and throws if the store is corrupt.
        var ledger = Ledger.Rebuild(store, TimeProvider.System);
        Assert.True(ledger.GetTotals().IsBalanced, context);
        foreach (var id in acknowledged)
        {
            Assert.True(counter.Counts.GetValueOrDefault(id) == 1, $"{context}: acknowledged transfer {id} is missing");
            Assert.True(ledger.TryGetTransfer(id, out var stored));
            var sent = CrashWorkload.For(id);
            Assert.Equal(sent.Flags, stored.Flags);
            Assert.Equal(sent.PendingId, stored.PendingId);
            if ((sent.Flags & (TransferFlags.PostPending | TransferFlags.VoidPending)) == 0)
            {
                Assert.Equal((sent.DebitAccountId, sent.CreditAccountId, sent.Amount), (stored.DebitAccountId, stored.CreditAccountId, stored.Amount));
            }
        }
    }

    private sealed class IdCounter : ILedgerReplayTarget
    {
        public Dictionary<UInt128, int> Counts { get; } = [];

        public void Account(in AccountRecord account)
        {
        }

        public void Transfer(in Transfer transfer) => Counts[transfer.Id] = Counts.GetValueOrDefault(transfer.Id) + 1;

        public void Expiry(in ExpiryRecord expiry)
        {
        }
    }

    private static string DotnetHost()
    {
        // Under `dotnet test` the test host runs on the same dotnet; fall back to PATH otherwise.
        string? path = Environment.ProcessPath;
        return path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }
}
