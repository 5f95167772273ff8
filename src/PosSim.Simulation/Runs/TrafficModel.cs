using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Runs;

/// <summary>
/// Draws the day's customers: how many (fewer on weekends and holidays), when (the hourly curve, within trading
/// hours), at which terminal (by merchant weight), how much (log-normal around the median) and how they pay.
/// One generator, drawn in a fixed order, so a seed gives the same day every time.
/// </summary>
internal sealed class TrafficModel
{
    private readonly TrafficSpec _spec;
    private readonly Random _random;
    private readonly double[] _terminalCdf;
    private readonly double[] _secondCdf;
    private readonly int _openSecond;

    public TrafficModel(Scenario scenario, IReadOnlyList<SimTerminal> terminals, Random random)
    {
        _spec = scenario.Traffic;
        _random = random;
        _terminalCdf = new double[terminals.Count];
        var total = 0.0;
        for (var i = 0; i < terminals.Count; i++)
        {
            total += terminals[i].Group.Weight / terminals[i].Group.TerminalsEach;
            _terminalCdf[i] = total;
        }

        // Trading seconds of the day, weighted by their hour of the curve: a CDF over hours clipped to [open, close).
        _openSecond = (int)_spec.Open.ToTimeSpan().TotalSeconds;
        var closeSecond = (int)_spec.BatchClose.ToTimeSpan().TotalSeconds;
        _secondCdf = new double[24];
        var sum = 0.0;
        for (var hour = 0; hour < 24; hour++)
        {
            var from = Math.Max(hour * 3600, _openSecond);
            var to = Math.Min((hour + 1) * 3600, closeSecond);
            sum += to > from ? _spec.HourlyCurve[hour] * (to - from) : 0;
            _secondCdf[hour] = sum;
        }

        CloseSecond = closeSecond;
    }

    public Random Random => _random;

    public int CloseSecond { get; }

    /// <summary>How many purchases a day brings.</summary>
    public int PurchasesOn(bool businessDay) =>
        (int)Math.Round(_spec.PurchasesPerDay * (businessDay ? 1 : _spec.WeekendFactor), MidpointRounding.AwayFromZero);

    /// <summary>A moment of trading hours, as seconds after midnight, following the hourly curve.</summary>
    public double NextSecond()
    {
        var total = _secondCdf[^1];
        if (total <= 0)
        {
            return _openSecond;
        }

        var x = _random.NextDouble() * total;
        var hour = Array.BinarySearch(_secondCdf, x);
        hour = hour < 0 ? ~hour : hour;
        hour = Math.Min(hour, 23);
        var from = Math.Max(hour * 3600, _openSecond);
        var to = Math.Min((hour + 1) * 3600, CloseSecond);
        return from + (_random.NextDouble() * (to - from));
    }

    public int NextTerminal()
    {
        var x = _random.NextDouble() * _terminalCdf[^1];
        var i = Array.BinarySearch(_terminalCdf, x);
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, _terminalCdf.Length - 1);
    }

    /// <summary>A purchase amount: log-normal around the median, within the scenario's bounds, in minor units.</summary>
    public long NextAmount()
    {
        // Only + - * / and a series: Math.Exp, Log and Cos may differ in the last bit between C libraries, and a
        // run must give the same amounts on every machine. Twelve uniforms less six are close enough to normal.
        var normal = -6.0;
        for (var i = 0; i < 12; i++)
        {
            normal += _random.NextDouble();
        }

        var amount = (long)Math.Round(_spec.AmountMedianMinor * PortableExp(_spec.AmountSpread * normal), MidpointRounding.AwayFromZero);
        return Math.Clamp(amount, _spec.AmountMinMinor, _spec.AmountMaxMinor);
    }

    /// <summary>e^x from IEEE basic operations only: 2^k exactly, times a Taylor series on the rest (|r| &lt; ln 2).</summary>
    internal static double PortableExp(double x)
    {
        const double Ln2 = 0.6931471805599453;
        var k = Math.Floor(x / Ln2);
        var r = x - (k * Ln2);
        double term = 1, sum = 1;
        for (var n = 1; n < 20; n++)
        {
            term *= r / n;
            sum += term;
        }

        return Math.ScaleB(sum, (int)k);
    }

    public bool Chance(double p) => p > 0 && _random.NextDouble() < p;

    public int NextInt(int maxExclusive) => _random.Next(maxExclusive);
}
