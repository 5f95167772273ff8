using System.Threading.Tasks.Sources;

namespace PosSim.Ledger.Internal;

internal enum CommandKind : byte
{
    Transfer,
    Batch,
    CreateAccount,
    Freeze,
    Unfreeze,
    Close,
    ExpireDue,
}

/// <summary>
/// One queued command and the awaitable its caller holds. Pooled and reset after each use, so the
/// durable path allocates no task per command.
/// </summary>
internal sealed class LedgerCommand : IValueTaskSource<LedgerResult>, IValueTaskSource
{
    private readonly DurableLedger _owner;

    // Continuations run on the thread pool, never on the writer thread: a slow caller must not stall the commit loop.
    private ManualResetValueTaskSourceCore<LedgerResult> _core = new() { RunContinuationsAsynchronously = true };

    public LedgerCommand(DurableLedger owner) => _owner = owner;

    public CommandKind Kind { get; set; }

    public TransferRequest Transfer { get; set; }

    public AccountRequest Account { get; set; }

    public UInt128 AccountId { get; set; }

    public ReadOnlyMemory<TransferRequest> Requests { get; set; }

    public Memory<LedgerResult> Results { get; set; }

    public LedgerResult Result { get; set; }

    public short Version => _core.Version;

    public void Complete() => _core.SetResult(Result);

    public void Fail(Exception error) => _core.SetException(error);

    public LedgerResult GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            Requests = default;
            Results = default;
            _owner.Return(this);
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
