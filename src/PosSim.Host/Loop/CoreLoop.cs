using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Core.Roles;
using PosSim.Core.Switch;
using PosSim.Iso8583;
using PosSim.Ledger.Storage;

namespace PosSim.Host.Loop;

/// <summary>
/// Runs a core (the switch, the issuer, or both with the ledger) live: one loop owns it, so the core stays
/// single-threaded while any number of connections submit requests. Each turn of the loop takes every request
/// waiting (up to a batch), runs due timers, commits everything the turn changed through its <see cref="ILoopStore"/>
/// (group commit), and only then releases the responses: no terminal hears an answer the store does not hold yet.
/// </summary>
/// <remarks>
/// Faults: a request the core throws on is answered 96 and logged, and the loop goes on. A failing store holds the
/// turn's answers, answers new requests 96 and is retried until it works again (docs/reliability.md). A fault that
/// leaves the core's state in doubt (a timer or posted event that throws, a store down past the outage limit) stops
/// the loop: every waiting request is answered 96, later ones too, <see cref="Completion"/> faults and
/// <see cref="Faulted"/> is raised so the host can stop with a non-zero exit.
/// </remarks>
public sealed partial class CoreLoop : IAsyncDisposable
{
    private const int MaxBatch = 512;

    /// <summary>Fields a 96 from the loop echoes, so the terminal can match it (MTI class, 11, 41).</summary>
    private static readonly int[] EchoedOnFailure = [3, 4, 7, 11, 12, 13, 41, 42, 49];

    private readonly Channel<Work> _inbox = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentBag<Work> _pool = [];
    private readonly Dictionary<long, Work> _waiting = [];
    private readonly ConcurrentBag<List<Work>> _spareLists = [];
    private List<Work> _answered = [];
    private readonly TimeProvider _time;
    private readonly ILoopStore? _store;
    private readonly ILogger _log;
    private List<Action> _afterCommit = [];
    private readonly ConcurrentBag<List<Action>> _spareActions = [];

    /// <summary>The commit of the last turn that changed the ledger, running while the loop goes on with the next turn.</summary>
    private Task<bool> _committing = Task.FromResult(true);

    /// <summary>The answers and held actions of a turn whose commit failed, kept until a retry commits it.</summary>
    private List<Work>? _heldAnswers;
    private List<Action>? _heldActions;
    private Exception? _storeFault;
    private readonly CoreLoopOptions _options;
    private volatile LoopHealth _health = LoopHealth.Ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _tick;
    private readonly Work _tickWork;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _tickAt;
    private Task? _run;
    private long _token;
    private volatile Exception? _fault;

    /// <param name="build">Builds the core given the callback through which it answers requests.</param>
    /// <param name="ledger">The core's ledger, if it has one; with <paramref name="ledgerStore"/>, its changes are committed there every turn.</param>
    public CoreLoop(TimeProvider time, Func<Action<long, IsoMessage>, ILoopCore> build, Ledger.Ledger? ledger = null, ILedgerStore? ledgerStore = null,
        ILogger? logger = null)
        : this(time, build, ledger is not null && ledgerStore is not null ? new LedgerLoopStore(ledger, ledgerStore) : null, logger)
    {
    }

