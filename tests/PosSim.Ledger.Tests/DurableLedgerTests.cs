using Microsoft.Extensions.Time.Testing;
using PosSim.Ledger.Storage;
using static PosSim.Ledger.Tests.TestLedger;

namespace PosSim.Ledger.Tests;

public sealed class DurableLedgerTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private DurableLedger Open() => DurableLedger.Open(new SqliteLedgerStore(_db.Path), _clock);

    private static async Task CreateAccountsAsync(DurableLedger ledger)
    {
        Assert.Equal(LedgerResult.Ok, await ledger.CreateAccountAsync(new AccountRequest(Alice, LedgerKind.Issuer, Cny, AccountFlags.NoOverdraft)));
        Assert.Equal(LedgerResult.Ok, await ledger.CreateAccountAsync(new AccountRequest(Scheme, LedgerKind.Scheme, Cny, AccountFlags.AllowNegative)));
        Assert.Equal(LedgerResult.Ok, await ledger.CreateAccountAsync(new AccountRequest(Merchant, LedgerKind.Acquirer, Cny, AccountFlags.AllowNegative)));
    }

    [Fact]
    public async Task An_acknowledged_transfer_is_in_the_store_when_the_ledger_reopens()
    {
        using (var ledger = Open())
        {
            await CreateAccountsAsync(ledger);
            Assert.Equal(LedgerResult.Ok, await ledger.SubmitAsync(TransferRequest.Single(1, Scheme, Alice, 1_000, Cny)));
            Assert.Equal(LedgerResult.Ok, await ledger.SubmitAsync(TransferRequest.Hold(2, Alice, Merchant, 400, Cny, TimeSpan.FromMinutes(5))));
            Assert.Equal(LedgerResult.Ok, await ledger.FreezeAccountAsync(Merchant));
        }

        using (var ledger = Open())
        {
            Assert.True(ledger.TryGetBalance(Alice, out var alice));
            Assert.Equal(new AccountBalance(0, 1_000, 400, 0), alice);
            Assert.True(ledger.TryGetAccount(Merchant, out var merchant));
            Assert.Equal(AccountFlags.AllowNegative | AccountFlags.Frozen, merchant.Flags);
            Assert.Equal(LedgerResult.Exists, await ledger.SubmitAsync(TransferRequest.Single(1, Scheme, Alice, 1_000, Cny)));
            Assert.Equal(LedgerResult.Ok, await ledger.SubmitAsync(TransferRequest.Void(3, 2)));
        }
    }

    [Fact]
    public async Task A_batch_reports_one_result_per_request_and_applies_linked_chains_atomically()
    {
        using var ledger = Open();
        await CreateAccountsAsync(ledger);
        TransferRequest[] batch =
        [
            TransferRequest.Single(1, Scheme, Alice, 1_000, Cny),
            TransferRequest.Single(2, Alice, Merchant, 600, Cny).AsLinked(),
            TransferRequest.Single(3, Alice, Merchant, 600, Cny),
            TransferRequest.Single(4, Alice, Merchant, 600, Cny),
        ];
        var results = new LedgerResult[batch.Length];
        await ledger.SubmitAsync(batch, results);
        Assert.Equal([LedgerResult.Ok, LedgerResult.LinkedEventFailed, LedgerResult.InsufficientFunds, LedgerResult.Ok], results);
        Assert.True(ledger.TryGetBalance(Merchant, out var merchant));
        Assert.Equal(600, merchant.Posted);
    }

    [Fact]
    public async Task Concurrent_callers_are_grouped_and_every_transfer_lands_once()
    {
        using (var ledger = Open())
        {
            await CreateAccountsAsync(ledger);
            var callers = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
            {
                for (int i = 0; i < 200; i++)
                {
                    var id = (UInt128)(10_000 + (c * 1_000) + i);
                    Assert.Equal(LedgerResult.Ok, await ledger.SubmitAsync(TransferRequest.Single(id, Scheme, Merchant, 1, Cny)));
                }
            }));
            await Task.WhenAll(callers);
            Assert.Equal(1_600, ledger.GetTotals().CreditsPosted);
            Assert.Empty(ledger.CheckInvariants(deep: true));
        }

        using (var reopened = Open())
        {
            Assert.True(reopened.TryGetBalance(Merchant, out var merchant));
            Assert.Equal(1_600, merchant.Posted);
        }
    }

    [Fact]
    public async Task Expiries_are_committed_too()
    {
        using (var ledger = Open())
        {
            await CreateAccountsAsync(ledger);
            await ledger.SubmitAsync(TransferRequest.Single(1, Scheme, Alice, 1_000, Cny));
            await ledger.SubmitAsync(TransferRequest.Hold(2, Alice, Merchant, 400, Cny, TimeSpan.FromMinutes(5)));
            _clock.Advance(TimeSpan.FromMinutes(6));
            await ledger.ExpireDueAsync();
        }

        using (var reopened = Open())
        {
            Assert.True(reopened.TryGetTransfer(2, out var hold));
            Assert.Equal(TransferStatus.Expired, hold.Status);
        }
    }

    [Fact]
    public async Task When_the_store_fails_the_command_fails_and_the_ledger_stops()
    {
        using var ledger = DurableLedger.Open(new FailingStore(), _clock);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await ledger.CreateAccountAsync(new AccountRequest(Alice, LedgerKind.Issuer, Cny, AccountFlags.NoOverdraft)));
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await ledger.CreateAccountAsync(new AccountRequest(Merchant, LedgerKind.Acquirer, Cny, AccountFlags.AllowNegative)));
        Assert.Throws<InvalidOperationException>(() => ledger.TryGetAccount(Alice, out _));
    }

    private sealed class FailingStore : ILedgerStore
    {
        public void Load(ILedgerReplayTarget target)
        {
        }

        public void Commit(LedgerCommitBatch batch) => throw new IOException("disk full");

        public void Dispose()
        {
        }
    }
}
