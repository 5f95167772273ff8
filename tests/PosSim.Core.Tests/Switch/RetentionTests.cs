using PosSim.Iso8583;
using PosSim.Simulation.Terminals;

namespace PosSim.Core.Tests.Switch;

/// <summary>A long-running switch forgets what no rule needs any more, so its indexes do not grow with traffic.</summary>
public sealed class RetentionTests
{
    [Fact]
    public void The_duplicate_check_forgets_a_request_once_its_window_has_passed()
    {
        var f = new AcquirerFixture();
        Assert.Equal(ResponseCodes.Approved, f.Send(AcquirerFixture.Purchase(5, 12_00))!.ResponseCode);
        Assert.Equal(ResponseCodes.Duplicate, f.Send(AcquirerFixture.Purchase(5, 12_00))!.ResponseCode);

        f.Clock.Advance(f.Switch.Options.DuplicateWindow);
        var before = f.Switch.IndexedEntries;
        Assert.Equal(ResponseCodes.Approved, f.Send(AcquirerFixture.Purchase(5, 12_00))!.ResponseCode);

        // The old (terminal, STAN, amount) went out of the window and was replaced, not added to.
        Assert.True(f.Switch.IndexedEntries <= before + 4, $"{f.Switch.IndexedEntries} entries after, {before} before");
    }

    [Fact]
    public void Once_its_business_date_is_cleared_a_purchase_can_no_longer_be_reversed_by_stan()
    {
        var f = new AcquirerFixture();
        var purchase = AcquirerFixture.Purchase(7, 30_00);
        Assert.Equal(ResponseCodes.Approved, f.Send(purchase)!.ResponseCode);
        var businessDate = f.Switch.Tranlog[0].BusinessDate;

        f.Switch.OnBusinessDateCleared(businessDate);

        Assert.Equal(ResponseCodes.RecordNotFound, f.Send(TerminalMessages.Reversal(purchase))!.ResponseCode);
    }

    [Fact]
    public void Indexes_stay_flat_over_many_business_days_while_the_tranlog_keeps_the_record()
    {
        var f = new AcquirerFixture(new Core.Switch.SwitchOptions { RefundWindow = TimeSpan.FromDays(3) });
        var terminal = AcquirerFixture.TerminalAt();
        var sizes = new List<int>();
        for (var day = 0; day < 12; day++)
        {
            for (var i = 0; i < 50; i++)
            {
                var answer = f.Send(terminal.Purchase(AcquirerFixture.ReadCard(AcquirerFixture.Card), 1_00 + i, f.Clock.GetUtcNow()));
                Assert.Equal(ResponseCodes.Approved, answer!.ResponseCode);
                f.Clock.Advance(TimeSpan.FromMinutes(1));
            }

            f.Switch.OnBusinessDateCleared(f.Switch.Tranlog[^1].BusinessDate);
            sizes.Add(f.Switch.IndexedEntries);
            f.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(50));
        }

        Assert.Equal(12 * 50, f.Switch.Tranlog.Count);
        Assert.True(sizes[^1] <= sizes[4] + 10, $"index sizes by day: {string.Join(", ", sizes)}");
    }
}
