using PosSim.Core.Settlement;
using static PosSim.Core.Tests.Settlement.Week;

namespace PosSim.Core.Tests.Settlement;

/// <summary>The two rules every payout rests on, at their edges: the fee, rounded half up, and the value date.</summary>
public class FeeAndValueDateTests
{
    [Theory]
    [InlineData(8_334, 60, 50)] // 50.004 → 50
    [InlineData(8_250, 60, 50)] // 49.5 exactly → 50
    [InlineData(8_249, 60, 49)] // 49.494 → 49
    [InlineData(25, 200, 1)] // 0.5 exactly → 1
    [InlineData(24, 200, 0)] // 0.48 → 0
    [InlineData(75, 200, 2)] // 1.5 → 2
    [InlineData(10_000, 38, 38)]
    [InlineData(1, 60, 0)]
    [InlineData(0, 60, 0)]
    [InlineData(-25, 200, 1)] // on the absolute value
    [InlineData(123_456, 0, 0)]
    [InlineData(long.MaxValue, 10_000, long.MaxValue)] // no overflow on the way
    [InlineData(long.MaxValue, 60, 55_340_232_221_128_655)]
    public void Fee_is_half_up_on_the_absolute_gross(long gross, int bps, long fee) =>
        Assert.Equal(fee, MerchantDiscount.Fee(gross, bps));

    [Fact]
    public void Refunds_carry_no_fee() => Assert.Equal(0, MerchantDiscount.Fee(refund: true, -10_000, 60));

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void Rates_outside_0_to_10000_bps_are_refused(int bps) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MerchantDiscount.Fee(100, bps));

    public static TheoryData<DateOnly, int, DateOnly> WeekdayCases => new()
    {
        { Mon, 1, Tue },
        { Thu, 1, Fri },
        { Fri, 1, NextMon }, // across the weekend
        { Fri, 2, NextTue },
        { Sat, 1, NextMon }, // a Saturday business date: Monday is the first business day after it
        { Sun, 1, NextMon },
        { Sat, 0, NextMon }, // D0 on a Saturday rolls to Monday
        { Sun, 0, NextMon },
        { Mon, 0, Mon },
        { Fri, 0, Fri },
        { Mon, 5, NextMon },
    };

    [Theory]
    [MemberData(nameof(WeekdayCases))]
    public void Value_dates_skip_weekends(DateOnly businessDate, int settleDays, DateOnly valueDate) =>
        Assert.Equal(valueDate, BusinessCalendar.Weekdays.SettlementDue(businessDate, settleDays));

    public static TheoryData<DateOnly, int, DateOnly> HolidayCases => new()
    {
        { Mon, 1, Thu }, // Tuesday and Wednesday are holidays
        { Tue, 0, Thu }, // D0 on a holiday rolls to the next business day
        { Tue, 1, Thu },
        { Mon, 0, Mon },
        { Thu, 1, NextMon }, // Friday holiday, then the weekend
        { Wed, 2, NextMon }, // Thursday, then Monday
    };

    [Theory]
    [MemberData(nameof(HolidayCases))]
    public void Value_dates_skip_holidays(DateOnly businessDate, int settleDays, DateOnly valueDate)
    {
        var calendar = new BusinessCalendar([Tue, Wed, Fri]);
        Assert.Equal(valueDate, calendar.SettlementDue(businessDate, settleDays));
        Assert.False(calendar.IsBusinessDay(Tue));
        Assert.True(calendar.IsBusinessDay(Thu));
    }

    [Fact]
    public void The_engine_plans_and_pays_on_the_calendar_value_date()
    {
        var h = new EngineHarness([new MerchantAgreement("M001")], new BusinessCalendar([NextMon]));
        var friday = h.Accept("M001", 10_000, Fri);
        Assert.Equal(NextTue, friday.DueDate); // Monday is a holiday
        Assert.Equal(NextTue, friday.ScheduledDate);

        foreach (var day in new[] { Fri, Sat, Sun, NextMon })
        {
            var run = h.Engine.Settle(day);
            Assert.Empty(run.Paid);
        }

        Assert.False(h.Engine.Settle(Sat).BusinessDay);
        Assert.False(h.Engine.Settle(NextMon).BusinessDay);
        var tuesday = h.Engine.Settle(NextTue);
        var payout = Assert.Single(tuesday.Paid);
        Assert.Equal(NextTue, payout.ValueDate);
        Assert.Equal(NextTue, Assert.Single(h.Engine.Statement.Rows).ValueDate);
    }

    [Fact]
    public void Settle_days_zero_on_a_saturday_pays_on_monday()
    {
        var h = new EngineHarness([new MerchantAgreement("M001") { SettleDays = 0 }]);
        var item = h.Accept("M001", 10_000, Sat);
        Assert.Equal(NextMon, item.DueDate);
        Assert.Empty(h.Engine.Settle(Sat).Paid);
        Assert.Single(h.Engine.Settle(NextMon).Paid);
        Assert.Equal(NextMon, item.Detail!.ValueDate);
    }

    [Fact]
    public void Agreement_defaults_are_the_issue_s()
    {
        var a = new MerchantAgreement("M001");
        Assert.Equal(60, a.MdrCardBps);
        Assert.Equal(38, a.MdrQrBps);
        Assert.Equal(1, a.SettleDays);
        Assert.Equal(60, a.BpsFor("card"));
        Assert.Equal(38, a.BpsFor("qr"));
        Assert.Null(a.Instant);
        Assert.False(a.RiskHold);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MerchantAgreement("M") { SettleDays = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MerchantAgreement("M") { MdrCardBps = 10_001 });
    }
}
