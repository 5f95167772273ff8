using PosSim.Core.Issuer;
using PosSim.Core.Roles;
using PosSim.Host.Loop;
using PosSim.Iso8583;
using PosSim.Ledger.Storage;
using PosSim.Simulation.Terminals;

namespace PosSim.Host.Tests;

/// <summary>What the live loop does when the core or the store fails: answer, log, and either go on or stop loudly.</summary>
public sealed class CoreLoopFaultTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_request_the_core_throws_on_is_answered_96_and_the_loop_serves_the_next()
    {
        var core = new ScriptedCore { ThrowOnStan = 2 };
        await using var loop = new CoreLoop(TimeProvider.System, core.Bind);
        loop.Start();

        var bad = await SubmitAsync(loop, Echo(2));
        var good = await SubmitAsync(loop, Echo(3));

        Assert.Equal(("0810", ResponseCodes.SystemError, 2, "T0000001"), (bad.Mti, bad.ResponseCode, bad.Stan, bad.TerminalId));
        Assert.Equal(("0810", ResponseCodes.Approved, 3), (good.Mti, good.ResponseCode, good.Stan));
        Assert.Null(loop.Fault);
        Assert.False(loop.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_timer_that_throws_stops_the_loop_and_every_request_after_it_is_answered_96()
    {
        var core = new ScriptedCore { ThrowOnTimer = true, DueAt = DateTimeOffset.UnixEpoch };
        Exception? raised = null;
        await using var loop = new CoreLoop(TimeProvider.System, core.Bind);
        loop.Faulted += e => raised = e;
        loop.Start();

        await Assert.ThrowsAsync<InvalidOperationException>(() => loop.Completion.WaitAsync(Wait));
        var after = await SubmitAsync(loop, Echo(7));

        Assert.IsType<InvalidOperationException>(raised);
        Assert.Same(raised, loop.Fault);
        Assert.Equal((ResponseCodes.SystemError, 7), (after.ResponseCode, after.Stan));
    }

    [Fact]
    public async Task An_approval_whose_store_stays_down_past_the_limit_reaches_the_terminal_as_96_and_the_loop_stops()
    {
        var time = TimeProvider.System;
        var ledger = new Ledger.Ledger(time, new Ledger.LedgerOptions { TrackChanges = true });
        var issuer = new CardIssuer(ledger);
        var provisioning = Provisioning.Demo(terminals: 1, merchants: 1, cards: 1);
        provisioning.ApplyTo(new Core.Switch.TerminalRegistry(), issuer);
        var card = provisioning.Cards[0];
        using var store = new FailingStore();
        var giveUpAtOnce = new CoreLoopOptions { StoreRetryFirst = TimeSpan.FromMilliseconds(1), StoreOutageLimit = TimeSpan.Zero };
        await using var loop = new CoreLoop(time, respond => new IssuerCore(issuer, respond), new LedgerLoopStore(ledger, store), options: giveUpAtOnce);
        loop.Start();

        var terminal = new TerminalMessages(provisioning.Terminals[0].TerminalId, provisioning.Terminals[0].MerchantId);
        var answer = await SubmitAsync(loop, terminal.Purchase(new CardRead(card.Pan, card.Expiry), 100_00, Noon));

        Assert.Equal(ResponseCodes.SystemError, answer.ResponseCode);
        var stopped = await Assert.ThrowsAsync<StoreUnavailableException>(() => loop.Completion.WaitAsync(Wait));
        Assert.IsType<IOException>(stopped.InnerException);
        Assert.Equal("stopped", loop.Health.State);
    }

    [Fact]
    public async Task While_the_store_fails_the_turns_answer_is_held_new_requests_get_96_and_when_it_works_again_the_held_answer_leaves()
    {
        var core = new ScriptedCore();
        var store = new FlakyStore(() => core.Seen.Count) { Broken = true };
        var quickRetries = new CoreLoopOptions { StoreRetryFirst = TimeSpan.FromMilliseconds(5), StoreRetryMax = TimeSpan.FromMilliseconds(20) };
        await using var loop = new CoreLoop(TimeProvider.System, core.Bind, store, options: quickRetries);
        loop.Start();

        var held = new IsoMessage();
        var pending = loop.SubmitAsync(Echo(1), held).AsTask();
        await store.Failures.WaitAsync(Wait); // the first commit failed
        await store.Failures.WaitAsync(Wait); // and a retry failed too: the loop is riding it out
        var meanwhile = await SubmitAsync(loop, Echo(2));

        Assert.Equal("store-failing", loop.Health.State);
        Assert.Equal(ResponseCodes.SystemError, meanwhile.ResponseCode);
        Assert.False(pending.IsCompleted); // not stored yet, so not answered: neither 00 nor 96
        Assert.Equal([1], core.Seen); // the core did not run while the store was down

        store.Broken = false;
        await pending.WaitAsync(Wait);
        var after = await SubmitAsync(loop, Echo(3));

        Assert.Equal(ResponseCodes.Approved, held.ResponseCode);
        Assert.Equal(ResponseCodes.Approved, after.ResponseCode);
        Assert.True(loop.Health.IsReady);
        Assert.Null(loop.Fault);
    }

    [Fact]
    public async Task Stopping_while_the_store_fails_answers_the_held_request_96_and_ends_the_loop()
    {
        var core = new ScriptedCore();
        var store = new FlakyStore(() => core.Seen.Count) { Broken = true };
        var loop = new CoreLoop(TimeProvider.System, core.Bind, store, options: new CoreLoopOptions { StoreRetryFirst = TimeSpan.FromMinutes(1) });
        loop.Start();
        var held = new IsoMessage();
        var pending = loop.SubmitAsync(Echo(1), held).AsTask();
        await store.Failures.WaitAsync(Wait);

        await loop.DisposeAsync().AsTask().WaitAsync(Wait); // the host stops (SIGTERM) during the outage
        await pending.WaitAsync(Wait);

        Assert.Equal(ResponseCodes.SystemError, held.ResponseCode); // never stored, so never approved
        Assert.Equal(0, store.Failures.CurrentCount); // the one failure awaited above: no retry in a tight loop on the way out
    }

    [Fact]
    public async Task A_request_withdrawn_before_the_loop_takes_it_is_cancelled_and_never_reaches_the_core()
    {
        var core = new ScriptedCore();
        await using var loop = new CoreLoop(TimeProvider.System, core.Bind);
        using var gate = new SemaphoreSlim(0);
        loop.Post(_ => gate.Wait(Wait)); // holds the loop between requests
        loop.Start();

        using var cancel = new CancellationTokenSource();
        var pending = loop.SubmitAsync(Echo(9), new IsoMessage(), cancel.Token).AsTask();
        await cancel.CancelAsync();
        gate.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Wait));
        var next = await SubmitAsync(loop, Echo(10));
        Assert.Equal(ResponseCodes.Approved, next.ResponseCode);
        Assert.Equal([10], core.Seen);
    }

    private static async Task<IsoMessage> SubmitAsync(CoreLoop loop, IsoMessage request)
    {
        var response = new IsoMessage();
        await loop.SubmitAsync(request, response).AsTask().WaitAsync(Wait);
        return response;
    }

    private static IsoMessage Echo(int stan) => new TerminalMessages("T0000001", "M00000000000001", firstStan: stan).Network(NetworkCode.Echo, Noon);

    /// <summary>A core that answers echoes 00, and throws where a test says so.</summary>
    private sealed class ScriptedCore : ILoopCore
    {
        private Action<long, IsoMessage> _respond = null!;

        public int? ThrowOnStan { get; init; }

        public bool ThrowOnTimer { get; init; }

        public DateTimeOffset? DueAt { get; set; }

        public List<int> Seen { get; } = [];

        public DateTimeOffset? NextDue => DueAt;

        public ScriptedCore Bind(Action<long, IsoMessage> respond)
        {
            _respond = respond;
            return this;
        }

        public void Submit(long token, IsoMessage request)
        {
            var stan = request.Stan ?? 0;
            Seen.Add(stan);
            if (stan == ThrowOnStan)
            {
                throw new InvalidOperationException("scripted failure");
            }

            var response = Replies.Begin(request, new IsoMessage(), [7, 11, 41, 70]);
            response.ResponseCode = ResponseCodes.Approved;
            _respond(token, response);
        }

        public int RunDue()
        {
            if (ThrowOnTimer && DueAt is not null)
            {
                throw new InvalidOperationException("scripted timer failure");
            }

            return 0;
        }
    }

    /// <summary>A loop store with something to commit after each request the core saw, failing while <see cref="Broken"/>.</summary>
    private sealed class FlakyStore(Func<int> requestsSeen) : ILoopStore
    {
        private int _sealed;

        public volatile bool Broken;

        public SemaphoreSlim Failures { get; } = new(0);

        public bool Seal()
        {
            var seen = requestsSeen();
            var changed = seen != _sealed;
            _sealed = seen;
            return changed;
        }

        public void Commit()
        {
            if (Broken)
            {
                Failures.Release();
                throw new IOException("disk full");
            }
        }
    }

    /// <summary>A ledger store whose disk is full.</summary>
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
