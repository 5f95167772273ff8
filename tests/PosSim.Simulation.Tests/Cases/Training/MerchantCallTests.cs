using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Training;

namespace PosSim.Simulation.Tests.Cases.Training;

public class MerchantCallTests
{
    public static TheoryData<string, string, string, string> Times() => new()
    {
        { "2026-03-02 14:02", "2026-03-02 14:00", "on Monday 2 March, around two in the afternoon", "3月2日（星期一）下午两点左右" },
        { "2026-03-02 09:10", "2026-03-02 09:15", "on Monday 2 March, around a quarter past nine in the morning", "3月2日（星期一）上午九点一刻左右" },
        { "2026-03-02 13:44", "2026-03-02 13:45", "on Monday 2 March, around a quarter to two in the afternoon", "3月2日（星期一）下午一点三刻左右" },
        { "2026-03-03 19:29", "2026-03-03 19:30", "on Tuesday 3 March, around half past seven in the evening", "3月3日（星期二）晚上七点半左右" },
        { "2026-03-02 12:05", "2026-03-02 12:00", "on Monday 2 March, around noon", "3月2日（星期一）中午十二点左右" },
        { "2026-03-01 23:56", "2026-03-02 00:00", "on Monday 2 March, around midnight", "3月2日（星期一）凌晨十二点左右" },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void The_time_is_rounded_to_the_quarter_hour_and_said_as_people_say_it(string exact, string around, string english, string chinese)
    {
        var call = MerchantCall.About(DateTime.Parse(exact, System.Globalization.CultureInfo.InvariantCulture), 350_00, 0);

        Assert.Equal(DateTime.Parse(around, System.Globalization.CultureInfo.InvariantCulture), call.Around);
        Assert.Equal(english, CaseTextEn.Instance.SpokenWhen(call.Around));
        Assert.Equal(chinese, CaseTextZhCn.Instance.SpokenWhen(call.Around));
    }

    [Fact]
    public void Every_way_of_saying_it_carries_the_amount_and_the_time_and_a_trainer_can_write_their_own()
    {
        for (var variant = -3; variant < 6; variant++)
        {
            var call = MerchantCall.About(new DateTime(2026, 3, 2, 14, 2, 0), 350_00, variant);
            foreach (ICaseText text in new ICaseText[] { CaseTextEn.Instance, CaseTextZhCn.Instance })
            {
                var words = Trainer.Words(call, null, text);
                Assert.Contains("350.00", words, StringComparison.Ordinal);
                Assert.Contains(text.SpokenWhen(call.Around), words, StringComparison.Ordinal);
            }
        }

        Assert.Equal("took 350.00 at on Monday 2 March, around two in the afternoon, where is it?",
            Trainer.Words(MerchantCall.About(new DateTime(2026, 3, 2, 14, 2, 0), 350_00, 0), "took {amount} at {when}, where is it?", CaseTextEn.Instance));
    }
}