    /// <param name="build">Builds the core given the callback through which it answers requests.</param>
    /// <param name="store">What every turn commits before its answers leave; null when nothing is durable.</param>
    /// <param name="options">How long and how often a failing store is retried.</param>
    public CoreLoop(TimeProvider time, Func<Action<long, IsoMessage>, ILoopCore> build, ILoopStore? store, ILogger? logger = null, CoreLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(build);
        _time = time;
        _store = store;
        _options = options ?? new CoreLoopOptions();
        _log = logger ?? NullLogger.Instance;
        Core = build(OnCoreResponse);
        _tickWork = new Work(static _ => { });

        // One timer for the whole loop: when the core's next timer falls due it drops a no-op into the inbox,
        // which wakes the loop; the loop runs what is due after every batch anyway.
        _tick = time.CreateTimer(static state => ((CoreLoop)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ILoopCore Core { get; }

    /// <summary>Requests submitted and not yet answered.</summary>
    public int Pending => _waiting.Count;

    /// <summary>Completes when the loop has stopped: successfully when disposed, faulted when a fault stopped it.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The fault that stopped the loop, or null while it runs (or after a clean stop).</summary>
    public Exception? Fault => _fault;

    /// <summary>Ready, or why not: a store failing (being retried; requests are answered 96) or a stopped loop.</summary>
    public LoopHealth Health => _fault is { } fault ? LoopHealth.Stopped(fault.Message) : _health;

    /// <summary>Raised once, on the loop's thread, when a fault stops the loop.</summary>
    public event Action<Exception>? Faulted;

    public void Start() => _run ??= Task.Run(RunAsync);

    /// <summary>
    /// Submits a request and waits for the core's answer, written into <paramref name="response"/>. Both messages
    /// stay the caller's but must not be touched until the returned task completes: the loop reads the request and
    /// writes the answer in place, so nothing is copied on the way in.
    /// </summary>
    /// <remarks>
    /// Cancellation withdraws a request the loop has not taken yet (the task then throws
    /// <see cref="OperationCanceledException"/>); once taken, the core answers it (its own timeouts see to that),
    /// so the wait always ends. After a fault stopped the loop, every request is answered 96 at once.
    /// </remarks>
    public ValueTask SubmitAsync(IsoMessage request, IsoMessage response, CancellationToken cancellationToken = default) =>
        SubmitAsync(request, response, RequestOrigin.InProcess, cancellationToken);

    /// <summary>As above, for a request that came over a connection (<paramref name="origin"/>), which the core may care about.</summary>
    public ValueTask SubmitAsync(IsoMessage request, IsoMessage response, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (_fault is not null)
        {
            AnswerSystemError(request, response);
            return ValueTask.CompletedTask;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var work = _pool.TryTake(out var pooled) ? pooled : new Work();
        work.Prepare(request, response, origin, cancellationToken);
        if (!_inbox.Writer.TryWrite(work))
        {
            work.Release(_pool);
            AnswerSystemError(request, response);
            return ValueTask.CompletedTask;
        }

        return AwaitAsync(work);
    }

    /// <summary>
    /// Called by the core during a turn: runs <paramref name="action"/> once that turn is committed, with its answers.
    /// How a message to a peer (a request to a remote issuer, carrying an RRN) waits for the sequence it took to be
    /// durable, so a restart can never give that RRN to another request.
    /// </summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _afterCommit.Add(action);
    }

    /// <summary>Runs <paramref name="action"/> on the loop, between requests: how events from outside (a remote issuer's answer) reach the core.</summary>
    /// <returns>False when the loop has stopped and the action will never run.</returns>
    public bool Post(Action<ILoopCore> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return _inbox.Writer.TryWrite(new Work(action));
    }

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _tick.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            await _run.ConfigureAwait(false); // RunAsync catches everything: it never throws
        }

        try
        {
            await _committing.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Already answered 96 and reported by the loop, if it was still running.
        }

        FailHeld();
        FailWaiting();
        _completion.TrySetResult();
        _stop.Dispose();
    }

    /// <summary>Answers <paramref name="request"/> with 96 (system error) into <paramref name="response"/>.</summary>
    private static void AnswerSystemError(IsoMessage request, IsoMessage response)
    {
        Replies.Begin(request, response, EchoedOnFailure);
        response.ResponseCode = ResponseCodes.SystemError;
    }

    /// <remarks>
    /// Implementation note: a slot goes back to the pool only once the loop has let go of it; a withdrawn slot is
    /// released by the loop itself when it skips it.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAsync(Work work)
    {
        try
        {
            await work.AsValueTask().ConfigureAwait(false);
        }
        finally
        {
            work.Release(_pool);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await TurnAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Stop(e);
        }
    }

    private async Task TurnAsync()
    {
        var reader = _inbox.Reader;
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            var taken = 0;
            while (taken < MaxBatch && reader.TryRead(out var work))
            {
                taken++;
                if (work.Event is { } action)
                {
                    action(Core); // an event from outside that throws leaves the core in doubt: the catch above stops the loop
                    continue;
                }

                if (work.IsWithdrawn)
                {
                    work.Cancel();
                    continue;
                }

                var token = ++_token;
                _waiting.Add(token, work);
                SubmitOne(token, work);
            }

            Core.RunDue();
            await ReleaseAsync().ConfigureAwait(false);
            ArmTick();
            if (taken < MaxBatch && !reader.TryPeek(out _) && !await reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Releases this turn's answers once everything they imply is durable. A turn that changed the ledger drains
    /// its changes here and commits them on another thread while the loop goes on with the next turn (group commit,
    /// pipelined); its answers are released when that commit is done. Commits run one at a time and in order, and
    /// answers never overtake an earlier turn's commit, so no terminal hears of money the store does not hold.
    /// </summary>
    private async ValueTask ReleaseAsync()
    {
        if (_store is not null)
        {
            await AwaitCommitAsync().ConfigureAwait(false); // the store's sealed turn is free again once the previous commit is done
            if (_store.Seal())
            {
                var answered = _answered;
                _answered = _spareLists.TryTake(out var spare) ? spare : [];
                var after = _afterCommit;
                _afterCommit = _spareActions.TryTake(out var spareActions) ? spareActions : [];
                _committing = Task.Run(() => Commit(_store, answered, after));
                return;
            }
        }

        if (_answered.Count > 0 || _afterCommit.Count > 0)
        {
            await AwaitCommitAsync().ConfigureAwait(false);
            foreach (var work in _answered)
            {
                work.Complete();
            }

            _answered.Clear();
            RunAfterCommit(_afterCommit);
        }
    }

    /// <summary>
    /// One turn's commit, off the loop: the answers go out when it is done. When it fails they are held, not answered:
    /// the loop retries the same turn (<see cref="RecoverStoreAsync"/>) and releases them once it is stored, or answers
    /// them 96 when it gives up. Answering 96 at once would be wrong if a retry then stored the approval.
    /// </summary>
    private bool Commit(ILoopStore store, List<Work> answered, List<Action> after)
    {
        try
        {
            store.Commit();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _heldAnswers = answered;
            _heldActions = after;
            _storeFault = e;
            _inbox.Writer.TryWrite(_tickWork); // wake the loop so it sees the failure
            return false;
        }

        Release(answered, after);
        return true;
    }

    private void Release(List<Work> answered, List<Action> after)
    {
        foreach (var work in answered)
        {
            work.Complete();
        }

        answered.Clear();
        _spareLists.Add(answered);
        RunAfterCommit(after);
        _spareActions.Add(after);
    }

    private void RunAfterCommit(List<Action> actions)
    {
        foreach (var action in actions)
        {
            try
            {
                action();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogAfterCommitFailed(e);
            }
        }

        actions.Clear();
    }

    /// <summary>
    /// Hands one request to the core. If the core throws, the request is answered 96 and logged with what
    /// identifies it, and the loop goes on serving everyone else: one malformed or unexpected request must not
    /// take the server down.
    /// </summary>
    private void SubmitOne(long token, Work work)
    {
        try
        {
            Core.Submit(token, work.Request, work.Origin);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (_waiting.Remove(token))
            {
                AnswerSystemError(work.Request, work.Response);
                _answered.Add(work);
            }

            LogRequestFailed(e, work.Request.Mti ?? "none", work.Request.Stan?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none",
                work.Request.TerminalId ?? "none");
        }
    }

    /// <summary>Waits for the last turn's commit; when it failed, retries it until it is stored (or throws, giving up).</summary>
    private async ValueTask AwaitCommitAsync()
    {
        if (!await _committing.ConfigureAwait(false))
        {
            await RecoverStoreAsync().ConfigureAwait(false);
            _committing = Task.FromResult(true);
        }
    }

    /// <summary>
    /// The store failed (disk full, I/O error): the core is not run meanwhile, so memory stays exactly one sealed turn
    /// ahead of the store. Requests that arrive are answered 96 at once, events from outside are kept for later, and the
    /// same turn is committed again with backoff. When it goes through, its held answers leave, the kept events run
    /// and the loop carries on; when the store stays down past <see cref="CoreLoopOptions.StoreOutageLimit"/>, the
    /// loop stops (the host exits non-zero) and the held requests are answered 96: none of them was stored.
    /// </summary>
    private async Task RecoverStoreAsync()
    {
        var fault = _storeFault!;
        var since = _time.GetUtcNow();
        _health = LoopHealth.StoreFailing(fault.Message, since);
        LogStoreFailing(fault, fault.Message);
        var kept = new List<Work>();
        var delay = _options.StoreRetryFirst;
        var tries = 1;
        while (true)
        {
            await AnswerMeanwhileAsync(delay, kept).ConfigureAwait(false);
            tries++;
            try
            {
                _store!.Commit();
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_time.GetUtcNow() - since >= _options.StoreOutageLimit)
                {
                    throw new StoreUnavailableException(
                        $"the store failed {tries} times over {(_time.GetUtcNow() - since).TotalSeconds:0} s ({e.Message}); nothing unstored was approved", e);
                }

                var doubled = delay * 2;
                delay = doubled < _options.StoreRetryMax ? doubled : _options.StoreRetryMax;
            }
        }

        var held = _heldAnswers!;
        var actions = _heldActions!;
        _heldAnswers = null;
        _heldActions = null;
        _storeFault = null;
        Release(held, actions);
        _health = LoopHealth.Ready;
        LogStoreRecovered((_time.GetUtcNow() - since).TotalSeconds, tries);
        foreach (var work in kept)
        {
            work.Event!(Core); // in arrival order, now that the store holds everything before them
        }
    }

    /// <summary>For <paramref name="delay"/>: answers requests 96 and keeps events, without running the core.</summary>
    private async Task AnswerMeanwhileAsync(TimeSpan delay, List<Work> kept)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        using var timer = _time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), wait, delay, Timeout.InfiniteTimeSpan);
        var reader = _inbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var work))
                {
                    if (ReferenceEquals(work, _tickWork))
                    {
                        continue;
                    }

                    if (work.Event is not null)
                    {
                        kept.Add(work);
                    }
                    else if (work.IsWithdrawn)
                    {
                        work.Cancel();
                    }
                    else
                    {
                        AnswerSystemError(work.Request, work.Response);
                        work.Complete();
                    }
                }
            }

            // The inbox is closed: the host is stopping. Wait for the stop (or the next try), not in a tight loop.
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            // Time to try the store again.
        }
    }

    /// <summary>
    /// The held answers of a turn no retry will store now: 96, unless its commit point had passed (then it is durable,
    /// the next start completes it, and the answers are the true ones).
    /// </summary>
    private void FailHeld()
    {
        if (_heldAnswers is { } durable && _store is { CommitPointPassed: true })
        {
            Release(durable, []);
            _heldAnswers = null;
            _heldActions = null;
            return;
        }

        if (_heldAnswers is { } held)
        {
            foreach (var work in held)
            {
                AnswerSystemError(work.Request, work.Response);
                work.Complete();
            }

            held.Clear();
            _heldAnswers = null;
            _heldActions = null;
        }
    }

    /// <summary>Stops the loop for good: every request waiting or held for the commit is answered 96.</summary>
    private void Stop(Exception fault)
    {
        _fault = fault;
        LogLoopStopped(fault, fault.Message);
        FailHeld();
        foreach (var work in _answered)
        {
            AnswerSystemError(work.Request, work.Response); // not committed: the approval must not reach the terminal
            work.Complete();
        }

        _answered.Clear();
        _afterCommit.Clear();
        FailWaiting();
        _inbox.Writer.TryComplete();
        while (_inbox.Reader.TryRead(out var work))
        {
            if (work.Event is null)
            {
                AnswerSystemError(work.Request, work.Response);
                work.Complete();
            }
        }

        _completion.TrySetException(fault);
        Faulted?.Invoke(fault);
    }

    private void FailWaiting()
    {
        foreach (var work in _waiting.Values)
        {
            AnswerSystemError(work.Request, work.Response);
            work.Complete();
        }

        _waiting.Clear();
    }

    /// <summary>Points the loop's one timer at the core's next due time, when that changed.</summary>
    private void ArmTick()
    {
        var due = Core.NextDue;
        if (due == _tickAt)
        {
            return;
        }

        _tickAt = due;
        var delay = due is { } at ? at - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        _tick.Change(delay < TimeSpan.Zero && due is not null ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    private void Wake()
    {
        _tickAt = null; // re-arm on the next turn even if the due time is unchanged
        _inbox.Writer.TryWrite(_tickWork);
    }

    /// <summary>The core's answer: written into the caller's response and held until this turn's commit.</summary>
    private void OnCoreResponse(long token, IsoMessage response)
    {
        if (_waiting.Remove(token, out var work))
        {
            response.CopyTo(work.Response);
            _answered.Add(work);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "The core failed on a request (MTI {Mti}, STAN {Stan}, terminal {Terminal}); answered 96")]
    private partial void LogRequestFailed(Exception error, string mti, string stan, string terminal);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "The store failed: {Reason}. Requests are answered 96 and the commit is retried until it goes through")]
    private partial void LogStoreFailing(Exception error, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "The store works again after {Seconds:0.0} s ({Tries} tries); approving again")]
    private partial void LogStoreRecovered(double seconds, int tries);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "An action held for the turn's commit failed")]
    private partial void LogAfterCommitFailed(Exception error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "The core loop stopped: {Reason}. Every request is answered 96 until restart")]
    private partial void LogLoopStopped(Exception error, string reason);

    /// <summary>A pooled request slot, completed without allocating (ManualResetValueTaskSourceCore).</summary>
    private sealed class Work : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _completion;
        private CancellationToken _cancellation;

        // The waiting handler resumes on the loop thread: it only encodes and queues the response, and on two cores
        // saving a thread-pool hop per request is worth more than the overlap (about 25% less CPU per message).
        public Work() => _completion.RunContinuationsAsynchronously = false;

        public Work(Action<ILoopCore> action)
        {
            Event = action;
        }

        public Action<ILoopCore>? Event { get; }

        public IsoMessage Request { get; private set; } = null!;

        public IsoMessage Response { get; private set; } = null!;

        public RequestOrigin Origin { get; private set; }

        /// <summary>The caller gave up before the loop took the request.</summary>
        public bool IsWithdrawn => _cancellation.IsCancellationRequested;

        public void Prepare(IsoMessage request, IsoMessage response, RequestOrigin origin, CancellationToken cancellation)
        {
            _completion.Reset();
            Request = request;
            Response = response;
            Origin = origin;
            _cancellation = cancellation;
        }

        public ValueTask AsValueTask() => new(this, _completion.Version);

        public void Complete() => _completion.SetResult(true);

        public void Cancel() => _completion.SetException(new OperationCanceledException(_cancellation));

        public void Release(ConcurrentBag<Work> pool)
        {
            Request = null!;
            Response = null!;
            _cancellation = default;
            pool.Add(this);
        }

        public void GetResult(short token) => _completion.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _completion.OnCompleted(continuation, state, token, flags);
    }
}

