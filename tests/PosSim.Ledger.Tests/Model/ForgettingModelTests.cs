using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Ledger.Storage;
using PosSim.Tests.Shared;

namespace PosSim.Ledger.Tests.Model;

/// <summary>The generated scenarios of <see cref="OpGenerators"/> with forgetting, at cut-offs from now to a few minutes back, mixed in.</summary>
public static class ForgettingScenarios
{
    private static readonly Gen<Op> Forget = Gen.Elements(-1, 0, 1, 30, 61, 200).Select(s => (Op)new ForgetOp(s));

    private static readonly Gen<Op[]> Scenario =
        Gen.Sized(size => Gen.Frequency((12, OpGenerators.Op), (3, Forget)).ArrayOf(Math.Clamp(size, 5, 120)));

    internal static Arbitrary<Op[]> Ops() => Arb.From(Scenario, OpGenerators.Shrink);
}

/// <summary>
/// Forgetting finished transfers changes nothing but lookups: random scenarios, with forgetting and restarts that
/// forget as they replay, give the same results, balances, totals, sequences and invariants as a ledger that never forgets.
/// </summary>
public class ForgettingModelTests
{
    [Property(MaxTest = 300, Arbitrary = [typeof(ForgettingScenarios)])]
    internal void A_forgetting_ledger_agrees_with_one_that_never_forgets_across_restarts_from_memory(Op[] ops)
    {
        var store = new InMemoryLedgerStore();
        new ForgettingRunner(() => store).Run(ops);
    }

    [Property(MaxTest = 40, Arbitrary = [typeof(ForgettingScenarios)])]
    internal void A_forgetting_ledger_agrees_with_one_that_never_forgets_across_restarts_from_sqlite(Op[] ops)
    {
        using var folder = new TempFolder("possim-ledger-forget-");
        new ForgettingRunner(() => new SqliteLedgerStore(folder.Sub("ledger.db"), new SqliteLedgerStoreOptions { Durability = SqliteDurability.Normal })).Run(ops);
    }
}
