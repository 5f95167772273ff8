using PosSim.Load;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Load;

public sealed class FleetAndMixTests
{
    [Fact]
    public void A_csv_fleet_reads_terminals_cards_and_currency_skipping_comments_and_blank_lines()
    {
        using var folder = new TempFolder("possim-fleet-");
        var path = LoadFiles.Csv(folder, "# my fleet\nterminal,T0000001,M00000000000001\n\n terminal , T0000002 , M2 \ncard,4761730000000011,2812\ncurrency,840\n");
        var fleet = Fleet.Load(path);

        Assert.Equal([new FleetTerminal("T0000001", "M00000000000001"), new FleetTerminal("T0000002", "M2")], fleet.Terminals);
        Assert.Equal("4761730000000011", Assert.Single(fleet.Cards).Pan);
        Assert.Equal("840", fleet.Currency);
    }

    [Fact]
    public void Serves_provisioned_json_is_a_fleet()
    {
        using var folder = new TempFolder("possim-fleet-");
        var fleet = Fleet.Load(LoadFiles.Provisioned(folder, terminals: 3));
        Assert.Equal(3, fleet.Terminals.Count);
        Assert.Equal(10, fleet.Cards.Count);
        Assert.Equal("156", fleet.Currency);
    }

    [Fact]
    public void The_default_mix_round_trips_and_draws_each_kind_about_as_often_as_its_weight()
    {
        var mix = TrafficMix.Parse(TrafficMix.DefaultText);
        Assert.Equal(TrafficMix.DefaultText, mix.ToString());
        var random = new Random(42);
        var counts = new int[4];
        for (var i = 0; i < 100_000; i++)
        {
            counts[(int)mix.Draw(random)]++;
        }

        Assert.InRange(counts[(int)RequestKind.Purchase], 89_000, 91_000);
        Assert.InRange(counts[(int)RequestKind.Refund], 4_500, 5_500);
        Assert.InRange(counts[(int)RequestKind.Void], 2_500, 3_500);
        Assert.InRange(counts[(int)RequestKind.Echo], 1_500, 2_500);
    }

    [Fact]
    public void A_kind_left_out_of_the_mix_is_never_drawn()
    {
        var mix = TrafficMix.Parse("purchase=1, echo=3");
        var random = new Random(1);
        var kinds = Enumerable.Range(0, 1000).Select(_ => mix.Draw(random)).Distinct().Order().ToList();
        Assert.Equal([RequestKind.Purchase, RequestKind.Echo], kinds);
    }

    [Theory]
    [InlineData("20000/s", 20000)]
    [InlineData("20000", 20000)]
    [InlineData("600/m", 10)]
    [InlineData("0.5/s", 0.5)]
    public void Rates_read_per_second_or_per_minute(string text, double expected)
    {
        Assert.True(LoadInputs.TryRate(text, out var rate));
        Assert.Equal(expected, rate);
    }
}
