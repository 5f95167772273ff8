using Microsoft.Extensions.Time.Testing;
using PosSim.Ledger.Storage;
using PosSim.Tests.Shared;
using SQLitePCL;
using static PosSim.Ledger.Tests.TestLedger;

namespace PosSim.Ledger.Tests;

public sealed class RetentionTests : IDisposable
{
    private const ulong IssuerNamespace = 0x1550E5;
    private const ulong ClearingNamespace = 0xC1EA;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly FakeTimeProvider _clock = new();
    private readonly TempFolder _folder = new("possim-ledger-retention-");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Stores => new() { "memory", "sqlite" };

    private Func<ILedgerStore> StoreFactory(string kind)
    {
        var memory = new InMemoryLedgerStore();
        return kind == "memory" ? () => memory : () => new SqliteLedgerStore(_folder.Sub("ledger.db"), new SqliteLedgerStoreOptions { Durability = SqliteDurability.Normal });
    }

    private static UInt128 Id(ulong ns, ulong sequence) => ((UInt128)ns << 64) | sequence;

    [Fact]
    public void Forgetting_drops_transfers_finished_before_the_cutoff_and_keeps_open_holds_and_balances()
    {
        var t = new TestLedger();
        var ledger = t.Ledger;
        UInt128 single = t.NextId(), posted = t.NextId(), post = t.NextId(), voided = t.NextId(), voiding = t.NextId();
        UInt128 expiring = t.NextId(), open = t.NextId(), openTimed = t.NextId(), late = t.NextId();
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Single(single, Alice, Merchant, 100, Cny)));
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(posted, Alice, Merchant, 200, Cny, TimeSpan.Zero)));
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Post(post, posted, 150)));
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(voided, Alice, Merchant, 300, Cny, TimeSpan.Zero)));
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Void(voiding, voided)));
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(expiring, Alice, Merchant, 400, Cny, Minute)));
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(open, Alice, Merchant, 500, Cny, TimeSpan.Zero)));
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(openTimed, Alice, Merchant, 600, Cny, Day)));
        t.Clock.Advance(Minute * 2);
        Assert.Equal(1, ledger.ExpireDue());
        var cutoff = t.Clock.GetUtcNow();
        t.Clock.Advance(Minute);
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Single(late, Alice, Merchant, 10, Cny)));
        var accounts = ledger.GetAccounts();
        var totals = ledger.GetTotals();

        // The funding transfer, the single, the posted hold and its post, the voided hold and its void, the expired hold.
        Assert.Equal(7, ledger.ForgetFinishedBefore(cutoff));

        Assert.Equal(new[] { open, openTimed, late }, ledger.GetTransfers().Select(x => x.Id));
        Assert.Equal(3, ledger.TransferCount);
        foreach (var gone in new[] { single, posted, post, voided, voiding, expiring })
        {
            Assert.False(ledger.TryGetTransfer(gone, out _));
        }

        Assert.Equal(accounts, ledger.GetAccounts());
        Assert.Equal(totals, ledger.GetTotals());
        Assert.Equal(new[] { open, openTimed, late }, ledger.GetAccountTransfers(Alice, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(x => x.Id));
        t.AssertSound();
        Assert.Equal(0, ledger.ForgetFinishedBefore(cutoff));
    }

    [Fact]
    public void Open_holds_kept_through_a_compaction_still_post_void_and_expire()
    {
        var t = new TestLedger();
        var ledger = t.Ledger;
        var holds = new List<UInt128>();
        for (int i = 0; i < 4; i++)
        {
            // Finished transfers before each hold, so that compacting moves every hold to another slot.
            for (int k = 0; k < 5; k++)
            {
                Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Single(t.NextId(), Alice, Merchant, 1, Cny)));
            }

            var hold = t.NextId();
            holds.Add(hold);
            Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(hold, Alice, Merchant, 1_000, Cny, i == 1 ? TimeSpan.Zero : Minute)));
        }

        t.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(21, ledger.ForgetFinishedBefore(t.Clock.GetUtcNow()));
        Assert.Equal(holds, ledger.GetTransfers().Select(x => x.Id));

        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Post(t.NextId(), holds[0], 600)));
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Void(t.NextId(), holds[1])));
        t.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(2, ledger.ExpireDue());

        Assert.True(ledger.TryGetTransfer(holds[0], out var postedHold));
        Assert.Equal(TransferStatus.Posted, postedHold.Status);
        Assert.True(ledger.TryGetTransfer(holds[1], out var voidedHold));
        Assert.Equal(TransferStatus.Voided, voidedHold.Status);
        Assert.All(holds[2..], h => Assert.True(ledger.TryGetTransfer(h, out var x) && x.Status == TransferStatus.Expired));
        Assert.Equal(new AccountBalance(620, 100_000, 0, 0), t.Balance(Alice));
        Assert.Equal(new AccountBalance(0, 620, 0, 0), t.Balance(Merchant));
        t.AssertSound();
    }

    [Fact]
    public void A_post_or_void_naming_a_forgotten_hold_answers_pending_transfer_not_found()
    {
        var t = new TestLedger();
        var ledger = t.Ledger;
        UInt128 posted = t.NextId(), expired = t.NextId();
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(posted, Alice, Merchant, 200, Cny, TimeSpan.Zero)));
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Post(t.NextId(), posted)));
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(expired, Alice, Merchant, 300, Cny, Minute)));
        t.Clock.Advance(Minute * 2);
        Assert.Equal(LedgerResult.PendingTransferAlreadyPosted, ledger.Submit(TransferRequest.Void(t.NextId(), posted)));
        Assert.Equal(LedgerResult.PendingTransferExpired, ledger.Submit(TransferRequest.Post(t.NextId(), expired)));

        t.Clock.Advance(Minute);
        Assert.Equal(4, ledger.ForgetFinishedBefore(t.Clock.GetUtcNow()));

        // Finished either way; how it finished is in the store alone.
        Assert.Equal(LedgerResult.PendingTransferNotFound, ledger.Submit(TransferRequest.Void(t.NextId(), posted)));
        Assert.Equal(LedgerResult.PendingTransferNotFound, ledger.Submit(TransferRequest.Post(t.NextId(), expired)));
        Assert.Equal(new AccountBalance(200, 100_000, 0, 0), t.Balance(Alice));
        t.AssertSound();
    }

    [Fact]
    public void Transfers_not_yet_committed_to_the_store_are_kept_until_they_are()
    {
        var store = new InMemoryLedgerStore();
        var batch = new LedgerCommitBatch();
        var ledger = Ledger.Rebuild(store, _clock);
        ledger.CreateAccount(new AccountRequest(Alice, LedgerKind.Issuer, Cny, AccountFlags.NoOverdraft));
        ledger.CreateAccount(new AccountRequest(Scheme, LedgerKind.Scheme, Cny, AccountFlags.AllowNegative));
        ledger.Submit(TransferRequest.Single(1, Scheme, Alice, 1_000, Cny));
        ledger.CommitTo(store, batch);
        ledger.Submit(TransferRequest.Single(2, Alice, Scheme, 10, Cny));
        _clock.Advance(Minute);

        Assert.Equal(1, ledger.ForgetFinishedBefore(_clock.GetUtcNow()));
        Assert.True(ledger.TryGetTransfer(2, out _));
        Assert.True(ledger.HasChanges);
        ledger.CommitTo(store, batch);
        Assert.Equal(1, ledger.ForgetFinishedBefore(_clock.GetUtcNow()));
        Assert.False(ledger.HasChanges);

        ledger.Submit(TransferRequest.Single(3, Alice, Scheme, 20, Cny));
        ledger.CommitTo(store, batch);
        var rebuilt = Ledger.Rebuild(store, _clock);
        Assert.Equal(new UInt128[] { 1, 2, 3 }, rebuilt.GetTransfers().Select(x => x.Id));
        Assert.Equal(ledger.GetAccounts(), rebuilt.GetAccounts());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Highest_sequence_survives_forgetting_and_rebuilds(string kind)
    {
        var open = StoreFactory(kind);
        var batch = new LedgerCommitBatch();
        using (var store = open())
        {
            var ledger = Ledger.Rebuild(store, _clock);
            ledger.CreateAccount(new AccountRequest(Alice, LedgerKind.Issuer, Cny, AccountFlags.NoOverdraft));
            ledger.CreateAccount(new AccountRequest(Scheme, LedgerKind.Scheme, Cny, AccountFlags.AllowNegative));
            for (ulong s = 1; s <= 5; s++)
            {
                Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Single(Id(IssuerNamespace, s), Scheme, Alice, 100, Cny)));
            }

            Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Single(Id(ClearingNamespace, 3), Alice, Scheme, 10, Cny)));

            // Neither a refused transfer nor a rolled-back chain uses up a sequence in the ledger.
            Assert.Equal(LedgerResult.InsufficientFunds, ledger.Submit(TransferRequest.Single(Id(IssuerNamespace, 99), Alice, Scheme, 1_000_000, Cny)));
            ledger.Submit(
                [TransferRequest.Single(Id(IssuerNamespace, 50), Scheme, Alice, 1, Cny).AsLinked(), TransferRequest.Single(Id(ClearingNamespace, 51), Alice, Scheme, 1_000_000, Cny)],
                new LedgerResult[2]);

            Assert.Equal(5UL, ledger.HighestSequence(IssuerNamespace));
            Assert.Equal(3UL, ledger.HighestSequence(ClearingNamespace));
            Assert.Equal(0UL, ledger.HighestSequence(42));
            ledger.CommitTo(store, batch);
            _clock.Advance(Minute);
            Assert.Equal(6, ledger.ForgetFinishedBefore(_clock.GetUtcNow()));
            Assert.Empty(ledger.GetTransfers());
            Assert.Equal(5UL, ledger.HighestSequence(IssuerNamespace));
            Assert.Equal(3UL, ledger.HighestSequence(ClearingNamespace));
        }

        foreach (var forgetting in new[] { false, true })
        {
            using var store = open();
            var ledger = forgetting ? Ledger.Rebuild(store, _clock, null, _clock.GetUtcNow()) : Ledger.Rebuild(store, _clock);
            Assert.Equal(forgetting ? 0 : 6, ledger.TransferCount);
            Assert.Equal(5UL, ledger.HighestSequence(IssuerNamespace));
            Assert.Equal(3UL, ledger.HighestSequence(ClearingNamespace));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Rebuilding_with_forgetting_gives_the_balances_of_a_full_rebuild_and_goes_on_alike(string kind)
    {
        var open = StoreFactory(kind);
        var start = _clock.GetUtcNow();
        var openHolds = new List<UInt128>();
        using (var store = open())
        {
            var ledger = Ledger.Rebuild(store, _clock);
            WriteDays(ledger, store, days: 5, openHolds);
        }

        var cutoff = start + (Day * 3);
        using (var store = open())
        {
            var full = Ledger.Rebuild(store, _clock);
            var forgetting = Ledger.Rebuild(store, _clock, new LedgerOptions { InitialTransferCapacity = 4 }, cutoff);

            Assert.Equal(full.GetAccounts(), forgetting.GetAccounts());
            Assert.Equal(full.GetTotals(), forgetting.GetTotals());
            Assert.Equal(full.HighestSequence(IssuerNamespace), forgetting.HighestSequence(IssuerNamespace));
            Assert.Equal(
                full.GetTransfers().Where(x => x.Timestamp >= cutoff.UtcTicks || x.Status == TransferStatus.Pending),
                forgetting.GetTransfers());
            Assert.True(forgetting.TransferCount < full.TransferCount / 2);
            Assert.Empty(forgetting.CheckInvariants(deep: true));

            // Both go on alike: the old open holds post and void, the timed ones expire.
            foreach (var ledger in new[] { full, forgetting })
            {
                ulong next = ledger.HighestSequence(IssuerNamespace);
                Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Post(Id(IssuerNamespace, ++next), openHolds[0], 50)));
                Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Void(Id(IssuerNamespace, ++next), openHolds[1])));
            }

            _clock.Advance(Day * 2);
            Assert.Equal(full.ExpireDue(), forgetting.ExpireDue());
            Assert.Equal(full.GetAccounts(), forgetting.GetAccounts());
            Assert.Empty(full.CheckInvariants(deep: true));
            Assert.Empty(forgetting.CheckInvariants(deep: true));
        }
    }

    [Fact]
    public void Rebuilding_with_forgetting_keeps_the_slots_to_what_is_kept_not_the_whole_journal()
    {
        var store = new InMemoryLedgerStore();
        var ledger = Ledger.Rebuild(store, _clock);
        var openHolds = new List<UInt128>();
        WriteDays(ledger, store, days: 20, openHolds);
        var options = new LedgerOptions { InitialTransferCapacity = 64 };

        var full = Ledger.Rebuild(store, _clock, options);
        var forgetting = Ledger.Rebuild(store, _clock, options, _clock.GetUtcNow() - Day);

        Assert.True(full.TransferCapacity >= full.TransferCount);
        Assert.True(full.TransferCount > 1_000);
        Assert.True(forgetting.TransferCapacity <= Math.Max(options.InitialTransferCapacity, 4 * forgetting.TransferCount), $"{forgetting.TransferCapacity} slots for {forgetting.TransferCount}");
        Assert.Equal(full.GetAccounts(), forgetting.GetAccounts());
    }

    [Fact]
    public void A_sqlite_journal_whose_transfers_go_back_in_time_is_reported_corrupt()
    {
        using (var store = new SqliteLedgerStore(_folder.Sub("ledger.db")))
        {
            var ledger = Ledger.Rebuild(store, _clock);
            ledger.CreateAccount(new AccountRequest(Alice, LedgerKind.Issuer, Cny, AccountFlags.AllowNegative));
            ledger.CreateAccount(new AccountRequest(Scheme, LedgerKind.Scheme, Cny, AccountFlags.AllowNegative));
            ledger.Submit(TransferRequest.Single(1, Scheme, Alice, 10, Cny));
            ledger.CommitTo(store, new LedgerCommitBatch());

            // Never written by the store itself, whose commits follow one another in time: the load merges on that.
            long earlier = _clock.GetUtcNow().UtcTicks - 1_000;
            Assert.Equal(raw.SQLITE_OK, store.Use(db => raw.sqlite3_exec(db, $"""
                INSERT INTO entries(kind, id, debit_account_id, credit_account_id, amount, timeout, currency, code, flags, timestamp)
                SELECT 1, X'00000000000000000000000000000002', debit_account_id, credit_account_id, 5, 0, currency, 0, 0, {earlier}
                FROM entries WHERE kind = 1;
                """)));
        }

        using var reopened = new SqliteLedgerStore(_folder.Sub("ledger.db"));
        Assert.Throws<LedgerCorruptException>(() => Ledger.Rebuild(reopened, _clock));
    }

    /// <summary>
    /// Days of issuer traffic, one commit a day: singles, holds posted, voided and left to expire, and one hold a day
    /// left open without a timeout (listed in <paramref name="openHolds"/>).
    /// </summary>
    private void WriteDays(Ledger ledger, ILedgerStore store, int days, List<UInt128> openHolds)
    {
        var batch = new LedgerCommitBatch();
        ledger.CreateAccount(new AccountRequest(Alice, LedgerKind.Issuer, Cny, AccountFlags.NoOverdraft));
        ledger.CreateAccount(new AccountRequest(Scheme, LedgerKind.Scheme, Cny, AccountFlags.AllowNegative));
        ledger.CreateAccount(new AccountRequest(Merchant, LedgerKind.Acquirer, Cny, AccountFlags.AllowNegative));
        ulong sequence = 0;
        UInt128 Next() => Id(IssuerNamespace, ++sequence);
        Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Single(Next(), Scheme, Alice, 10_000_000, Cny)));
        for (int day = 0; day < days; day++)
        {
            for (int k = 0; k < 20; k++)
            {
                var posted = Next();
                var voided = Next();
                Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Single(Next(), Alice, Merchant, 7, Cny)));
                Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(posted, Alice, Merchant, 100, Cny, Day)));
                Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(voided, Alice, Merchant, 100, Cny, Day)));
                Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(Next(), Alice, Merchant, 100, Cny, Minute)));
                Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Post(Next(), posted, 60)));
                Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Void(Next(), voided)));
                _clock.Advance(Minute);
            }

            var open = Next();
            openHolds.Add(open);
            Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(open, Alice, Merchant, 100, Cny, TimeSpan.Zero)));
            Assert.Equal(LedgerResult.Ok, ledger.Submit(TransferRequest.Hold(Next(), Alice, Merchant, 100, Cny, Day * 3)));
            ledger.CommitTo(store, batch);
            _clock.Advance(Day);
        }
    }
}
