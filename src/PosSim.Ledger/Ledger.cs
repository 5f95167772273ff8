using PosSim.Ledger.Internal;

namespace PosSim.Ledger;

/// <summary>
/// The double-entry bank ledger as a sans-IO state machine: commands in, result codes out. It never
/// touches the disk, starts a thread or reads the wall clock; time comes from the injected
/// <see cref="TimeProvider"/> (one read per command or batch). Not thread-safe: one caller at a time
/// (the simulation's event loop, or the live core loop, which commits its changes to a store every turn).
/// </summary>
/// <remarks>
/// Implementation note: accounts and transfers are structs in dense arrays addressed by index, with
/// one dictionary each from the 128-bit id to the index. A post or void reaches the hold and its
/// accounts by stored index, so it costs one hash lookup (its own id) plus the hold's. Each account's
/// history is a linked list threaded through the transfer array, so range queries allocate only
/// their result and the hot path allocates nothing once the arrays are sized.
/// </remarks>
public sealed partial class Ledger
{
    private readonly TimeProvider _time;
    private readonly Dictionary<UInt128, int> _accountIndex;
    private readonly Dictionary<UInt128, int> _transferIndex;
    private AccountSlot[] _accounts;
    private TransferSlot[] _transfers;
    private int _accountCount;
    private int _transferCount;

    /// <summary>Last timestamp handed out: every account, transfer and expiry gets a unique, increasing one.</summary>
    private long _lastTimestamp;

    public Ledger(TimeProvider time, LedgerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        options ??= new LedgerOptions();
        _time = time;
        int accounts = Math.Max(options.InitialAccountCapacity, 4);
        int transfers = Math.Max(options.InitialTransferCapacity, 4);
        _accounts = new AccountSlot[accounts];
        _transfers = new TransferSlot[transfers];
        _accountIndex = new Dictionary<UInt128, int>(accounts, IdComparer.Instance);
        _transferIndex = new Dictionary<UInt128, int>(transfers, IdComparer.Instance);
        _expiries = new PriorityQueue<int, ExpiryKey>(Math.Max(transfers / 2, 4));
        _track = options.TrackChanges;
    }

    /// <summary>Number of accounts.</summary>
    public int AccountCount => _accountCount;

    /// <summary>Number of transfers in memory (holds, posts, voids and single-phase transfers): all recorded, less those forgotten by <see cref="ForgetFinishedBefore"/>.</summary>
    public int TransferCount => _transferCount;

    /// <summary>The time source this ledger reads; hold expiry follows it.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>
    /// Forgets everything but keeps the memory: a long-running process (or a benchmark iteration)
    /// starts again on arrays and tables whose pages are already mapped.
    /// </summary>
    internal void Clear()
    {
        _accountIndex.Clear();
        _transferIndex.Clear();
        _expiries.Clear();
        _changedAccounts.Clear();
        _expired.Clear();
        _accountCount = 0;
        _transferCount = 0;
        _drainedTransfers = 0;
        _lastTimestamp = 0;
        _forgottenPosted = null;
        _highestSequence.Clear();
        _sequencesFolded = 0;
    }

    private long Now() => _time.GetUtcNow().UtcTicks;

    private long PeekTimestamp(long now) => now > _lastTimestamp ? now : _lastTimestamp + 1;

    private long NextTimestamp(long now) => _lastTimestamp = PeekTimestamp(now);

    private void EnsureTransferCapacity()
    {
        if (_transferCount == _transfers.Length)
        {
            Array.Resize(ref _transfers, checked(_transfers.Length * 2));
        }
    }

    private void EnsureAccountCapacity()
    {
        if (_accountCount == _accounts.Length)
        {
            Array.Resize(ref _accounts, checked(_accounts.Length * 2));
        }
    }
}
