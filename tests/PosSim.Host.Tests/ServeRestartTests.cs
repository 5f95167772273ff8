using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Host.Serve;
using PosSim.Host.Stores;
using PosSim.Iso8583;
using PosSim.Net.Client;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Host.Tests;

/// <summary>
/// `possim serve` stopped and started again on the same data folder: what was answered is in the stores, and the
/// restarted server rebuilds from them (duplicate window, originals, sequences), or refuses stores that disagree.
/// </summary>
public sealed class ServeRestartTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _data = new("possim-restart-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_purchase_replayed_after_a_restart_is_answered_as_a_duplicate_and_takes_no_second_hold()
    {
        var purchase = await WithServeAsync(async (client, provisioned) =>
        {
            var request = Terminal(provisioned).Purchase(Card(provisioned), 123_45, DateTimeOffset.Now);
            Assert.Equal(ResponseCodes.Approved, (await client.SendAsync(request)).ResponseCode);
            return request;
        });

        var replay = await WithServeAsync((client, _) => client.SendAsync(purchase));

        Assert.Equal(ResponseCodes.Duplicate, replay.ResponseCode);
        Assert.Equal(1, HoldsOf(123_45));
    }

    [Fact]
    public async Task A_purchase_approved_before_a_restart_is_voided_after_it_and_new_rrns_and_approval_codes_never_repeat_old_ones()
    {
        var (before, first) = await WithServeAsync(async (client, provisioned) =>
        {
            var terminal = Terminal(provisioned);
            var answers = new List<IsoMessage>();
            for (var i = 0; i < 5; i++)
            {
                answers.Add(await client.SendAsync(terminal.Purchase(Card(provisioned), 10_00 + i, DateTimeOffset.Now)));
            }

            return (answers, answers[0]);
        });

        var after = await WithServeAsync(async (client, provisioned) =>
        {
            var terminal = new TerminalMessages(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId, firstStan: 100);
            var answers = new List<IsoMessage> { await client.SendAsync(terminal.Void(Card(provisioned), 10_00, first.Rrn!, DateTimeOffset.Now)) };
            for (var i = 0; i < 5; i++)
            {
                answers.Add(await client.SendAsync(terminal.Purchase(Card(provisioned), 20_00 + i, DateTimeOffset.Now)));
            }

            return answers;
        });

        Assert.All(before.Concat(after), a => Assert.Equal(ResponseCodes.Approved, a.ResponseCode));
        var rrns = before.Concat(after).Select(a => a.Rrn!).ToList();
        var codes = before.Concat(after.Skip(1)).Select(a => a.AuthCode!).ToList();
        Assert.Equal(rrns.Count, rrns.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(11, TranlogRows());
    }

    [Fact]
    public async Task A_batch_closed_before_a_restart_stays_closed_and_the_next_one_balances_on_its_own()
    {
        var closed = await WithServeAsync(async (client, provisioned) =>
        {
            var terminal = Terminal(provisioned);
            await client.SendAsync(terminal.Purchase(Card(provisioned), 10_00, DateTimeOffset.Now));
            return await client.SendAsync(terminal.BatchTotals(1, 10_00, 0, 0, DateTimeOffset.Now));
        });

        var next = await WithServeAsync(async (client, provisioned) =>
        {
            var terminal = new TerminalMessages(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId, firstStan: 200);
            await client.SendAsync(terminal.Purchase(Card(provisioned), 5_00, DateTimeOffset.Now));
            return await client.SendAsync(terminal.BatchTotals(1, 5_00, 0, 0, DateTimeOffset.Now));
        });

        Assert.Equal(ResponseCodes.Approved, closed.ResponseCode);
        Assert.Equal(ResponseCodes.Approved, next.ResponseCode); // batch 2 holds only the purchase after the restart
    }

    [Fact]
    public async Task A_tranlog_older_than_the_ledger_is_refused_at_start_with_the_reason()
    {
        await WithServeAsync(async (client, provisioned) => await client.SendAsync(Terminal(provisioned).Purchase(Card(provisioned), 1_00, DateTimeOffset.Now)));
        var old = _data.Sub("tranlog.old");
        File.Copy(_data.Sub("tranlog.db"), old);
        await WithServeAsync(async (client, provisioned) =>
        {
            // Several turns: a copy one turn behind is what a crash between the two commits leaves, and is rolled forward.
            var terminal = new TerminalMessages(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId, firstStan: 50);
            for (var i = 0; i < 3; i++)
            {
                await client.SendAsync(terminal.Purchase(Card(provisioned), 2_00 + i, DateTimeOffset.Now));
            }

            return 0;
        });
        File.Copy(old, _data.Sub("tranlog.db"), overwrite: true); // restored from an older backup

        var refused = await Assert.ThrowsAsync<StoreRefusedException>(() => WithServeAsync((_, _) => Task.FromResult(0)));

        Assert.Contains("tranlog.db is older than", refused.Message, StringComparison.Ordinal);
        Assert.Contains("the transaction log was lost or replaced", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_tranlog_is_refused_at_start_with_what_quick_check_found()
    {
        await WithServeAsync(async (client, provisioned) =>
        {
            var terminal = Terminal(provisioned);
            for (var i = 0; i < 200; i++)
            {
                await client.SendAsync(terminal.Purchase(Card(provisioned), 1_00 + i, DateTimeOffset.Now));
            }

            return 0;
        });
        Damage(_data.Sub("tranlog.db"));

        var refused = await Assert.ThrowsAsync<StoreRefusedException>(() => WithServeAsync((_, _) => Task.FromResult(0)));

        Assert.Contains("tranlog.db is damaged", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Restore it from its backup", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_switch_in_front_of_a_remote_issuer_refuses_a_replay_after_its_restart_and_numbers_on()
    {
        using var issuerData = new TempFolder("possim-restart-issuer-");
        using var cts = new CancellationTokenSource(Patience);
        var issuer = new AcquirerService(new ServeOptions { Role = "issuer", Listen = "127.0.0.1:0", Data = issuerData.Path, Terminals = 1, Cards = 4 },
            TextWriter.Null, NullLoggerFactory.Instance);
        await issuer.StartAsync(cts.Token);
        try
        {
            var switchOptions = new ServeOptions { Role = "switch", Issuer = issuer.EndPoint!.ToString(), Listen = "127.0.0.1:0", Data = _data.Path, Terminals = 1, Cards = 4 };
            var (purchase, first) = await WithServeAsync(switchOptions, async (client, provisioned) =>
            {
                var request = Terminal(provisioned).Purchase(Card(provisioned), 77_00, DateTimeOffset.Now);
                return (request, await client.SendAsync(request));
            });

            var (replay, next) = await WithServeAsync(switchOptions, async (client, provisioned) =>
            {
                var again = await client.SendAsync(purchase);
                var terminal = new TerminalMessages(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId, firstStan: 300);
                return (again, await client.SendAsync(terminal.Purchase(Card(provisioned), 78_00, DateTimeOffset.Now)));
            });

            Assert.Equal(ResponseCodes.Approved, first.ResponseCode);
            Assert.Equal(ResponseCodes.Duplicate, replay.ResponseCode);
            Assert.Equal(ResponseCodes.Approved, next.ResponseCode);
            Assert.NotEqual(first.Rrn, next.Rrn);
            Assert.NotEqual(first.AuthCode, next.AuthCode);
        }
        finally
        {
            await issuer.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Overwrites the middle of every page after the first (the header stays): the b-tree pages no longer add up.</summary>
    private static void Damage(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        const int page = 4096;
        var noise = new byte[512];
        new Random(7).NextBytes(noise);
        for (long at = page + 100; at + noise.Length < file.Length; at += page)
        {
            file.Position = at;
            file.Write(noise);
        }
    }

    private Task<T> WithServeAsync<T>(Func<IsoClient, Provisioning, Task<T>> work) =>
        WithServeAsync(new ServeOptions { Listen = "127.0.0.1:0", Data = _data.Path, Terminals = 1, Cards = 4 }, work);

    private async Task<T> WithServeAsync<T>(ServeOptions options, Func<IsoClient, Provisioning, Task<T>> work)
    {
        using var cts = new CancellationTokenSource(Patience);
        var service = new AcquirerService(options, TextWriter.Null, NullLoggerFactory.Instance);
        try
        {
            await service.StartAsync(cts.Token);
            var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(_data.Sub("provisioned.json"), cts.Token));
            await using var client = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = service.EndPoint!, DefaultTimeout = TimeSpan.FromSeconds(20) }, cts.Token);
            return await work(client, provisioned).WaitAsync(cts.Token);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static TerminalMessages Terminal(Provisioning provisioned) => new(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId);

    private static CardRead Card(Provisioning provisioned) => new(provisioned.Cards[0].Pan, provisioned.Cards[0].Expiry);

    private int HoldsOf(long amount)
    {
        using var store = new Ledger.Storage.SqliteLedgerStore(_data.Sub("ledger.db"));
        var ledger = Ledger.Ledger.Rebuild(store, TimeProvider.System);
        return ledger.GetTransfers().Count(t => (t.Flags & Ledger.TransferFlags.Pending) != 0 && t.Amount == amount);
    }

    private long TranlogRows()
    {
        using var db = new SqliteConnection($"Data Source={_data.Sub("tranlog.db")};Pooling=false");
        db.Open();
        using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM tranlog";
        return (long)count.ExecuteScalar()!;
    }
}
