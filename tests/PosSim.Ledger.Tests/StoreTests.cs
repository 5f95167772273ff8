using Microsoft.Extensions.Time.Testing;
using PosSim.Ledger.Storage;
using PosSim.Tests.Shared;
using static PosSim.Ledger.Tests.TestLedger;

namespace PosSim.Ledger.Tests;

public sealed class StoreTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _clock = new();
    private readonly TempFolder _folder = new("possim-ledger-");

    public void Dispose() => _folder.Dispose();

    /// <summary>The SQLite ledger file; SQLite puts its WAL and shm files beside it.</summary>
    private string DbPath => _folder.Sub("ledger.db");

    public static TheoryData<string> Stores => new() { "memory", "sqlite-full", "sqlite-normal" };

    private Func<ILedgerStore> StoreFactory(string kind)
    {
        var memory = new InMemoryLedgerStore();
        return kind switch
        {
            "memory" => () => memory,
            "sqlite-full" => () => new SqliteLedgerStore(DbPath),
            _ => () => new SqliteLedgerStore(DbPath, new SqliteLedgerStoreOptions { Durability = SqliteDurability.Normal }),
        };
    }

    /// <summary>Builds some history covering every kind of record: accounts, flag changes, all transfer kinds, an expiry.</summary>
    private static void WriteHistory(Ledger ledger, ILedgerStore store, FakeTimeProvider clock)
    {
        var batch = new LedgerCommitBatch();
        ledger.CreateAccount(new AccountRequest(Alice, LedgerKind.Issuer, Cny, AccountFlags.NoOverdraft, UserData: 77));
        ledger.CreateAccount(new AccountRequest(Scheme, LedgerKind.Scheme, Cny, AccountFlags.AllowNegative));
        ledger.CreateAccount(new AccountRequest(Merchant, LedgerKind.Acquirer, Cny, AccountFlags.AllowNegative));
        ledger.CommitTo(store, batch);
        ledger.Submit(TransferRequest.Single(1, Scheme, Alice, 100_000, Cny) with { Code = 3, UserData = UInt128.MaxValue - 1 });
        ledger.Submit(TransferRequest.Hold(2, Alice, Merchant, 35_000, Cny, Minute));
        ledger.Submit(TransferRequest.Hold(3, Alice, Merchant, 1_000, Cny, Minute));
        ledger.Submit(TransferRequest.Hold(4, Alice, Merchant, 2_000, Cny, TimeSpan.FromHours(1)));
        ledger.Submit(TransferRequest.Hold(5, Alice, Merchant, 3_000, Cny, TimeSpan.Zero));
        ledger.CommitTo(store, batch);
        ledger.Submit(TransferRequest.Post(6, 2, 30_000));
        ledger.Submit(TransferRequest.Void(7, 5));
        ledger.FreezeAccount(Merchant);
        clock.Advance(Minute * 2);
        Assert.Equal(1, ledger.ExpireDue());
        ledger.CommitTo(store, batch);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Rebuilding_from_the_store_gives_identical_accounts_and_transfers(string kind)
    {
        var open = StoreFactory(kind);
        Ledger original;
        using (var store = open())
        {
            original = Ledger.Rebuild(store, _clock);
            WriteHistory(original, store, _clock);
        }

        using (var store = open())
        {
            var rebuilt = Ledger.Rebuild(store, _clock);
            Assert.Equal(original.GetAccounts(), rebuilt.GetAccounts());
            Assert.Equal(original.GetTransfers(), rebuilt.GetTransfers());
            Assert.Empty(rebuilt.CheckInvariants(deep: true));
            Assert.True(rebuilt.TryGetTransfer(3, out var expired));
            Assert.Equal(TransferStatus.Expired, expired.Status);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void After_a_restart_retries_return_exists_and_open_holds_still_expire(string kind)
    {
        var open = StoreFactory(kind);
        using (var store = open())
        {
            WriteHistory(Ledger.Rebuild(store, _clock), store, _clock);
        }

        using (var store = open())
        {
            var ledger = Ledger.Rebuild(store, _clock);
            Assert.Equal(LedgerResult.Exists, ledger.Submit(TransferRequest.Post(6, 2, 30_000)));
            Assert.Equal(LedgerResult.PendingTransferAlreadyPosted, ledger.Submit(TransferRequest.Post(8, 2)));
            Assert.Equal(LedgerResult.PendingTransferExpired, ledger.Submit(TransferRequest.Post(8, 3)));
            Assert.Equal(LedgerResult.Exists, ledger.CreateAccount(new AccountRequest(Merchant, LedgerKind.Acquirer, Cny, AccountFlags.AllowNegative)));
            Assert.Equal(LedgerResult.CreditAccountFrozen, ledger.Submit(TransferRequest.Single(8, Alice, Merchant, 1, Cny)));
            _clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(1, ledger.ExpireDue());
            Assert.True(ledger.TryGetBalance(Alice, out var alice));
            Assert.Equal(new AccountBalance(30_000, 100_000, 0, 0), alice);
        }
    }

    [Fact]
    public void A_ledger_file_in_use_cannot_be_opened_a_second_time()
    {
        using var first = new SqliteLedgerStore(DbPath);
        var ledger = Ledger.Rebuild(first, _clock);
        ledger.CreateAccount(new AccountRequest(Alice, LedgerKind.Issuer, Cny, AccountFlags.NoOverdraft));
        ledger.CommitTo(first, new LedgerCommitBatch());
        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => new SqliteLedgerStore(DbPath).Dispose());
    }

    [Fact]
    public void A_store_holding_a_duplicate_transfer_is_reported_corrupt()
    {
        var store = new InMemoryLedgerStore();
        var batch = new LedgerCommitBatch();
        batch.AddAccount(new AccountRecord(1, LedgerKind.Scheme, Cny, AccountFlags.AllowNegative, AccountFlags.AllowNegative, 0, 1));
        batch.AddAccount(new AccountRecord(2, LedgerKind.Scheme, Cny, AccountFlags.AllowNegative, AccountFlags.AllowNegative, 0, 2));
        var transfer = new Transfer(9, 1, 2, 5, 0, TimeSpan.Zero, 0, Cny, 0, TransferFlags.None, 3);
        batch.AddTransfer(transfer);
        batch.AddTransfer(transfer with { Timestamp = 4 });
        store.Commit(batch);
        Assert.Throws<LedgerCorruptException>(() => Ledger.Rebuild(store, _clock));
    }

    [Fact]
    public void A_store_holding_a_broken_invariant_is_reported_corrupt()
    {
        var store = new InMemoryLedgerStore();
        var batch = new LedgerCommitBatch();
        batch.AddAccount(new AccountRecord(1, LedgerKind.Issuer, Cny, AccountFlags.NoOverdraft, AccountFlags.NoOverdraft, 0, 1));
        batch.AddAccount(new AccountRecord(2, LedgerKind.Scheme, Cny, AccountFlags.AllowNegative, AccountFlags.AllowNegative, 0, 2));
        batch.AddTransfer(new Transfer(9, 1, 2, 5, 0, TimeSpan.Zero, 0, Cny, 0, TransferFlags.None, 3));
        store.Commit(batch);
        Assert.Throws<LedgerCorruptException>(() => Ledger.Rebuild(store, _clock));
    }

    [Fact]
    public void A_failed_chain_leaves_nothing_for_the_store()
    {
        var store = new InMemoryLedgerStore();
        var ledger = Ledger.Rebuild(store, _clock);
        ledger.CreateAccount(new AccountRequest(Alice, LedgerKind.Issuer, Cny, AccountFlags.NoOverdraft));
        ledger.CreateAccount(new AccountRequest(Merchant, LedgerKind.Acquirer, Cny, AccountFlags.AllowNegative));
        var batch = new LedgerCommitBatch();
        ledger.CommitTo(store, batch);
        ledger.Submit(
            [TransferRequest.Single(1, Merchant, Alice, 5, Cny).AsLinked(), TransferRequest.Single(2, Alice, Merchant, 6, Cny)],
            new LedgerResult[2]);
        Assert.False(ledger.HasChanges);
    }
}
