using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PosSim.Ledger;
using PosSim.Ledger.Storage;

namespace PosSim.Benchmarks.Ledger;

/// <summary>
/// Group commit across callers: <see cref="Clients"/> concurrent clients each submit single
/// transfers (a hold, then its post) and await each one, as a switch's connections would. The
/// writer groups whatever is queued into one SQLite transaction, so throughput grows with the
/// number of callers although no caller batches.
/// </summary>
[Config(typeof(Config))]
public class LedgerGroupCommitBenchmarks
{
    private const int Pairs = 1 << 13;
    private TransferRequest[] _holds = [];
    private TransferRequest[] _posts = [];
    private DurableLedger _ledger = null!;
    private string _folder = "";

    [Params(1, 16, 256)]
    public int Clients { get; set; }

    [Params(SqliteDurability.Normal, SqliteDurability.Full)]
    public SqliteDurability Durability { get; set; }

    [GlobalSetup]
    public void GlobalSetup() => (_holds, _posts) = LedgerWorkload.TwoPhase(Pairs);

    [IterationSetup]
    public void IterationSetup()
    {
        _folder = Directory.CreateTempSubdirectory("possim-bench-").FullName;
        var store = new SqliteLedgerStore(Path.Combine(_folder, "ledger.db"), new SqliteLedgerStoreOptions { Durability = Durability });
        _ledger = DurableLedger.Open(store, TimeProvider.System);
        var setup = new PosSim.Ledger.Ledger(TimeProvider.System);
        var accounts = new List<AccountRequest>();
        var funding = new List<TransferRequest>();
        LedgerWorkload.CreateAccounts(
            r => { accounts.Add(r); return setup.CreateAccount(r); },
            r => { funding.Add(r); return setup.Submit(r); });
        Task.WaitAll(accounts.Select(a => _ledger.CreateAccountAsync(a).AsTask()).ToArray());
        _ledger.SubmitAsync(funding.ToArray(), new LedgerResult[funding.Count]).AsTask().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _ledger.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = 2 * Pairs)]
    public Task SingleTransfersFromConcurrentClients()
    {
        var clients = new Task[Clients];
        for (int c = 0; c < Clients; c++)
        {
            int client = c;
            clients[c] = Task.Run(async () =>
            {
                for (int i = client; i < Pairs; i += Clients)
                {
                    await _ledger.SubmitAsync(in _holds[i]);
                    await _ledger.SubmitAsync(in _posts[i]);
                }
            });
        }

        return Task.WhenAll(clients);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new OpsPerSecondColumn());
    }
}
