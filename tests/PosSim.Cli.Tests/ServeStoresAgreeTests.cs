using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Cli.Tests.Load;
using PosSim.Host.Serve;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>A transaction log with approvals beside a ledger that lost them is refused at start, with the reason, instead of a fresh ledger.</summary>
public sealed class ServeStoresAgreeTests
{
    [Fact]
    public async Task A_lost_ledger_beside_an_old_transaction_log_is_refused_with_what_to_do()
    {
        using var data = new TempFolder("possim-stores-agree-");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await LoseTheLedgerAfterPurchasesAsync(data, cts.Token);

        var second = new AcquirerService(new ServeOptions { Listen = "127.0.0.1:0", Data = data.Path, Terminals = 1, Cards = 4 }, TextWriter.Null, NullLoggerFactory.Instance);
        var refused = await Assert.ThrowsAsync<PosSim.Host.Stores.StoreRefusedException>(() => second.StartAsync(cts.Token));
        await second.DisposeAsync();

        Assert.Contains("holds no transfer, but", refused.Message, StringComparison.Ordinal);
        Assert.Contains("the ledger was lost or replaced. Restore ledger.db from its backup, or start on an empty --data folder", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Possim_serve_on_a_lost_ledger_exits_2_with_one_line_and_no_stack_trace()
    {
        using var data = new TempFolder("possim-stores-agree-");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await LoseTheLedgerAfterPurchasesAsync(data, cts.Token);

        var refused = CliRunner.Run("serve", "--listen", "127.0.0.1:0", "--data", data.Path, "--terminals", "1", "--cards", "4");

        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("the ledger was lost or replaced", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A second of purchases through serve, then ledger.db deleted: the transaction log holds approvals the ledger no longer has.</summary>
    private static async Task LoseTheLedgerAfterPurchasesAsync(TempFolder data, CancellationToken ct)
    {
        var first = new AcquirerService(new ServeOptions { Listen = "127.0.0.1:0", Data = data.Path, Terminals = 1, Cards = 4 }, TextWriter.Null, NullLoggerFactory.Instance);
        await first.StartAsync(ct);
        var load = await LoadFiles.RunAsync(["--target", first.EndPoint!.ToString()!, "-p", data.Sub("provisioned.json"), "--warmup", "0s", "--duration", "1s", "--rate", "50", "--mix", "purchase=1", "--json"]).WaitAsync(ct);
        Assert.Equal(0, load.ExitCode);
        await first.StopAsync(ct);
        foreach (var file in Directory.GetFiles(data.Path, "ledger.db*"))
        {
            File.Delete(file);
        }
    }
}
