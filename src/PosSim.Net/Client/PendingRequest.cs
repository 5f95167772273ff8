using System.Threading.Tasks.Sources;
using PosSim.Iso8583;
using PosSim.Iso8583.Matching;
using PosSim.Net.Messaging;

namespace PosSim.Net.Client;

/// <summary>
/// A request waiting for its response: the awaitable the caller holds, its key, deadline and timer. Pooled with
/// its timer, so a send allocates nothing in steady state.
/// </summary>
/// <remarks>
/// Implementation note: exactly one of response, timeout, cancellation and disconnect completes it: whichever
/// removes it from the client's pending table under the client's lock. A stale timer tick after reuse finds the
/// new deadline not reached and re-arms for the rest of it.
/// </remarks>
internal sealed class PendingRequest : IValueTaskSource
{
    private readonly IsoClient _owner;
    private ManualResetValueTaskSourceCore<bool> _core;

    public PendingRequest(IsoClient owner, TimeProvider time, bool runContinuationsAsynchronously)
    {
        _owner = owner;
        _core.RunContinuationsAsynchronously = runContinuationsAsynchronously;
        Timer = time.CreateTimer(static s => ((PendingRequest)s!)._owner.OnTimer((PendingRequest)s), this, System.Threading.Timeout.InfiniteTimeSpan, System.Threading.Timeout.InfiniteTimeSpan);
    }

    public ITimer Timer { get; }

    public MatchKey Key { get; private set; }

    public IsoMessage? Target { get; private set; }

    public TimeSpan Timeout { get; private set; }

    public long StartTimestamp { get; private set; }

    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>The caller's token; when it is cancelled the timer is fired at once and completes with cancellation.</summary>
    public CancellationToken CancellationRequested { get; set; }

    public short Version => _core.Version;

    public void Start(MatchKey key, IsoMessage target, TimeSpan timeout, long startTimestamp)
    {
        Key = key;
        Target = target;
        Timeout = timeout;
        StartTimestamp = startTimestamp;
    }

    public void SetResult() => _core.SetResult(true);

    public void SetException(Exception error) => _core.SetException(error);

    public void GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            Target = null;
            Registration = default;
            CancellationRequested = default;
            _owner.ReturnPending(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
