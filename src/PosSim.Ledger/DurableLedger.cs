using System.Collections.Concurrent;
using PosSim.Ledger.Internal;
using PosSim.Ledger.Storage;

namespace PosSim.Ledger;

/// <summary>Options of <see cref="DurableLedger"/>.</summary>
public sealed record DurableLedgerOptions
{
    /// <summary>Sizing of the ledger rebuilt from the store.</summary>
    public LedgerOptions Ledger { get; init; } = new();

    /// <summary>How often the idle writer releases expired holds (it also does so before every command).</summary>
    public TimeSpan ExpiryScanInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>
/// The ledger behind a store, for live use from many threads. Commands queue up; one writer thread
/// takes everything queued, applies it to the <see cref="Ledger"/> in order, commits the changes to
/// the store in one transaction (group commit), and only then completes the callers' tasks. Queries
/// never see a change before it is committed. If a commit fails, the ledger stops: every pending and
/// later call throws, and the only way on is to reopen (rebuild from the store).
/// </summary>
public sealed class DurableLedger : IDisposable
{
    private readonly Ledger _ledger;
    private readonly ILedgerStore _store;
    private readonly DurableLedgerOptions _options;
    private readonly LedgerCommitBatch _batch = new();
    private readonly ConcurrentBag<LedgerCommand> _pool = [];
    private readonly object _queueLock = new();
    private readonly Lock _stateLock = new();
    private readonly Thread _writer;
    private List<LedgerCommand> _queue = [];
    private List<LedgerCommand> _draining = [];
    private Exception? _fault;
    private bool _stopping;
    private bool _disposed;

    private DurableLedger(Ledger ledger, ILedgerStore store, DurableLedgerOptions options)
    {
        _ledger = ledger;
        _store = store;
        _options = options;
        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "PosSim.Ledger writer" };
        _writer.Start();
    }

    /// <summary>Rebuilds the ledger from <paramref name="store"/> and starts the writer. The ledger owns the store from here on.</summary>
    public static DurableLedger Open(ILedgerStore store, TimeProvider time, DurableLedgerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new DurableLedgerOptions();
        var ledger = Ledger.Rebuild(store, time, options.Ledger);
        return new DurableLedger(ledger, store, options);
    }

    /// <summary>Applies one transfer; completes after the batch holding it is committed.</summary>
    public ValueTask<LedgerResult> SubmitAsync(in TransferRequest request)
    {
        var command = Rent(CommandKind.Transfer);
        command.Transfer = request;
        return Enqueue(command);
    }

    /// <summary>
    /// Applies a batch (linked chains allowed, see <see cref="Ledger.Submit(ReadOnlySpan{TransferRequest}, Span{LedgerResult})"/>),
    /// writing one result per request into <paramref name="results"/>; completes after the batch is committed.
    /// </summary>
    public ValueTask SubmitAsync(ReadOnlyMemory<TransferRequest> requests, Memory<LedgerResult> results)
    {
        if (results.Length < requests.Length)
        {
            ThrowHelper.ThrowArgument("Need one result slot per request.", nameof(results));
        }

        var command = Rent(CommandKind.Batch);
        command.Requests = requests;
        command.Results = results;
        Enqueue(command, out short token);
        return new ValueTask(command, token);
    }

    public ValueTask<LedgerResult> CreateAccountAsync(in AccountRequest request)
    {
        var command = Rent(CommandKind.CreateAccount);
        command.Account = request;
        return Enqueue(command);
    }

    public ValueTask<LedgerResult> FreezeAccountAsync(UInt128 accountId) => AccountCommand(CommandKind.Freeze, accountId);

    public ValueTask<LedgerResult> UnfreezeAccountAsync(UInt128 accountId) => AccountCommand(CommandKind.Unfreeze, accountId);

    public ValueTask<LedgerResult> CloseAccountAsync(UInt128 accountId) => AccountCommand(CommandKind.Close, accountId);

    /// <summary>Releases expired holds now and commits the releases (the writer also does this when idle).</summary>
    public ValueTask<LedgerResult> ExpireDueAsync() => Enqueue(Rent(CommandKind.ExpireDue));

    public bool TryGetAccount(UInt128 accountId, out Account account)
    {
        lock (_stateLock)
        {
            ThrowIfFaulted();
            return _ledger.TryGetAccount(accountId, out account);
        }
    }

    public bool TryGetBalance(UInt128 accountId, out AccountBalance balance)
    {
        lock (_stateLock)
        {
            ThrowIfFaulted();
            return _ledger.TryGetBalance(accountId, out balance);
        }
    }

    public bool TryGetTransfer(UInt128 transferId, out Transfer transfer)
    {
        lock (_stateLock)
        {
            ThrowIfFaulted();
            return _ledger.TryGetTransfer(transferId, out transfer);
        }
    }

