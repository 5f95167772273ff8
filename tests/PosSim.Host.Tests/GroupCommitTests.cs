using PosSim.Core.Issuer;
using PosSim.Core.Roles;
using PosSim.Core.Switch;
using PosSim.Host.Loop;
using PosSim.Host.Stores;
using PosSim.Iso8583;
using PosSim.Ledger.Storage;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Host.Tests;

/// <summary>
/// Acknowledged means durable: an answer leaves the loop only once the turn that produced it is committed, and the two
/// files of a turn agree after a crash between their commits.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task An_answer_is_held_until_its_turn_is_committed()
    {
        var store = new GatedStore();
        await using var loop = new CoreLoop(TimeProvider.System, respond => new EchoCore(respond, () => store.Dirty = true), store);
        loop.Start();

        var answer = new IsoMessage();
        var pending = loop.SubmitAsync(Echo(1), answer).AsTask();
        Assert.True(await store.Entered.WaitAsync(Wait)); // the commit of the turn has begun...

        Assert.False(pending.IsCompleted); // ...and while it has not returned, the terminal has heard nothing
        store.Gate.Release();
        await pending.WaitAsync(Wait);
        Assert.Equal(ResponseCodes.Approved, answer.ResponseCode);
    }

    [Fact]
    public async Task A_message_held_for_the_commit_is_never_sent_when_its_turn_is_never_stored()
    {
        var store = new GatedStore { Fails = true };
        var sent = new List<string>();
        CoreLoop? held = null;
        var giveUpAtOnce = new CoreLoopOptions { StoreRetryFirst = TimeSpan.FromMilliseconds(1), StoreOutageLimit = TimeSpan.Zero };
        await using var loop = held = new CoreLoop(TimeProvider.System, respond => new EchoCore(respond, () =>
        {
            store.Dirty = true;
            held!.AfterCommit(() => sent.Add("to issuer"));
        }), store,
            options: giveUpAtOnce);
        loop.Start();
        store.Gate.Release(100);

        var answer = new IsoMessage();
        await loop.SubmitAsync(Echo(1), answer).AsTask().WaitAsync(Wait);

        Assert.Equal(ResponseCodes.SystemError, answer.ResponseCode);
        Assert.Empty(sent);
    }

    [Fact]
    public void A_crash_between_the_ledger_commit_and_the_tranlog_commit_is_finished_at_the_next_start()
    {
        using var folder = new TempFolder("possim-group-commit-");
        var time = TimeProvider.System;
        var provisioning = Provisioning.Demo(terminals: 1, merchants: 1, cards: 2);
        long approvalsBefore;
        using (var ledgerStore = new SqliteLedgerStore(folder.Sub("ledger.db")))
        {
            var tranlog = new SqliteTranlogStore(folder.Sub("tranlog.db"));
            var stored = AcquirerStores.Reconcile(ledgerStore, tranlog);
            var ledger = Ledger.Ledger.Rebuild(ledgerStore, time);
            var issuer = new CardIssuer(ledger);
            provisioning.ApplyTo(new TerminalRegistry(), issuer);
            var answers = new List<IsoMessage>();
            var acquirer = new LocalAcquirer(time, issuer, (_, m) => answers.Add(Copy(m)), tranlog: tranlog);
            acquirer.Switch.Terminals.Add(provisioning.Terminals[0].TerminalId, provisioning.Terminals[0].MerchantId);
            using var stores = new AcquirerStores(ledger, ledgerStore, tranlog, () => acquirer.Switch, issuer, null, stored);
            var terminal = new TerminalMessages(provisioning.Terminals[0].TerminalId, provisioning.Terminals[0].MerchantId);
            var card = new CardRead(provisioning.Cards[0].Pan, provisioning.Cards[0].Expiry);

            acquirer.Submit(1, terminal.Purchase(card, 10_00, Noon));
            Assert.True(stores.Seal());
            stores.Commit();

            acquirer.Submit(2, terminal.Purchase(card, 20_00, Noon));
            Assert.True(stores.Seal());
            tranlog.Dispose(); // the process dies after ledger.db's commit, before tranlog.db's
            Assert.ThrowsAny<Exception>(stores.Commit);
            approvalsBefore = issuer.ApprovalSequence;
        }

        using var reopenedLedger = new SqliteLedgerStore(folder.Sub("ledger.db"));
        using var reopenedTranlog = new SqliteTranlogStore(folder.Sub("tranlog.db"));
        var after = AcquirerStores.Reconcile(reopenedLedger, reopenedTranlog);

        var rows = reopenedTranlog.LoadRows();
        Assert.Equal([10_00L, 20_00L], rows.Select(r => r.AmountMinor));
        Assert.All(rows, r => Assert.Equal(ResponseCodes.Approved, r.ResponseCode));
        Assert.Equal((after.Turn, 2L, approvalsBefore), (reopenedTranlog.StoredTurn, after.TxnSequence, after.ApprovalSequence));
    }

    [Fact]
    public void A_reversal_advice_the_issuer_had_not_acknowledged_is_sent_again_after_a_restart_and_releases_the_hold()
    {
        using var folder = new TempFolder("possim-group-commit-");
        var time = TimeProvider.System;
        var provisioning = Provisioning.Demo(terminals: 1, merchants: 1, cards: 2);
        var hasher = Core.Cards.PanHasher.FromSeed(3);
        var card = new CardRead(provisioning.Cards[0].Pan, provisioning.Cards[0].Expiry);
        var terminal = new TerminalMessages(provisioning.Terminals[0].TerminalId, provisioning.Terminals[0].MerchantId);
        using (var ledgerStore = new SqliteLedgerStore(folder.Sub("ledger.db")))
        using (var tranlog = new SqliteTranlogStore(folder.Sub("tranlog.db")))
        {
            var (_, issuer, acquirer, stores) = Open(ledgerStore, tranlog, provisioning, hasher);
            acquirer.Faults = new DropReversalAdvices();
            var purchase = terminal.Purchase(card, 30_00, Noon);
            acquirer.Submit(1, purchase);
            acquirer.Submit(2, TerminalMessages.Reversal(purchase, "0400")); // answered 00; its advice never reaches the issuer
            Assert.Single(acquirer.Switch.Queue);
            Assert.True(stores.Seal());
            stores.Commit();
            stores.Dispose();
            Assert.Equal(30_00, Held(issuer));
        }

        using var reopenedLedger = new SqliteLedgerStore(folder.Sub("ledger.db"));
        using var reopenedTranlog = new SqliteTranlogStore(folder.Sub("tranlog.db"));
        var (_, restartedIssuer, restarted, restartedStores) = Open(reopenedLedger, reopenedTranlog, provisioning, hasher);
        using (restartedStores)
        {
            var rows = reopenedTranlog.LoadRows();
            var byHash = restartedIssuer.Cards.ToDictionary(c => hasher.Hash(c.Pan), c => c.Pan);
            var (pending, parked) = AcquirerStores.LoadQueue(reopenedLedger, reopenedTranlog, rows, h => byHash.GetValueOrDefault(h));
            var resent = restarted.Switch.Recover(new SwitchStoredState(rows, pending, parked, [], 0, DateOnly.MinValue));
            restarted.RunDue();

            Assert.Equal(1, resent);
            Assert.Equal(30_00, pending[0].Message.AmountMinor);
            Assert.Empty(restarted.Switch.Queue); // acknowledged this time
            Assert.Equal(0, Held(restartedIssuer)); // and the cardholder's money is free again
        }
    }

    private static (Ledger.Ledger Ledger, CardIssuer Issuer, LocalAcquirer Acquirer, AcquirerStores Stores) Open(SqliteLedgerStore ledgerStore, SqliteTranlogStore tranlog,
        Provisioning provisioning, Core.Cards.PanHasher hasher)
    {
        var stored = AcquirerStores.Reconcile(ledgerStore, tranlog);
        var ledger = Ledger.Ledger.Rebuild(ledgerStore, TimeProvider.System);
        var issuer = new CardIssuer(ledger);
        provisioning.ApplyTo(new TerminalRegistry(), issuer);
        issuer.ContinueApprovalsFrom(stored.ApprovalSequence);
        AcquirerStores.RestoreIssuer(ledgerStore, issuer);
        var acquirer = new LocalAcquirer(TimeProvider.System, issuer, (_, _) => { }, tranlog: tranlog, panHasher: hasher);
        acquirer.Switch.Terminals.Add(provisioning.Terminals[0].TerminalId, provisioning.Terminals[0].MerchantId);
        return (ledger, issuer, acquirer, new AcquirerStores(ledger, ledgerStore, tranlog, () => acquirer.Switch, issuer, null, stored));
    }

    /// <summary>What the first card has on hold now.</summary>
    private static long Held(CardIssuer issuer)
    {
        var card = issuer.Cards.First();
        var balance = issuer.BalanceOf(card);
        return balance.DebitsPending;
    }

    /// <summary>The issuer never gets a reversal advice.</summary>
    private sealed class DropReversalAdvices : IIssuerLinkFaults
    {
        public LinkDecision OnRequest(IsoMessage request) => request.Mti is "0420" or "0421" ? LinkDecision.Drop : LinkDecision.Deliver;

        public LinkDecision OnResponse(IsoMessage response) => LinkDecision.Deliver;
    }

    private static IsoMessage Copy(IsoMessage message)
    {
        var copy = new IsoMessage();
        message.CopyTo(copy);
        return copy;
    }

    private static IsoMessage Echo(int stan) => new TerminalMessages("T0000001", "M00000000000001", firstStan: stan).Network(NetworkCode.Echo, Noon);

    /// <summary>A store with something to commit after each request, whose commit waits for the test.</summary>
    private sealed class GatedStore : ILoopStore
    {
        public volatile bool Dirty;

        public SemaphoreSlim Gate { get; } = new(0);

        public SemaphoreSlim Entered { get; } = new(0);

        public bool Fails { get; init; }

        public bool Seal()
        {
            var dirty = Dirty;
            Dirty = false;
            return dirty;
        }

        public void Commit()
        {
            Entered.Release();
            Gate.Wait(Wait);
            if (Fails)
            {
                throw new IOException("disk full");
            }
        }
    }

    /// <summary>Answers every request 00 at once; <paramref name="onRequest"/> runs first, inside the turn.</summary>
    private sealed class EchoCore(Action<long, IsoMessage> respond, Action? onRequest = null) : ILoopCore
    {
        public DateTimeOffset? NextDue => null;

        public void Submit(long token, IsoMessage request)
        {
            onRequest?.Invoke();
            var response = Replies.Begin(request, new IsoMessage(), [7, 11, 41, 70]);
            response.ResponseCode = ResponseCodes.Approved;
            respond(token, response);
        }

        public int RunDue() => 0;
    }
}
