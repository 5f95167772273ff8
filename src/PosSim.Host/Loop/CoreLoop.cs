using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;
using PosSim.Core.Roles;
using PosSim.Iso8583;
using PosSim.Ledger.Storage;

namespace PosSim.Host.Loop;

/// <summary>
/// Runs a core (the switch, the issuer, or both with the ledger) live: one loop owns it, so the core stays
/// single-threaded while any number of connections submit requests. Each turn of the loop takes every request
/// waiting (up to a batch), runs due timers, commits the ledger's changes in one transaction (group commit),
/// and only then releases the responses: no terminal hears "approved" for money the store does not hold yet.
/// </summary>
public sealed class CoreLoop : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<Work> _inbox = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentBag<Work> _pool = [];
    private readonly Dictionary<long, Work> _waiting = [];
    private readonly List<Work> _answered = [];
    private readonly TimeProvider _time;
    private readonly Ledger.Ledger? _ledger;
    private readonly ILedgerStore? _ledgerStore;
    private readonly LedgerCommitBatch _commitBatch = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _tick;
    private readonly Work _tickWork;
    private DateTimeOffset? _tickAt;
    private Task? _run;
    private long _token;

    /// <param name="build">Builds the core given the callback through which it answers requests.</param>
    /// <param name="ledger">The core's ledger, if it has one; with <paramref name="ledgerStore"/>, its changes are committed there every turn.</param>
    public CoreLoop(TimeProvider time, Func<Action<long, IsoMessage>, ILoopCore> build, Ledger.Ledger? ledger = null, ILedgerStore? ledgerStore = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(build);
        _time = time;
        _ledger = ledger;
        _ledgerStore = ledgerStore;
        Core = build(OnTerminalResponse);
        _tickWork = new Work(static _ => { });

        // One timer for the whole loop: when the core's next timer falls due it drops a no-op into the inbox,
        // which wakes the loop; the loop runs what is due after every batch anyway.
        _tick = time.CreateTimer(static state => ((CoreLoop)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ILoopCore Core { get; }

    /// <summary>Requests submitted and not yet answered.</summary>
    public int Pending => _waiting.Count;

    public void Start() => _run ??= Task.Run(RunAsync);

    /// <summary>
    /// Submits a request and waits for the core's answer, which is copied into <paramref name="response"/>.
    /// The request is copied before this returns; both messages stay the caller's. Every request is answered
    /// (the core's own timeouts see to that), so there is no cancellation.
    /// </summary>
    public ValueTask SubmitAsync(IsoMessage request, IsoMessage response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var work = _pool.TryTake(out var pooled) ? pooled : new Work();
        work.Prepare(request, response);
        if (!_inbox.Writer.TryWrite(work))
        {
            throw new InvalidOperationException("The core loop has stopped.");
        }

        return AwaitAsync(work);
    }

    /// <summary>Runs <paramref name="action"/> on the loop, between requests: how events from outside (a remote issuer's answer) reach the core.</summary>
    public void Post(Action<ILoopCore> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _inbox.Writer.TryWrite(new Work(action));
    }

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _tick.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            try
            {
                await _run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        foreach (var work in _waiting.Values)
        {
            work.Fail(new InvalidOperationException("The core loop stopped before answering."));
        }

        _stop.Dispose();
    }

    /// <remarks>
    /// Implementation note: the wait takes no cancellation token. The core answers every request (the switch's
    /// own timeout sees to that) and a stopping loop fails what it holds, so the wait always ends; and a slot may
    /// only go back to the pool once the loop has let go of it.
    /// </remarks>
    private async ValueTask AwaitAsync(Work work)
    {
        await work.AsValueTask().ConfigureAwait(false);
        work.Release(_pool);
    }

    private async Task RunAsync()
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
                    action(Core);
                    continue;
                }

                var token = ++_token;
                _waiting.Add(token, work);
                Core.Submit(token, work.Request);
            }

            Core.RunDue();
            if (_ledgerStore is not null && _ledger is { HasChanges: true })
            {
                _ledger.CommitTo(_ledgerStore, _commitBatch);
            }

            foreach (var work in _answered)
            {
                work.Complete();
            }

            _answered.Clear();
            ArmTick();
            if (taken < MaxBatch && !reader.TryPeek(out _) && !await reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                return;
            }
        }
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

    private void OnTerminalResponse(long token, IsoMessage response)
    {
        if (_waiting.Remove(token, out var work))
        {
            response.CopyTo(work.Request); // the request is done with: hold the answer until the commit
            _answered.Add(work);
        }
    }

    /// <summary>A pooled request slot, completed without allocating (ManualResetValueTaskSourceCore).</summary>
    private sealed class Work : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _completion;
        private IsoMessage? _response;

        // The waiting handler resumes on the loop thread: it only encodes and queues the response, and on two cores
        // saving a thread-pool hop per request is worth more than the overlap (about 25% less CPU per message).
        public Work() => _completion.RunContinuationsAsynchronously = false;

        public Work(Action<ILoopCore> action)
        {
            Event = action;
        }

        public Action<ILoopCore>? Event { get; }

        /// <summary>The request on the way in; the answer, once the core has given one.</summary>
        public IsoMessage Request { get; } = new();

        public void Prepare(IsoMessage request, IsoMessage response)
        {
            _completion.Reset();
            request.CopyTo(Request);
            _response = response;
        }

        public ValueTask AsValueTask() => new(this, _completion.Version);

        public void Complete()
        {
            Request.CopyTo(_response!);
            _completion.SetResult(true);
        }

        public void Fail(Exception error) => _completion.SetException(error);

        public void Release(ConcurrentBag<Work> pool)
        {
            _response = null;
            pool.Add(this);
        }

        public void GetResult(short token) => _completion.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _completion.OnCompleted(continuation, state, token, flags);
    }
}