/// <summary>How the core loop rides out a failing store.</summary>
public sealed record CoreLoopOptions
{
    /// <summary>The first wait before a failed commit is tried again; it doubles up to <see cref="StoreRetryMax"/>.</summary>
    public TimeSpan StoreRetryFirst { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan StoreRetryMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the store may keep failing before the loop stops (and `possim serve` exits non-zero): long enough for an
    /// operator to free disk space, short enough that a dead disk does not leave a server that only says 96.
    /// </summary>
    public TimeSpan StoreOutageLimit { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>What the loop can promise now; the readiness a health check reports.</summary>
public sealed record LoopHealth(string State, string Detail, DateTimeOffset? Since)
{
    public static LoopHealth Ready { get; } = new("ready", "approving", null);

    public bool IsReady => ReferenceEquals(this, Ready) || State == "ready";

    public static LoopHealth StoreFailing(string reason, DateTimeOffset since) => new("store-failing", $"the store fails ({reason}); answering 96 and retrying", since);

    public static LoopHealth Stopped(string reason) => new("stopped", $"the core loop stopped ({reason}); restart needed", null);
}

/// <summary>The store kept failing past the outage limit: the loop stops rather than answer 96 for ever.</summary>
public sealed class StoreUnavailableException : IOException
{
    public StoreUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }
}
