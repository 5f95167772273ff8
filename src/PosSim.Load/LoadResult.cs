using HdrHistogram;

namespace PosSim.Load;

/// <summary>One second of the measured run: counts of requests whose intended send time fell in it, and their latency.</summary>
public sealed record SecondSample(int Second, long Sent, long Answered, long Errors, double P50Ms, double P99Ms, double MaxMs);

/// <summary>The requests of a phase outside the measured run (sign-on, batch totals): sent, answers by code, no answer.</summary>
public sealed record PhaseCounts(long Sent, IReadOnlyDictionary<string, long> ResponseCodes, long Unanswered)
{
    public long Approved => ResponseCodes.TryGetValue("00", out var n) ? n : 0;
}

/// <summary>
/// What a load run measured (docs/load.md). Counts cover requests whose intended send time fell after the warmup;
/// sent = answered + timeouts + connection errors + bad responses + refused. Latency in microseconds.
/// </summary>
public sealed class LoadResult
{
    public required LoadSettings Settings { get; init; }

    /// <summary>The measured time: from the end of the warmup to the last intended send.</summary>
    public required TimeSpan Elapsed { get; init; }

    public required long Sent { get; init; }

    public required long Answered { get; init; }

    public required long Timeouts { get; init; }

    public required long ConnectionErrors { get; init; }

    /// <summary>Answers that matched a request but could not be decoded.</summary>
    public required long BadResponses { get; init; }

    /// <summary>Requests the client refused to send (their key was already in flight).</summary>
    public required long Refused { get; init; }

    /// <summary>Answers that came after their request had timed out (any phase).</summary>
    public required long LateResponses { get; init; }

    public required IReadOnlyDictionary<string, long> ResponseCodes { get; init; }

    public required IReadOnlyDictionary<RequestKind, KindCounts> ByKind { get; init; }

    /// <summary>Latency of every answered measured request, in microseconds.</summary>
    public required HistogramBase Latency { get; init; }

    /// <summary>How late each measured request left after its intended send time, in microseconds (0 in a closed loop).</summary>
    public required HistogramBase SendLag { get; init; }

    /// <summary>Requests sent during the warmup, not in the counts.</summary>
    public required long WarmupSent { get; init; }

    public required IReadOnlyList<SecondSample> Series { get; init; }

    public required PhaseCounts SignOn { get; init; }

    public required PhaseCounts BatchTotals { get; init; }

    /// <summary>Reversals (0400) of purchases that timed out, warmup included.</summary>
    public required PhaseCounts Reversals { get; init; }

    /// <summary>True when the run was stopped (Ctrl+C) before its duration.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Answers per second of measured time.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Answered / Elapsed.TotalSeconds : 0;

    /// <summary>The latency at <paramref name="percentile"/> in milliseconds; 0 when nothing was answered.</summary>
    public double PercentileMs(double percentile) =>
        Latency.TotalCount == 0 ? 0 : Latency.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Latency.TotalCount == 0 ? 0 : Latency.GetMaxValue() / 1000.0;

    public double MeanMs => Latency.TotalCount == 0 ? 0 : Latency.GetMean() / 1000.0;

    /// <summary>The send lag at <paramref name="percentile"/> in milliseconds.</summary>
    public double SendLagMs(double percentile) => SendLag.TotalCount == 0 ? 0 : SendLag.GetValueAtPercentile(percentile) / 1000.0;

    public double SendLagMaxMs => SendLag.TotalCount == 0 ? 0 : SendLag.GetMaxValue() / 1000.0;
}

/// <summary>What the live status line shows, once a second.</summary>
public sealed record LoadProgress(bool WarmingUp, TimeSpan Elapsed, double Rate, long Errors, double P50Ms, double P99Ms);
