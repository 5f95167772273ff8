using HdrHistogram;
using PosSim.Iso8583;

namespace PosSim.Load;

/// <summary>How one request ended.</summary>
internal enum Outcome
{
    Answered,
    Timeout,
    ConnectionError,
    BadResponse,

    /// <summary>The client refused it before sending (a key already in flight, too many pending).</summary>
    Refused,
}

/// <summary>
/// The counters and the latency recorder of the measured part of a run, written by every connection at once.
/// Latency in microseconds; the <see cref="Recorder"/> hands out one interval histogram per second for the time
/// series, and the whole run's histogram is their sum.
/// </summary>
internal sealed class LoadStats
{
    /// <summary>Highest latency the histogram tracks, in microseconds: 10 minutes, far above any timeout.</summary>
    public const long HighestMicros = 600_000_000;

    private readonly long[] _sentByKind = new long[4];
    private readonly long[] _answeredByKind = new long[4];
    private readonly long[] _approvedByKind = new long[4];

    // Response codes are two characters: index c0 * 128 + c1 of ASCII; the last slot for an answer without field 39.
    private readonly long[] _codes = new long[(128 * 128) + 1];
    private long _sent;
    private long _answered;
    private long _timeouts;
    private long _connectionErrors;
    private long _badResponses;
    private long _refused;
    private long _warmupSent;

    public Recorder Latency { get; } = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1).WithValuesUpTo(HighestMicros).WithPrecisionOf(3)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();

    /// <summary>
    /// How late each measured request left after its intended send time, in microseconds: the generator's own
    /// delay (timer resolution, a busy machine), already inside <see cref="Latency"/> in the open loop. Large
    /// values mean the generator, not the switch, was the bottleneck.
    /// </summary>
    public Recorder SendLag { get; } = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1).WithValuesUpTo(HighestMicros).WithPrecisionOf(3)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();

    public long Sent => Interlocked.Read(ref _sent);

    public long Answered => Interlocked.Read(ref _answered);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    public long ConnectionErrors => Interlocked.Read(ref _connectionErrors);

    public long BadResponses => Interlocked.Read(ref _badResponses);

    public long Refused => Interlocked.Read(ref _refused);

    public long Errors => Timeouts + ConnectionErrors + BadResponses + Refused;

    public long WarmupSent => Interlocked.Read(ref _warmupSent);

    public void Sending(RequestKind kind, bool measured, long lagMicros)
    {
        if (!measured)
        {
            Interlocked.Increment(ref _warmupSent);
            return;
        }

        SendLag.RecordValue(Math.Clamp(lagMicros, 1, HighestMicros));
        Interlocked.Increment(ref _sent);
        Interlocked.Increment(ref _sentByKind[(int)kind]);
        LoadMetrics.Sending(kind);
    }

    public void Ended(RequestKind kind, bool measured, Outcome outcome, IsoMessage? response, long micros)
    {
        if (!measured)
        {
            return;
        }

        switch (outcome)
        {
            case Outcome.Answered:
                Interlocked.Increment(ref _answered);
                Interlocked.Increment(ref _answeredByKind[(int)kind]);
                var code = CodeIndex(response!);
                Interlocked.Increment(ref _codes[code]);
                if (code == CodeIndex(ResponseCodes.Approved))
                {
                    Interlocked.Increment(ref _approvedByKind[(int)kind]);
                }

                Latency.RecordValue(Math.Clamp(micros, 1, HighestMicros));
                if (LoadMetrics.Responses.Enabled || LoadMetrics.Latency.Enabled)
                {
                    LoadMetrics.Answered(response!.ResponseCode ?? "none", micros);
                }

                break;
            case Outcome.Timeout:
                Interlocked.Increment(ref _timeouts);
                LoadMetrics.Failed("timeout");
                break;
            case Outcome.ConnectionError:
                Interlocked.Increment(ref _connectionErrors);
                LoadMetrics.Failed("connection_error");
                break;
            case Outcome.BadResponse:
                Interlocked.Increment(ref _badResponses);
                LoadMetrics.Failed("bad_response");
                break;
            default:
                Interlocked.Increment(ref _refused);
                LoadMetrics.Failed("refused");
                break;
        }
    }

    /// <summary>Answers by response code (field 39); "none" for answers without one.</summary>
    public SortedDictionary<string, long> CountByCode()
    {
        var codes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _codes.Length; i++)
        {
            var n = Interlocked.Read(ref _codes[i]);
            if (n > 0)
            {
                codes[i == _codes.Length - 1 ? "none" : new string([(char)(i / 128), (char)(i % 128)])] = n;
            }
        }

        return codes;
    }

    public KindCounts Kind(RequestKind kind) =>
        new(Interlocked.Read(ref _sentByKind[(int)kind]), Interlocked.Read(ref _answeredByKind[(int)kind]), Interlocked.Read(ref _approvedByKind[(int)kind]));

    private int CodeIndex(IsoMessage response) =>
        response.TryGet(IsoMessage.FieldResponseCode, out var value) && value.Length == 2 && value[0] < 128 && value[1] < 128
            ? (value[0] * 128) + value[1]
            : _codes.Length - 1;

    private static int CodeIndex(string code) => (code[0] * 128) + code[1];
}

/// <summary>Requests of one kind: sent, answered, and answered 00.</summary>
public readonly record struct KindCounts(long Sent, long Answered, long Approved);
