using System.Threading.Channels;
using PosSim.Iso8583;
using PosSim.Ledger.Storage;

namespace PosSim.Core.Hosting;

/// <summary>
/// A single-threaded core the live loop drives: a request in, an answer out through the callback it was built
/// with (now or later), and timers.
/// </summary>
public interface ILoopCore
{
    void Submit(long token, IsoMessage request);

    /// <summary>Fires what is due; returns how many.</summary>
    int RunDue();

    DateTimeOffset? NextDue { get; }
}

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
    private readonly Dictionary<long, Work> _waiting = [];
    private readonly List<Work> _answered = [];
    private readonly TimeProvider _time;
    private readonly Ledger.Ledger? _ledger;
    private readonly ILedgerStore? _ledgerStore;
    private readonly LedgerCommitBatch _commitBatch = new();
    private readonly CancellationTokenSource _stop = new();
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
    }

    public ILoopCore Core { get; }

    /// <summary>Requests submitted and not yet answered.</summary>
    public int Pending => _waiting.Count;

    public void Start() => _run ??= Task.Run(RunAsync);

    /// <summary>
    /// Submits a request and waits for the switch's answer, which is copied into <paramref name="response"/>.
    /// The request is copied before this returns; both messages stay the caller's.
    /// </summary>
    public async ValueTask SubmitAsync(IsoMessage request, IsoMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var work = new Work(response);
        request.CopyTo(work.Request);
        if (!_inbox.Writer.TryWrite(work))
        {
            throw new InvalidOperationException("The acquirer has stopped.");
        }

        await work.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
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
            work.Done?.TrySetException(new InvalidOperationException("The acquirer stopped before answering."));
        }

        _stop.Dispose();
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
                work.Done.TrySetResult();
            }

            _answered.Clear();
            if (taken == MaxBatch)
            {
                continue;
            }

            if (!await WaitForWorkAsync(reader, stop).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Waits for a request or the next due timer, whichever comes first. False when the inbox is closed.</summary>
    private async ValueTask<bool> WaitForWorkAsync(ChannelReader<Work> reader, CancellationToken stop)
    {
        if (reader.TryPeek(out _))
        {
            return true;
        }

        var due = Core.NextDue;
        if (due is null)
        {
            return await reader.WaitToReadAsync(stop).ConfigureAwait(false);
        }

        var delay = due.Value - _time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(delay, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stop);
        try
        {
            return await reader.WaitToReadAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return true; // a timer is due
        }
    }

    private void OnTerminalResponse(long token, IsoMessage response)
    {
        if (_waiting.Remove(token, out var work))
        {
            response.CopyTo(work.Response);
            _answered.Add(work);
        }
    }

    private sealed class Work
    {
        public Work(IsoMessage response)
        {
            Request = new IsoMessage();
            Response = response;
            Done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public Work(Action<ILoopCore> action)
        {
            Event = action;
            Request = Response = null!;
            Done = null!;
        }

        public Action<ILoopCore>? Event { get; }

        public IsoMessage Request { get; }

        public IsoMessage Response { get; }

        public TaskCompletionSource Done { get; }
    }
}
