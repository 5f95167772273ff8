using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Outputs;
using PosSim.Tests.Shared;

namespace PosSim.Reconciliation.Tests.World;

/// <summary>Properties over generated worlds with known breaks (the ground truth of <see cref="WorldBuilder"/>).</summary>
public class WorldPropertyTests
{
    private static readonly ExceptionKind[] AllKinds = Enum.GetValues<ExceptionKind>();

    private static Arbitrary<(int Seed, ExceptionKind[] Breaks)> Worlds(int maxBreaks) =>
        (from seed in Gen.Choose(0, int.MaxValue)
         from n in Gen.Choose(0, maxBreaks)
         from breaks in Gen.ArrayOf(Gen.Elements(AllKinds), n)
         select (seed, breaks)).ToArbitrary();

    private static MatchResult Run(GeneratedWorld world, TempFolder dir, Random? shuffle = null, ReadOptions? options = null)
    {
        var input = dir.Sub(shuffle is null ? "in" : "shuffled");
        world.Write(input, shuffle);
        return Matcher.Run(input, world.AsOf, options ?? ReadOptions.Default);
    }

    private static string Describe(IEnumerable<InjectedBreak> set) => string.Join(" ", set.Select(e => e.ToString()).Order(StringComparer.Ordinal));

    private static bool ReportsExactly(GeneratedWorld world, MatchResult result)
    {
        var reported = result.Exceptions.Select(InjectedBreak.Of).ToHashSet();
        Assert.True(reported.Count == result.Exceptions.Count, "one row per kind and key");
        Assert.True(world.Expected.SetEquals(reported),
            $"expected [{Describe(world.Expected)}] but got [{Describe(reported)}]; missing [{Describe(world.Expected.Except(reported))}], extra [{Describe(reported.Except(world.Expected))}]");
        return true;
    }

    [Fact]
    public void Every_kind_of_break_alone_is_reported_exactly_and_nothing_else()
    {
        foreach (var kind in AllKinds)
        {
            for (var seed = 1; seed <= 12; seed++)
            {
                var world = WorldBuilder.Build(seed * 7919, [kind, kind]);
                Assert.Contains(kind, world.Injected);
                using var dir = new TempFolder("possim-recon-");
                ReportsExactly(world, Run(world, dir));
            }
        }
    }

    [Property(MaxTest = 150)]
    public Property Mixed_breaks_are_reported_exactly_no_more_no_less() =>
        Prop.ForAll(Worlds(10), w =>
        {
            var world = WorldBuilder.Build(w.Seed, w.Breaks);
            using var dir = new TempFolder("possim-recon-");
            return ReportsExactly(world, Run(world, dir));
        });

    [Property(MaxTest = 100)]
    public Property Every_live_transaction_is_matched_pending_or_touched_exactly_once() =>
        Prop.ForAll(Worlds(6), w =>
        {
            var world = WorldBuilder.Build(w.Seed, w.Breaks);
            using var dir = new TempFolder("possim-recon-");
            var result = Run(world, dir);
            Assert.Equal(world.ExpectedLive, result.Live);
            Assert.Equal(world.ExpectedMatched, result.Matched);
            Assert.Equal(world.ExpectedPending, result.Pending);
            Assert.Equal(world.ExpectedTouched, result.Touched);
            Assert.Equal(result.Live, result.Matched + result.Pending + result.Touched);
            return true;
        });

    [Property(MaxTest = 60)]
    public Property Shuffling_rows_and_columns_of_any_file_changes_no_byte_of_the_output() =>
        Prop.ForAll(Worlds(8), w =>
        {
            var world = WorldBuilder.Build(w.Seed, w.Breaks);
            using var dir = new TempFolder("possim-recon-");
            var plain = Run(world, dir);
            var shuffled = Run(world, dir, new Random(w.Seed));
            Matcher.WriteOutputs(plain, dir.Sub("out1"));
            Matcher.WriteOutputs(shuffled, dir.Sub("out2"));
            Assert.Equal(File.ReadAllBytes(dir.Sub("out1/exceptions.csv")), File.ReadAllBytes(dir.Sub("out2/exceptions.csv")));
            Assert.Equal(File.ReadAllBytes(dir.Sub("out1/summary.json")), File.ReadAllBytes(dir.Sub("out2/summary.json")));
            return true;
        });

    [Property(MaxTest = 40)]
    public Property Reading_in_many_small_parallel_chunks_gives_the_same_result() =>
        Prop.ForAll(Worlds(8), w =>
        {
            var world = WorldBuilder.Build(w.Seed, w.Breaks, purchases: 120);
            using var dir = new TempFolder("possim-recon-");
            var whole = Run(world, dir);
            var chunked = Run(world, dir, new Random(w.Seed), new ReadOptions(Parts: 9, MinParallelBytes: 0));
            Assert.Equal(ExceptionsCsvWriter.ToText(whole.Exceptions), ExceptionsCsvWriter.ToText(chunked.Exceptions));
            Assert.Equal(SummaryJsonWriter.ToText(whole), SummaryJsonWriter.ToText(chunked));
            return true;
        });

    [Property(MaxTest = 60)]
    public Property A_clean_world_has_no_exceptions_and_its_payouts_equal_cleared_gross_minus_fees() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var world = WorldBuilder.Build(seed, []);
            using var dir = new TempFolder("possim-recon-");
            var result = Run(world, dir);
            Assert.Empty(result.Exceptions);
            Assert.Equal(result.Live, result.Matched + result.Pending);

            // Every payout on the statement adds up to the gross of what it settled minus the fees the rules expect.
            foreach (var payout in world.Statements.GroupBy(s => s.PayoutId))
            {
                var settled = world.Settlements.Where(s => s.PayoutId == payout.Key).ToList();
                var expectedFees = settled.Sum(s =>
                {
                    var txn = world.Transactions.Single(t => t.Terminal == s.Terminal && t.Rrn == s.Rrn && t.Kind == (s.Gross < 0 ? "refund" : "purchase"));
                    var merchant = world.Merchants.Single(m => m.Id == txn.Merchant);
                    return txn.Kind == "refund" ? 0 : ((Math.Abs(s.Gross) * (txn.Channel == "qr" ? merchant.QrBps : merchant.CardBps)) + 5000) / 10000;
                });
                Assert.Equal(settled.Sum(s => s.Gross) - expectedFees, payout.Sum(s => s.Amount));
            }

            return true;
        });
}
