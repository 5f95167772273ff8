using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Host.Serve;
using PosSim.Iso8583;
using PosSim.Net.Client;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;
using SQLitePCL;

namespace PosSim.Host.Tests;

/// <summary>
/// `possim serve` when its disk fills up (ledger.db capped with SQLite's max_page_count, which fails a commit with
/// SQLITE_FULL as a full disk does): nothing unstored is approved, the rest is answered 96, and when space comes
/// back the server approves again by itself.
/// </summary>
public sealed class ServeDiskFullTests : IDisposable
{
    private readonly TempFolder _data = new("possim-disk-full-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_full_disk_holds_the_unstored_approval_answers_96_meanwhile_and_approves_again_once_space_is_freed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var service = new AcquirerService(new ServeOptions { Listen = "127.0.0.1:0", Data = _data.Path, Terminals = 1, Cards = 4 }, TextWriter.Null, NullLoggerFactory.Instance);
        await service.StartAsync(cts.Token);
        try
        {
            var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(_data.Sub("provisioned.json"), cts.Token));
            await using var client = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = service.EndPoint!, DefaultTimeout = TimeSpan.FromSeconds(60) }, cts.Token);
            var terminal = new TerminalMessages(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId);
            var card = new CardRead(provisioned.Cards[0].Pan, provisioned.Cards[0].Expiry);
            Assert.Equal(ResponseCodes.Approved, (await client.SendAsync(terminal.Purchase(card, 1_00, DateTimeOffset.Now), cancellationToken: cts.Token)).ResponseCode);

            // The disk is full: the file may not grow by a single page.
            Exec(service, "PRAGMA max_page_count = " + Scalar(service, "PRAGMA page_count"));
            Task<IsoMessage>? held = null;
            for (var amount = 2_00; held is null; amount++)
            {
                var sending = client.SendAsync(terminal.Purchase(card, amount, DateTimeOffset.Now), cancellationToken: cts.Token);
                while (!sending.IsCompleted && service.Loop!.Health.IsReady)
                {
                    await Task.Delay(10, cts.Token);
                }

                held = sending.IsCompleted ? null : sending; // answered: it still fitted; otherwise its commit failed
            }

            var meanwhile = await client.SendAsync(terminal.Purchase(card, 9_99, DateTimeOffset.Now), cancellationToken: cts.Token);
            Assert.Equal("store-failing", service.Loop!.Health.State);
            Assert.Equal(ResponseCodes.SystemError, meanwhile.ResponseCode);
            Assert.False(held.IsCompleted);

            Exec(service, "PRAGMA max_page_count = 1073741823"); // space freed
            var heldAnswer = await held;
            var after = await client.SendAsync(terminal.Purchase(card, 10_01, DateTimeOffset.Now), cancellationToken: cts.Token);

            Assert.Equal(ResponseCodes.Approved, heldAnswer.ResponseCode);
            Assert.Equal(ResponseCodes.Approved, after.ResponseCode);
            Assert.True(service.Loop.Health.IsReady);
            Assert.Null(service.Fault);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        using var store = new Ledger.Storage.SqliteLedgerStore(_data.Sub("ledger.db"));
        var ledger = Ledger.Ledger.Rebuild(store, TimeProvider.System);
        Assert.DoesNotContain(ledger.GetTransfers(), t => t.Amount == 9_99); // answered 96: no hold
        Assert.Contains(ledger.GetTransfers(), t => t.Amount == 10_01);
    }

    private static void Exec(AcquirerService service, string sql) =>
        service.LedgerStore!.Use(db => raw.sqlite3_exec(db, sql));

    private static long Scalar(AcquirerService service, string sql) =>
        service.LedgerStore!.Use(db =>
        {
            raw.sqlite3_prepare_v2(db, sql, out var statement);
            using (statement)
            {
                raw.sqlite3_step(statement);
                return raw.sqlite3_column_int64(statement, 0);
            }
        });
}
