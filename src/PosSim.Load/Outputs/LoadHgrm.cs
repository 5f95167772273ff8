using HdrHistogram;

namespace PosSim.Load.Outputs;

/// <summary>
/// The latency histogram in HdrHistogram's percentile-distribution text format (the .hgrm that HdrHistogram's
/// plotter and wrk2 read): values in milliseconds, five ticks per half distance, as HdrHistogram writes by default.
/// </summary>
public static class LoadHgrm
{
    /// <summary>The histogram records microseconds; the file shows milliseconds.</summary>
    private const double MicrosPerMillisecond = 1000.0;

    public static void Write(TextWriter writer, LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        result.Latency.OutputPercentileDistribution(writer, percentileTicksPerHalfDistance: 5, outputValueUnitScalingRatio: MicrosPerMillisecond);
    }
}
