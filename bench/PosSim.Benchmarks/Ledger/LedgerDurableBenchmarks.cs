using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PosSim.Ledger;
using PosSim.Ledger.Storage;

namespace PosSim.Benchmarks.Ledger;

/// <summary>
/// Durable operations per second through <see cref="DurableLedger"/> on SQLite (WAL, one
/// transaction per group commit), one client awaiting each batch of <see cref="BatchSize"/>
/// requests: a batch is one commit. Half the operations are holds, half their posts. A fresh
/// database per iteration.
/// </summary>
[Config(typeof(Config))]
public class LedgerDurableBenchmarks
{
    private const int Pairs = 1 << 13;
    private TransferRequest[] _holds = [];
    private TransferRequest[] _posts = [];
    private LedgerResult[] _results = [];
    private DurableLedger _ledger = null!;
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
        var store = new SqliteLedgerStore(Path.Combine(_folder, "ledger.db"), new SqliteLedgerStoreOptions { Durability = Durability });
        _ledger = DurableLedger.Open(store, TimeProvider.System, new DurableLedgerOptions
        {
            Ledger = new LedgerOptions { InitialAccountCapacity = 16 * 1024, InitialTransferCapacity = (2 * Pairs) + (16 * 1024) },
        });

        // Setup goes through the durable path too, in one batch so it does not dominate the iteration setup.
        var setup = new PosSim.Ledger.Ledger(TimeProvider.System);
        var accounts = new List<AccountRequest>();
        var funding = new List<TransferRequest>();
        LedgerWorkload.CreateAccounts(
            r => { accounts.Add(r); return setup.CreateAccount(r); },
            r => { funding.Add(r); return setup.Submit(r); });
        var created = accounts.Select(a => _ledger.CreateAccountAsync(a).AsTask()).ToArray();
        Task.WaitAll(created);
        var results = new LedgerResult[funding.Count];
        _ledger.SubmitAsync(funding.ToArray(), results).AsTask().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _ledger.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = 2 * Pairs)]
    public async Task HoldThenPost()
    {
        var ledger = _ledger;
        for (int i = 0; i < Pairs; i += BatchSize)
        {
            await ledger.SubmitAsync(_holds.AsMemory(i, BatchSize), _results);
            await ledger.SubmitAsync(_posts.AsMemory(i, BatchSize), _results);
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new OpsPerSecondColumn());
    }
}
