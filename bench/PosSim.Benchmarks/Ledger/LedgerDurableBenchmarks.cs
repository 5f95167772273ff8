using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PosSim.Ledger;
using PosSim.Ledger.Storage;

namespace PosSim.Benchmarks.Ledger;

/// <summary>
/// Durable operations per second the way `possim serve` makes them: the in-memory ledger applies a batch of
/// <see cref="BatchSize"/> requests (one turn of the core loop), then commits its changes to SQLite in one
/// transaction (WAL, group commit). Half the operations are holds, half their posts. A fresh database per iteration.
/// </summary>
[Config(typeof(Config))]
public class LedgerDurableBenchmarks
{
    private const int Pairs = 1 << 13;
    private TransferRequest[] _holds = [];
    private TransferRequest[] _posts = [];
    private LedgerResult[] _results = [];
    private PosSim.Ledger.Ledger _ledger = null!;
    private SqliteLedgerStore _store = null!;
    private readonly LedgerCommitBatch _commit = new();
    private string _folder = "";

    [Params(1, 16, 256, 2048)]
    public int BatchSize { get; set; }

    [Params(SqliteDurability.Normal, SqliteDurability.Full)]
    public SqliteDurability Durability { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        (_holds, _posts) = LedgerWorkload.TwoPhase(Pairs);
        _results = new LedgerResult[BatchSize];
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _folder = Directory.CreateTempSubdirectory("possim-bench-").FullName;
        _store = new SqliteLedgerStore(Path.Combine(_folder, "ledger.db"), new SqliteLedgerStoreOptions { Durability = Durability });
        _ledger = new PosSim.Ledger.Ledger(TimeProvider.System, new LedgerOptions
        {
            TrackChanges = true,
            InitialAccountCapacity = 16 * 1024,
            InitialTransferCapacity = (2 * Pairs) + (16 * 1024),
        });

        // Setup is committed too, in one transaction, so it does not dominate the iteration setup.
        LedgerWorkload.CreateAccounts(r => _ledger.CreateAccount(r), r => _ledger.Submit(r));
        _ledger.CommitTo(_store, _commit);
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = 2 * Pairs)]
    public void HoldThenPost()
    {
        var ledger = _ledger;
        for (int i = 0; i < Pairs; i += BatchSize)
        {
            ledger.Submit(_holds.AsSpan(i, BatchSize), _results);
            ledger.CommitTo(_store, _commit);
            ledger.Submit(_posts.AsSpan(i, BatchSize), _results);
            ledger.CommitTo(_store, _commit);
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new OpsPerSecondColumn());
    }
}
