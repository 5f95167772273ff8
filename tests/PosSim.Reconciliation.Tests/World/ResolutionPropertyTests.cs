using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Outputs;
using PosSim.Tests.Shared;

namespace PosSim.Reconciliation.Tests.World;

/// <summary>
/// Properties over generated worlds with support cases added (<see cref="ResolutionBuilder"/>): what a resolution
/// created never changes what the exception pass reports, and it resolves only exceptions that were reported.
/// </summary>
public class ResolutionPropertyTests
{
    private static readonly ExceptionKind[] AllKinds = Enum.GetValues<ExceptionKind>();

    private static Arbitrary<(int Seed, ExceptionKind[] Breaks)> Worlds(int maxBreaks) =>
        (from seed in Gen.Choose(0, int.MaxValue)
         from n in Gen.Choose(0, maxBreaks)
         from breaks in Gen.ArrayOf(Gen.Elements(AllKinds), n)
         select (seed, breaks)).ToArbitrary();

    private static MatchResult Run(GeneratedWorld world, string dir, DateOnly? asOf, Random? shuffle = null, ReadOptions? options = null)
    {
        world.Write(dir, shuffle);
        return Matcher.Run(dir, asOf, options ?? ReadOptions.Default);
    }

    private static (ExceptionKind, string, string, string) KeyOf(ExceptionRow e) => (e.Kind, e.TerminalId, e.Rrn, e.PayoutId);

    [Property(MaxTest = 120)]
    public Property Adding_cases_and_the_rows_they_created_changes_no_byte_of_exceptions_csv_and_resolves_only_reported_exceptions() =>
        Prop.ForAll(Worlds(8), w =>
        {
            var before = WorldBuilder.Build(w.Seed, w.Breaks);
            var (after, proven) = ResolutionBuilder.Resolve(before, w.Seed);
            using var dir = new TempFolder("possim-recon-");
            foreach (var asOf in new DateOnly?[] { before.AsOf, null })
            {
                var plain = Run(before, dir.Sub("before"), asOf);
                var resolved = Run(after, dir.Sub("after"), asOf);
                Assert.Equal(ExceptionsCsvWriter.ToText(plain.Exceptions), ExceptionsCsvWriter.ToText(resolved.Exceptions));
                Assert.Equal((plain.AsOf, plain.Live, plain.Matched, plain.Pending), (resolved.AsOf, resolved.Live, resolved.Matched, resolved.Pending));
                Assert.Equal(plain.Counts, resolved.Counts);

                // resolved.csv is a subsequence of exceptions.csv: same rows, same order.
                var at = 0;
                foreach (var row in resolved.Resolved)
                {
                    while (at < resolved.Exceptions.Count && KeyOf(resolved.Exceptions[at]) != (row.Kind, row.TerminalId, row.Rrn, row.PayoutId))
                    {
                        at++;
                    }

                    Assert.True(at < resolved.Exceptions.Count, $"resolved {row} is not an exception, or out of order");
                    at++;
                }

                Assert.All(resolved.Resolved, r => Assert.True(proven[r.CaseId], $"case {r.CaseId} is spoilt but resolved {r.Kind.Name()}"));
                Assert.Equal(proven.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)), resolved.Adjustments.Select(a => (a.CaseId, a.Proven)));
                Assert.Equal(resolved.Adjustments.Count(a => !a.Proven), resolved.UnprovenAdjustments.Count);
            }

            return true;
        });

    [Property(MaxTest = 40)]
    public Property Resolutions_do_not_depend_on_the_order_of_rows_and_columns_or_on_chunking() =>
        Prop.ForAll(Worlds(6), w =>
        {
            var (world, _) = ResolutionBuilder.Resolve(WorldBuilder.Build(w.Seed, w.Breaks, purchases: 120), w.Seed);
            using var dir = new TempFolder("possim-recon-");
            var plain = Run(world, dir.Sub("plain"), world.AsOf);
            var shuffled = Run(world, dir.Sub("shuffled"), world.AsOf, new Random(w.Seed), new ReadOptions(Parts: 9, MinParallelBytes: 0));
            Assert.Equal(ExceptionsCsvWriter.ToText(plain.Exceptions), ExceptionsCsvWriter.ToText(shuffled.Exceptions));
            Assert.Equal(SummaryJsonWriter.ToText(plain), SummaryJsonWriter.ToText(shuffled));
            Assert.Equal(ResolvedCsvWriter.ToText(plain.Resolved), ResolvedCsvWriter.ToText(shuffled.Resolved));
            Assert.Equal(plain.Adjustments, shuffled.Adjustments);
            return true;
        });

    [Fact]
    public void The_generated_cases_resolve_exceptions_and_fail_to_prove_in_every_way_back()
    {
        // Guards the property above against passing on worlds where no case ever resolves anything.
        var resolved = new HashSet<WayBack>();
        var unproven = new HashSet<WayBack>();
        var payoutKinds = 0;
        ExceptionKind[] breaks = [ExceptionKind.ApprovedNotCleared, ExceptionKind.ApprovedNotCleared, ExceptionKind.ClearedNotSettled,
            ExceptionKind.PayoutMissing, ExceptionKind.DuplicateClearing, ExceptionKind.FeeMismatch];
        using var dir = new TempFolder("possim-recon-");
        for (var seed = 1; seed <= 40; seed++)
        {
            var (world, _) = ResolutionBuilder.Resolve(WorldBuilder.Build(seed * 7919, breaks), seed);
            var result = Run(world, dir.Sub("w" + seed), world.AsOf);
            resolved.UnionWith(result.Resolved.Select(r => r.WayBack));
            unproven.UnionWith(result.UnprovenAdjustments.Select(a => a.WayBack));
            payoutKinds += result.Resolved.Count(r => r.Kind.Key() == ExceptionKey.Payout);
        }

        Assert.Equal(Enum.GetValues<WayBack>().ToHashSet(), resolved);
        Assert.Equal(Enum.GetValues<WayBack>().ToHashSet(), unproven);
        Assert.True(payoutKinds > 0, "no payout exception was ever resolved");
    }
}