    public IReadOnlyList<Transfer> GetAccountTransfers(UInt128 accountId, DateTimeOffset from, DateTimeOffset until)
    {
        lock (_stateLock)
        {
            ThrowIfFaulted();
            return _ledger.GetAccountTransfers(accountId, from, until);
        }
    }

    public LedgerTotals GetTotals()
    {
        lock (_stateLock)
        {
            ThrowIfFaulted();
            return _ledger.GetTotals();
        }
    }

    /// <inheritdoc cref="Ledger.CheckInvariants"/>
    public IReadOnlyList<string> CheckInvariants(bool deep = false)
    {
        lock (_stateLock)
        {
            ThrowIfFaulted();
            return _ledger.CheckInvariants(deep);
        }
    }

    /// <summary>Finishes the queued commands, stops the writer and closes the store.</summary>
    public void Dispose()
    {
        lock (_queueLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stopping = true;
            Monitor.PulseAll(_queueLock);
        }

        _writer.Join();
        _store.Dispose();
    }

    internal void Return(LedgerCommand command) => _pool.Add(command);

    private ValueTask<LedgerResult> AccountCommand(CommandKind kind, UInt128 accountId)
    {
        var command = Rent(kind);
        command.AccountId = accountId;
        return Enqueue(command);
    }

    private LedgerCommand Rent(CommandKind kind)
    {
        if (!_pool.TryTake(out var command))
        {
            command = new LedgerCommand(this);
        }

        command.Kind = kind;
        return command;
    }

    private ValueTask<LedgerResult> Enqueue(LedgerCommand command)
    {
        Enqueue(command, out short token);
        return new ValueTask<LedgerResult>(command, token);
    }

    private void Enqueue(LedgerCommand command, out short token)
    {
        token = command.Version;
        lock (_queueLock)
        {
            if (_disposed)
            {
                ThrowHelper.ThrowDisposed();
            }

            if (_fault is not null)
            {
                command.Fail(Faulted(_fault));
                return;
            }

            _queue.Add(command);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_queueLock);
            }
        }
    }

    private void WriterLoop()
    {
        while (true)
        {
            List<LedgerCommand> group;
            lock (_queueLock)
            {
                if (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_queueLock, _options.ExpiryScanInterval);
                }

                if (_queue.Count == 0 && _stopping)
                {
                    return;
                }

                group = _queue;
                _queue = _draining;
                _draining = group;
            }

            if (!ApplyAndCommit(group))
            {
                return;
            }

            foreach (var command in group)
            {
                command.Complete();
            }

            group.Clear();
        }
    }

    /// <summary>Applies a group and commits it, holding the state lock throughout so queries only ever see committed state.</summary>
    private bool ApplyAndCommit(List<LedgerCommand> group)
    {
        lock (_stateLock)
        {
            try
            {
                if (group.Count == 0)
                {
                    _ledger.ExpireDue();
                }

                foreach (var command in group)
                {
                    command.Result = Execute(command);
                }

                _batch.Clear();
                _ledger.DrainChanges(_batch);
                if (!_batch.IsEmpty)
                {
                    _store.Commit(_batch);
                }

                _batch.Clear();
                return true;
            }
            catch (Exception ex)
            {
                // A failed commit (or, never expected, a failed apply) leaves memory ahead of the store: stop, and fail everyone.
                FailAll(group, ex);
                return false;
            }
        }
    }

    private LedgerResult Execute(LedgerCommand command)
    {
        switch (command.Kind)
        {
            case CommandKind.Transfer:
                var request = command.Transfer;
                return _ledger.Submit(in request);
            case CommandKind.Batch:
                _ledger.Submit(command.Requests.Span, command.Results.Span);
                return LedgerResult.Ok;
            case CommandKind.CreateAccount:
                var account = command.Account;
                return _ledger.CreateAccount(in account);
            case CommandKind.Freeze:
                return _ledger.FreezeAccount(command.AccountId);
            case CommandKind.Unfreeze:
                return _ledger.UnfreezeAccount(command.AccountId);
            case CommandKind.Close:
                return _ledger.CloseAccount(command.AccountId);
            default:
                _ledger.ExpireDue();
                return LedgerResult.Ok;
        }
    }

    private void FailAll(List<LedgerCommand> group, Exception error)
    {
        List<LedgerCommand> queued;
        lock (_queueLock)
        {
            _fault = error;
            queued = _queue;
            _queue = [];
        }

        var faulted = Faulted(error);
        foreach (var command in group)
        {
            command.Fail(faulted);
        }

        foreach (var command in queued)
        {
            command.Fail(faulted);
        }
    }

    private static InvalidOperationException Faulted(Exception error) =>
        new("The ledger stopped after its store failed; reopen it to rebuild from the store.", error);

    private void ThrowIfFaulted()
    {
        if (_fault is not null)
        {
            ThrowHelper.ThrowFaulted(_fault);
        }
    }
}
