using FsCheck;
using FsCheck.Xunit;
using PosSim.Ledger.Storage;
using PosSim.Tests.Shared;

namespace PosSim.Ledger.Tests.Model;

/// <summary>Supplies generated scenarios to the properties below.</summary>
public static class LedgerScenarios
{
    internal static Arbitrary<Op[]> Ops() => OpGenerators.Arbitrary();
}

/// <summary>
/// Random sequences of account creation, transfers, holds, posts, voids, expiries, retries, commits
/// and restarts, run against the real ledger and a plain reference model: every result and every
/// balance must agree after every step, and a restart must give back exactly what was committed.
/// </summary>
public class ModelBasedTests
{
    [Property(MaxTest = 300, Arbitrary = [typeof(LedgerScenarios)])]
    internal void The_ledger_agrees_with_the_reference_model_across_restarts_from_memory(Op[] ops)
    {
        var store = new InMemoryLedgerStore();
        new ModelRunner(() => store).Run(ops);
    }

    [Property(MaxTest = 40, Arbitrary = [typeof(LedgerScenarios)])]
    internal void The_ledger_agrees_with_the_reference_model_across_restarts_from_sqlite(Op[] ops)
    {
        using var folder = new TempFolder("possim-ledger-");
        new ModelRunner(() => new SqliteLedgerStore(folder.Sub("ledger.db"), new SqliteLedgerStoreOptions { Durability = SqliteDurability.Normal })).Run(ops);
    }
}
