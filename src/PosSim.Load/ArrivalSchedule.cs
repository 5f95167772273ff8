namespace PosSim.Load;

/// <summary>
/// When each request of an open loop is due: request n (counted from 0 over all connections) at
/// <see cref="SecondOf"/>(n) seconds after the start. Fixed before the run, whatever the switch does: that is what
/// makes the loop open.
/// </summary>
public abstract class ArrivalSchedule
{
    /// <summary>Seconds after the start at which request <paramref name="n"/> is due; +∞ when the schedule has no such request.</summary>
    public abstract double SecondOf(long n);

    /// <summary>The same rate all along: request n at n / rate.</summary>
    public static ArrivalSchedule Constant(double perSecond) => new ConstantRate(perSecond);

    /// <summary>
    /// Rates that change from one stretch of time to the next (a day's hourly curve): <paramref name="stretches"/>
    /// of (seconds, requests per second) in order. Requests are spread evenly within each stretch; after the
    /// last, none.
    /// </summary>
    public static ArrivalSchedule Stretches(IReadOnlyList<(double Seconds, double PerSecond)> stretches) => new PiecewiseRate(stretches);

    private sealed class ConstantRate : ArrivalSchedule
    {
        private readonly double _perSecond;

        public ConstantRate(double perSecond)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
            _perSecond = perSecond;
        }

        public override double SecondOf(long n) => n / _perSecond;
    }

    /// <summary>The inverse of the cumulative count, which is linear within each stretch.</summary>
    private sealed class PiecewiseRate : ArrivalSchedule
    {
        private readonly double[] _startSecond;
        private readonly double[] _startCount;
        private readonly double[] _perSecond;
        private readonly double _total;

        public PiecewiseRate(IReadOnlyList<(double Seconds, double PerSecond)> stretches)
        {
            ArgumentNullException.ThrowIfNull(stretches);
            _startSecond = new double[stretches.Count];
            _startCount = new double[stretches.Count];
            _perSecond = new double[stretches.Count];
            double second = 0, count = 0;
            for (var i = 0; i < stretches.Count; i++)
            {
                var (seconds, perSecond) = stretches[i];
                ArgumentOutOfRangeException.ThrowIfNegative(seconds);
                ArgumentOutOfRangeException.ThrowIfNegative(perSecond);
                _startSecond[i] = second;
                _startCount[i] = count;
                _perSecond[i] = perSecond;
                second += seconds;
                count += seconds * perSecond;
            }

            _total = count;
        }

        public override double SecondOf(long n)
        {
            if (n >= _total)
            {
                return double.PositiveInfinity;
            }

            var i = Array.BinarySearch(_startCount, (double)n);
            i = i < 0 ? ~i - 1 : i;

            // Several stretches may start at the same count (rate 0): take the last, the one whose rate is not 0.
            while (i + 1 < _startCount.Length && _startCount[i + 1] <= n)
            {
                i++;
            }

            return _startSecond[i] + ((n - _startCount[i]) / _perSecond[i]);
        }
    }
}
