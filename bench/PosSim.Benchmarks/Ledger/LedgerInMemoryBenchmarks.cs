using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PosSim.Ledger;

namespace PosSim.Benchmarks.Ledger;

/// <summary>
/// Two-phase operations per second on the sans-IO ledger, in memory, on one thread: 2^18 holds
/// and their 2^18 posts per invocation, submitted in batches of <see cref="BatchSize"/>. Every
/// hold and every post counts as one operation. The ledger is cleared (memory kept) before each
/// iteration: steady state, not the first touch of fresh pages, which in this VM costs ~6 us a page.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class LedgerInMemoryBenchmarks
{
    private const int Pairs = 1 << 18;
    private TransferRequest[] _holds = [];
    private TransferRequest[] _posts = [];
    private LedgerResult[] _results = [];
    private PosSim.Ledger.Ledger _ledger = null!;

    /// <summary>Live runs read the system clock (once per submitted batch); simulations read virtual time.</summary>
    public enum ClockKind
    {
        System,
        Virtual,
    }

    [Params(1, 16, 256, 4096)]
    public int BatchSize { get; set; }

    [Params(ClockKind.System, ClockKind.Virtual)]
    public ClockKind Clock { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        (_holds, _posts) = LedgerWorkload.TwoPhase(Pairs);
        _results = new LedgerResult[BatchSize];
        _ledger = new PosSim.Ledger.Ledger(Clock == ClockKind.System ? TimeProvider.System : new VirtualClock(), new LedgerOptions
        {
            InitialAccountCapacity = 16 * 1024,
            InitialTransferCapacity = (2 * Pairs) + (16 * 1024),
        });
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _ledger.Clear();
        LedgerWorkload.CreateAccounts(r => _ledger.CreateAccount(r), r => _ledger.Submit(r));
    }

    [Benchmark(OperationsPerInvoke = 2 * Pairs)]
    public void HoldThenPost()
    {
        var ledger = _ledger;
        if (BatchSize == 1)
        {
            for (int i = 0; i < Pairs; i++)
            {
                ledger.Submit(in _holds[i]);
                ledger.Submit(in _posts[i]);
            }

            return;
        }

        for (int i = 0; i < Pairs; i += BatchSize)
        {
            ledger.Submit(_holds.AsSpan(i, BatchSize), _results);
            ledger.Submit(_posts.AsSpan(i, BatchSize), _results);
        }
    }

    /// <summary>Virtual time as a simulation drives it: a field read, one tick further each time.</summary>
    private sealed class VirtualClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 3, 2, 14, 2, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(_ticks++, TimeSpan.Zero);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new OpsPerSecondColumn());
    }
}
