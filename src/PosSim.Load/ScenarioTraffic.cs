using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;

namespace PosSim.Load;

/// <summary>
/// A simulation scenario's traffic model played live (docs/load.md, "Scenarios"): one trading day of its arrival
/// curve (purchases per day spread over the hours between opening and batch close by the hourly weights), its
/// refund and void rates as the mix, and its log-normal amounts, sped up by a factor. The terminals and cards stay
/// those of the provisioning file: they are the ones the switch under test knows.
/// </summary>
public sealed class ScenarioTraffic
{
    private const int MixScale = 10_000;

    private ScenarioTraffic(string name, ArrivalSchedule schedule, TimeSpan day, TrafficMix mix, Func<Random, Func<long>> amounts)
    {
        Name = name;
        Schedule = schedule;
        Day = day;
        Mix = mix;
        Amounts = amounts;
    }

    public string Name { get; }

    public ArrivalSchedule Schedule { get; }

    /// <summary>The trading day, opening to batch close, after the speed-up.</summary>
    public TimeSpan Day { get; }

    public TrafficMix Mix { get; }

    /// <summary>Purchase amounts as the simulator draws them (log-normal around the median, within the bounds): the simulator's own traffic model, given no terminals.</summary>
    public Func<Random, Func<long>> Amounts { get; }

    /// <param name="speed">How many scenario seconds one real second plays (1: real time; 3600: an hour a second).</param>
    public static ScenarioTraffic From(Scenario scenario, double speed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        var t = scenario.Traffic;
        var open = t.Open.ToTimeSpan().TotalSeconds;
        var close = t.BatchClose.ToTimeSpan().TotalSeconds;

        // Each request is a purchase, a refund or a void; refunds and voids come per approved purchase.
        var requests = t.PurchasesPerDay * (1 + t.RefundRate + t.VoidRate);
        var stretches = new List<(double Seconds, double PerSecond)>();
        var weight = 0.0;
        for (var hour = 0; hour < 24; hour++)
        {
            weight += t.HourlyCurve[hour] * Overlap(hour, open, close);
        }

        for (var hour = 0; hour < 24; hour++)
        {
            var seconds = Overlap(hour, open, close);
            if (seconds > 0)
            {
                var share = weight > 0 ? t.HourlyCurve[hour] * seconds / weight : seconds / (close - open);
                stretches.Add((seconds / speed, requests * share / (seconds / speed)));
            }
        }

        var mix = TrafficMix.Parse(FormattableString.Invariant(
            $"purchase={MixScale},refund={(int)Math.Round(t.RefundRate * MixScale)},void={(int)Math.Round(t.VoidRate * MixScale)}"));
        return new ScenarioTraffic(scenario.Name, ArrivalSchedule.Stretches(stretches), TimeSpan.FromSeconds((close - open) / speed), mix, random => new TrafficModel(scenario, [], random).NextAmount);
    }

    /// <summary>Seconds of hour <paramref name="hour"/> within trading hours [open, close).</summary>
    private static double Overlap(int hour, double open, double close) =>
        Math.Max(0, Math.Min((hour + 1) * 3600.0, close) - Math.Max(hour * 3600.0, open));
}
