using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Core.Switch;
using PosSim.Host.Export;
using PosSim.Iso8583;
using PosSim.Tests.Shared;

namespace PosSim.Host.Tests;

/// <summary>
/// A switch on its store forgets the rows of cleared business dates and finds them in the store again: memory stays
/// bounded, and no rule answers differently than a switch that remembers everything.
/// </summary>
public sealed class SwitchRetentionTests
{
    [Fact]
    public void Rows_of_cleared_dates_leave_memory_but_stay_in_the_store()
    {
        using var folder = new TempFolder("possim-retention-");
        using var world = new RetainingAcquirer(folder.Path);
        for (var day = 0; day < 4; day++)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(ResponseCodes.Approved, world.Purchase(i % 2, i, 10_00 + i).ResponseCode);
            }

            world.NextDay();
        }

        // The cut-over of day 4 clears it: days 1-3 are forgotten, day 4 is kept one date longer.
        var dates = world.Switch.Tranlog.Select(e => e.BusinessDate).Distinct().ToArray();
        Assert.Equal([new DateOnly(2026, 3, 5)], dates);
        Assert.Equal(5, world.Switch.IndexSizes.Refundable);
        Assert.Equal(20, world.Tranlog!.LoadRows().Count);
        Assert.Equal(world.Switch.Tranlog[0].TxnId, world.Switch.RetainedFromTxnId);
    }

    [Fact]
    public void A_refund_of_a_forgotten_purchase_is_found_in_the_store_and_cannot_refund_more_than_was_paid()
    {
        using var folder = new TempFolder("possim-retention-");
        using var world = new RetainingAcquirer(folder.Path);
        var purchase = world.Purchase(0, 0, 100_00);
        Assert.Equal(ResponseCodes.Approved, purchase.ResponseCode);
        for (var day = 0; day < 3; day++)
        {
            world.NextDay();
        }

        Assert.DoesNotContain(world.Switch.Tranlog, e => e.Rrn == purchase.Rrn);
        Assert.Equal(ResponseCodes.Approved, world.Refund(0, 0, 40_00, purchase.Rrn!).ResponseCode);
        Assert.Equal(1, world.Switch.Counters.OriginalsFromStore);

        for (var day = 0; day < 3; day++)
        {
            world.NextDay(); // the purchase is forgotten again, and so is what was refunded of it
        }

        Assert.Equal(ResponseCodes.InvalidAmount, world.Refund(0, 0, 70_00, purchase.Rrn!).ResponseCode);
        Assert.Equal(2, world.Switch.Counters.OriginalsFromStore);
        Assert.Equal(ResponseCodes.Approved, world.Refund(0, 0, 60_00, purchase.Rrn!).ResponseCode);
        Assert.Equal(ResponseCodes.InvalidAmount, world.Refund(0, 0, 1, purchase.Rrn!).ResponseCode);
    }

    [Fact]
    public void A_refund_made_before_a_cut_over_still_counts_after_it_without_asking_the_store()
    {
        using var folder = new TempFolder("possim-retention-");
        using var world = new RetainingAcquirer(folder.Path);
        var purchase = world.Purchase(0, 0, 100_00);
        world.NextDay();
        world.NextDay();
        world.NextDay();
        Assert.Equal(ResponseCodes.Approved, world.Refund(0, 0, 90_00, purchase.Rrn!).ResponseCode);

        // The cut-over that follows would forget the purchase, but its refunded sum changed today: it stays a day
        // longer, so a commit still on its way cannot be missed by a read of the store.
        world.NextDay();
        Assert.Equal(ResponseCodes.InvalidAmount, world.Refund(0, 0, 20_00, purchase.Rrn!).ResponseCode);
        Assert.Equal(1, world.Switch.Counters.OriginalsFromStore);
    }

    [Fact]
    public void The_export_at_stop_reads_what_was_forgotten_from_the_stores_and_writes_the_same_files_as_an_acquirer_that_kept_everything()
    {
        using var folder = new TempFolder("possim-retention-");
        using var forgetting = new RetainingAcquirer(Directory.CreateDirectory(folder.Sub("forgetting")).FullName);
        using var remembering = new RetainingAcquirer(null);
        foreach (var world in new[] { forgetting, remembering })
        {
            for (var day = 0; day < 4; day++)
            {
                var sale = world.Purchase(0, day, 30_00 + day);
                world.Purchase(1, day + 1, 12_00);
                world.Refund(0, day, 5_00, sale.Rrn!);
                if (day % 2 == 1)
                {
                    Assert.Equal(ResponseCodes.Approved, world.CloseBatch(0).ResponseCode);
                }

                world.NextDay();
            }

            world.Purchase(1, 3, 9_99); // today's, not cleared yet
        }

        StoredExport.Take(forgetting.Office).Write(folder.Sub("a"), forgetting.LedgerStore!, forgetting.Tranlog!);
        InterchangeExport.Write(folder.Sub("b"), remembering.Office);

        Assert.True(forgetting.Switch.Tranlog.Count < remembering.Switch.Tranlog.Count);
        Assert.True(forgetting.Office.HeldRecords.Total < remembering.Office.HeldRecords.Total);
        Assert.Equal(1, forgetting.Switch.BatchReportsForgotten);
        Assert.Single(forgetting.Switch.BatchReports);
        foreach (var file in Directory.GetFiles(folder.Sub("b")).Select(Path.GetFileName))
        {
            Assert.Equal(File.ReadAllText(Path.Combine(folder.Sub("b"), file!)), File.ReadAllText(Path.Combine(folder.Sub("a"), file!)));
        }
    }

    [Fact]
    public void A_back_office_restarted_before_payday_pays_what_it_owed_as_one_that_never_stopped()
    {
        using var folder = new TempFolder("possim-retention-");
        using var restarted = new RetainingAcquirer(Directory.CreateDirectory(folder.Sub("restarted")).FullName);
        using var steady = new RetainingAcquirer(null);
        var owed = 0;
        foreach (var world in new[] { restarted, steady })
        {
            for (var day = 0; day < 3; day++)
            {
                var sale = world.Purchase(0, day, 40_00 + day);
                world.Purchase(1, day + 2, 15_50);
                world.Refund(0, day, 3_00, sale.Rrn!);
                world.NextDay(); // T+1: what this cut-over cleared is paid at the next one

                if (world == restarted && day == 1)
                {
                    owed = world.RestartBackOffice();
                }
            }
        }

        StoredExport.Take(restarted.Office).Write(folder.Sub("a"), restarted.LedgerStore!, restarted.Tranlog!);
        InterchangeExport.Write(folder.Sub("b"), steady.Office);

        Assert.Equal(3, owed); // the second day's two sales and a refund, cleared and not paid yet
        foreach (var file in new[] { "settlements.csv", "payouts.csv", "clearing.csv" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(folder.Sub("b"), file)), File.ReadAllText(Path.Combine(folder.Sub("a"), file)));
        }
    }

    [Fact]
    public void A_restart_reads_the_rows_kept_and_the_open_batches_not_the_whole_history()
    {
        using var folder = new TempFolder("possim-retention-");
        using var world = new RetainingAcquirer(folder.Path);
        for (var day = 0; day < 5; day++)
        {
            for (var i = 0; i < 4; i++)
            {
                world.Purchase(i % 2, i, 5_00 + i);
            }

            if (day == 1)
            {
                Assert.Equal(ResponseCodes.Approved, world.CloseBatch(1).ResponseCode); // terminal 1's first batch, forgotten since
            }

            world.NextDay();
        }

        world.Purchase(0, 1, 7_00);
        var before = Batches(world.Switch);

        var restarted = world.Restarted();

        // Terminal 0 never closed its batch: its rows of every day are read for its totals, then forgotten again.
        // Terminal 1 closed batch 1 on day 2: its batch 2 holds only what came after, and the report is in the store.
        Assert.Equal(before, Batches(restarted));
        Assert.Equal(11 + 6, before.Sum(b => b.DebitCount));
        Assert.Equal(2, restarted.Terminals.All.Single(t => t.TerminalId == world.Provisioning.Terminals[1].TerminalId).BatchNumber);
        Assert.Equal(world.Switch.BatchReportsReceived, restarted.BatchReportsReceived);
        Assert.Empty(restarted.BatchReports);
        Assert.Equal(world.Switch.Tranlog.Select(e => e.TxnId), restarted.Tranlog.Select(e => e.TxnId));
        Assert.Equal(world.Switch.TxnSequence, restarted.TxnSequence);
    }

    /// <summary>
    /// Any traffic over any days: a switch that forgets cleared rows answers every purchase, refund and void exactly as
    /// one that keeps everything in memory.
    /// </summary>
    [Property(MaxTest = 25)]
    public Property Forgetting_cleared_rows_changes_no_answer()
    {
        var step = Gen.Zip(Gen.Choose(0, 99), Gen.Zip(Gen.Choose(0, 9), Gen.Choose(1, 120_00))).Select(t => new Step(t.Item1, t.Item2.Item1, t.Item2.Item2));
        var walk = Gen.ListOf(step).Where(s => s.Count is > 0 and < 60);
        return Prop.ForAll(walk.ToArbitrary(), steps =>
        {
            using var folder = new TempFolder("possim-retention-");
            using var forgetting = new RetainingAcquirer(folder.Path);
            using var remembering = new RetainingAcquirer(null);
            var sales = new List<Sale>();
            foreach (var s in steps)
            {
                var purchase = s.Choice >= 36 || (s.Choice >= 15 && sales.Count == 0);
                var one = Play(s, forgetting, sales);
                var other = Play(s, remembering, sales);
                Assert.Equal((sales.Count, s, other), (sales.Count, s, one));

                if (purchase && one.Code == ResponseCodes.Approved)
                {
                    sales.Add(new Sale(s.Choice % 2, s.Card, s.Amount, one.Rrn!));
                }
            }
        });

        static (string? Code, string? Rrn) Play(Step s, RetainingAcquirer world, List<Sale> sales)
        {
            IsoMessage answer;
            switch (s.Choice)
            {
                case < 15:
                    world.NextDay();
                    return ("day", null);
                case < 30 when sales.Count > 0:
                {
                    var sale = sales[s.Card % sales.Count];
                    answer = world.Refund(sale.Terminal, sale.Card, s.Amount % sale.Amount + 1, sale.Rrn);
                    break;
                }

                case < 36 when sales.Count > 0:
                {
                    var sale = sales[s.Card % sales.Count];
                    answer = world.Void(sale.Terminal, sale.Card, sale.Amount, sale.Rrn);
                    break;
                }

                default:
                    answer = world.Purchase(s.Choice % 2, s.Card, s.Amount);
                    break;
            }

            return (answer.ResponseCode, answer.Rrn);
        }
    }

    private static (string Terminal, int Batch, long DebitCount, long DebitAmount, long CreditCount, long CreditAmount)[] Batches(AcquirerSwitch sw) =>
        sw.Terminals.All.OrderBy(t => t.TerminalId, StringComparer.Ordinal).Select(t => (t.TerminalId, t.BatchNumber, t.DebitCount, t.DebitAmount, t.CreditCount, t.CreditAmount)).ToArray();

    private readonly record struct Sale(int Terminal, int Card, long Amount, string Rrn);

    private readonly record struct Step(int Choice, int Card, int Amount);
}
