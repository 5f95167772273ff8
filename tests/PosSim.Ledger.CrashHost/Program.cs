using PosSim.Ledger;
using PosSim.Ledger.CrashHost;
using PosSim.Ledger.Storage;

// Usage: PosSim.Ledger.CrashHost <db-path> <run> <full|normal> <pause-ms>
// Prints "ack <id> ." for every transfer whose batch was committed and acknowledged, and
// "retry-bad <id> <result> ." if an idempotent retry of an earlier run's request was not recognised.
// The parent kills this process with SIGKILL at a random moment and checks the store.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: PosSim.Ledger.CrashHost <db-path> <run> <full|normal> <pause-ms>");
    return 2;
}

string path = args[0];
int run = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var durability = args[2] == "normal" ? SqliteDurability.Normal : SqliteDurability.Full;

// A pause between batches keeps each run's volume small: the test wants many kills, not a big database.
int pause = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
var writeLock = new Lock();

void Emit(string line)
{
    lock (writeLock)
    {
        output.WriteLine(line);
        output.Flush();
    }
}

using var ledger = DurableLedger.Open(new SqliteLedgerStore(path, new SqliteLedgerStoreOptions { Durability = durability }), TimeProvider.System);
foreach (var account in CrashWorkload.Accounts())
{
    var result = await ledger.CreateAccountAsync(account);
    if (result is not (LedgerResult.Ok or LedgerResult.Exists))
    {
        Emit($"error account {account.Id} {result} .");
        return 1;
    }
}

foreach (var funding in CrashWorkload.FundingTransfers())
{
    var result = await ledger.SubmitAsync(funding);
    if (result is not (LedgerResult.Ok or LedgerResult.Exists))
    {
        Emit($"error funding {funding.Id} {result} .");
        return 1;
    }
}

// Retry the first batches of the previous run verbatim: anything committed must come back as Exists, never twice.
if (run > 0)
{
    for (int worker = 0; worker < CrashWorkload.Workers; worker++)
    {
        for (long sequence = 0; sequence < 3; sequence++)
        {
            var batch = CrashWorkload.Batch(run - 1, worker, sequence);
            var results = new LedgerResult[batch.Length];
            await ledger.SubmitAsync(batch, results);
            for (int i = 0; i < batch.Length; i++)
            {
                if (results[i] == LedgerResult.ExistsWithDifferentFields)
                {
                    Emit($"retry-bad {batch[i].Id} {results[i]} .");
                }
            }
        }
    }
}

Emit("ready .");

// Several workers submit concurrently, so the writer groups their batches into shared commits.
var workers = Enumerable.Range(0, CrashWorkload.Workers).Select(worker => Task.Run(async () =>
{
    var results = new LedgerResult[CrashWorkload.BatchSize];
    var acked = new System.Text.StringBuilder();
    for (long sequence = 0; ; sequence++)
    {
        var batch = CrashWorkload.Batch(run, worker, sequence);
        await ledger.SubmitAsync(batch, results);
        acked.Clear();
        for (int i = 0; i < batch.Length; i++)
        {
            if (results[i] is LedgerResult.Ok or LedgerResult.Exists)
            {
                acked.Append("ack ").Append(batch[i].Id).Append(" .\n");
            }
        }

        lock (writeLock)
        {
            output.Write(acked);
            output.Flush();
        }

        if (pause > 0)
        {
            await Task.Delay(pause);
        }
    }
}));
await Task.WhenAll(workers);
return 0;
