using PosSim.Load;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Load;

/// <summary>`possim load --scenario`: a scenario's day of traffic, sped up, played against a switch.</summary>
public sealed class LoadScenarioTests : IDisposable
{
    private readonly TempFolder _folder = new("possim-load-scenario-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_schedule_of_stretches_spreads_each_stretchs_requests_evenly_and_skips_silent_ones()
    {
        var schedule = ArrivalSchedule.Stretches([(1, 10), (1, 0), (2, 5)]);
        Assert.Equal(0, schedule.SecondOf(0));
        Assert.Equal(0.9, schedule.SecondOf(9), 9);
        Assert.Equal(2.0, schedule.SecondOf(10), 9);
        Assert.Equal(3.8, schedule.SecondOf(19), 9);
        Assert.Equal(double.PositiveInfinity, schedule.SecondOf(20));
        Assert.Equal(0.25, ArrivalSchedule.Constant(4).SecondOf(1));
    }

    [Fact]
    public async Task The_day_of_a_shipped_scenario_plays_in_a_second_with_its_purchases_per_day()
    {
        // The happy week with 400 purchases a day (plus its 1% refunds and 0.5% voids): 406 requests, 07:00 to 22:30 in one second.
        var scenario = _folder.Sub("day.yaml");
        var yaml = await File.ReadAllTextAsync(RepoRoot.Combine("scenarios", "00-happy-week.yaml"));
        await File.WriteAllTextAsync(scenario, yaml.Replace("purchases_per_day: 20000", "purchases_per_day: 400", StringComparison.Ordinal));
        await using var fake = await ScriptedSwitch.StartAsync((_, _) => Script.Answer);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var json = LoadFiles.Json(await LoadFiles.RunAsync(
            "--target", fake.Target, "-p", LoadFiles.Provisioned(_folder), "--scenario", scenario, "--speed", "55800", "--json").WaitAsync(cts.Token));

        Assert.Equal("happy-week", json.GetProperty("scenario").GetString());
        Assert.Equal("open", json.GetProperty("mode").GetString());
        Assert.Equal(1.0, json.GetProperty("duration_s").GetDouble(), 3);
        Assert.InRange(json.Long("sent"), 400, 406);
        Assert.Equal(json.Long("sent"), json.Long("answered"));
        Assert.Equal("purchase=10000,refund=100,void=50,echo=0", json.GetProperty("mix").GetString());
    }

    [Theory]
    [InlineData("--rate", "100/s", "--scenario sets the rate and the mix itself")]
    [InlineData("--mix", "purchase=1", "--scenario sets the rate and the mix itself")]
    [InlineData("--speed", "0", "--speed 0")]
    public void A_scenario_with_a_conflicting_or_bad_option_is_refused(string option, string value, string expected)
    {
        var result = CliRunner.Run("load", "-p", LoadFiles.Provisioned(_folder), "--scenario", RepoRoot.Combine("scenarios", "00-happy-week.yaml"), option, value);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Speed_without_a_scenario_and_a_missing_scenario_file_are_refused()
    {
        var speed = CliRunner.Run("load", "-p", LoadFiles.Provisioned(_folder), "--speed", "60");
        Assert.Equal(ExitCodes.BadInput, speed.ExitCode);
        Assert.Contains("--speed: only with --scenario", speed.Stderr, StringComparison.Ordinal);

        var missing = CliRunner.Run("load", "-p", LoadFiles.Provisioned(_folder), "--scenario", _folder.Sub("absent.yaml"));
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
        Assert.StartsWith("error: ", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("absent.yaml", missing.Stderr, StringComparison.Ordinal);
    }
}
