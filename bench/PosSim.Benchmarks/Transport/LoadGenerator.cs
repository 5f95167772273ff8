using System.Diagnostics;
using System.Globalization;
using System.Net;
using HdrHistogram;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net;
using PosSim.Net.Client;
using PosSim.Net.Transport;
using PosSim.Simulation.Terminals;

namespace PosSim.Benchmarks.Transport;

/// <summary>What the load generator sends and how long; shared by the echo ceiling and the switch's authorisation benchmark.</summary>
public sealed class LoadGeneratorOptions
{
    public EndPoint EndPoint { get; set; } = new IPEndPoint(IPAddress.Loopback, 5800);

    public ITransport Transport { get; set; } = SocketTransport.Default;

    public IsoCodec Codec { get; set; } = Defaults.Codec;

    public MessageFraming Framing { get; set; } = Defaults.Framing;

    /// <summary>N: client connections.</summary>
    public int Connections { get; set; } = 1;

    /// <summary>D: requests in flight on each connection (closed loop: a worker sends its next request when the last is answered).</summary>
    public int Depth { get; set; } = 1;

    /// <summary>Measured run time; ignored when <see cref="Count"/> is set.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Total requests to measure instead of a duration.</summary>
    public long? Count { get; set; }

    /// <summary>Traffic before measuring starts (connections warm, JIT done).</summary>
    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Fills a request for (connection index, worker index); called once per worker. The generator then only
    /// changes field 11 between sends. Default: a 0200 purchase from terminal "LG" + connection index.
    /// </summary>
    public Action<IsoMessage, int, int> Request { get; set; } = DefaultRequest;

    /// <summary>Whether a response counts as a success (for example 39 = 00); others are counted as declined.</summary>
    public Func<IsoMessage, bool>? IsSuccess { get; set; }

    public static void DefaultRequest(IsoMessage request, int connection, int worker)
    {
        ArgumentNullException.ThrowIfNull(request);
        new TerminalMessages("LG" + connection.ToString("D6", CultureInfo.InvariantCulture), "MERCHANT0000001")
            .WritePurchase(request, new CardRead("6212345678901234", "2912"), 35000, new DateTimeOffset(2026, 1, 2, 14, 2, 0, TimeSpan.FromHours(8)));
    }
}

/// <summary>Throughput and latency of one run. Latencies in microseconds.</summary>
/// <remarks>
/// <see cref="AllocatedBytesPerMessage"/> and <see cref="CpuMicrosecondsPerMessage"/> are the whole process's (client and
/// an in-process server) per completed request. CPU per message is the steadier figure on a shared machine:
/// other people's load lowers throughput but barely changes what each message costs us.
/// </remarks>
public sealed record LoadResult(int Connections, int Depth, long Completed, long Declined, long Timeouts, long Errors, TimeSpan Elapsed, double P50, double P99, double P999, double Max, double AllocatedBytesPerMessage, double CpuMicrosecondsPerMessage)
{
    public double Throughput => Completed / Elapsed.TotalSeconds;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"N={Connections} D={Depth}: {Completed:N0} in {Elapsed.TotalSeconds:0.0} s = {Throughput:N0} msg/s; p50 {P50:0} us, p99 {P99:0} us, p99.9 {P999:0} us, max {Max:0} us; {CpuMicrosecondsPerMessage:0.0} us CPU/msg; {AllocatedBytesPerMessage:0} B allocated/msg; declined {Declined}, timeouts {Timeouts}, errors {Errors}");
}

/// <summary>
/// N client connections x D requests in flight each, closed loop, latency recorded per request in HdrHistogram.
/// Closed-loop load hides queueing delay when the server stalls (coordinated omission): p99.9 here is the
/// latency a waiting terminal sees, not what an open-loop arrival stream would see.
/// </summary>
public static class LoadGenerator
{
    // Histogram unit: 100 ns (one TimeSpan tick); up to 60 s.
    private const long TicksPerUnit = 100;
    private const long HighestUnits = 600_000_000;

    public static async Task<LoadResult> RunAsync(LoadGeneratorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Connections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Depth, 1);
        var clients = new IsoClient[options.Connections];
        try
        {
            for (var i = 0; i < clients.Length; i++)
            {
                clients[i] = await IsoClient.ConnectAsync(
                    new IsoClientOptions
                    {
                        EndPoint = options.EndPoint,
                        Transport = options.Transport,
                        Codec = options.Codec,
                        Framing = options.Framing,
                        Reconnect = false,
                        DefaultTimeout = options.RequestTimeout,

                        // Workers' continuations are a few lines and never block: run them on the read loop.
                        RunContinuationsAsynchronously = false,
                    },
                    cancellationToken);
            }

            var run = new Run(options);
            var workers = new List<Task>(options.Connections * options.Depth);
            for (var c = 0; c < clients.Length; c++)
            {
                var histogram = new LongConcurrentHistogram(1, HighestUnits, 3);
                run.Histograms.Add(histogram);
                var stan = new StrongBox(c * 7919);
                for (var d = 0; d < options.Depth; d++)
                {
                    workers.Add(WorkerAsync(run, clients[c], c, d, stan, histogram, cancellationToken));
                }
            }

            await Task.Delay(options.Warmup, cancellationToken);
            run.StartMeasuring();
            if (options.Count is null)
            {
                await Task.Delay(options.Duration, cancellationToken);
                run.Stop();
            }

            await Task.WhenAll(workers).WaitAsync(options.Duration + options.RequestTimeout + TimeSpan.FromMinutes(10), cancellationToken);
            return run.Result();
        }
        finally
        {
            foreach (var client in clients)
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }
            }
        }
    }

    private static async Task WorkerAsync(Run run, IsoClient client, int connection, int worker, StrongBox stan, LongConcurrentHistogram histogram, CancellationToken ct)
    {
        await Task.Yield();
        var request = new IsoMessage();
        var response = new IsoMessage();
        run.Options.Request(request, connection, worker);
        for (long i = 0; i < long.MaxValue && !run.Stopped && !ct.IsCancellationRequested; i++)
        {
            var measuring = run.Measuring;
            if (measuring && !run.TakeOne())
            {
                return;
            }

            request.Stan = (Interlocked.Increment(ref stan.Value) % 999999) + 1;
            var started = Stopwatch.GetTimestamp();
            try
            {
                await client.SendAsync(request, response, cancellationToken: ct);
            }
            catch (IsoTimeoutException)
            {
                run.Timeout(measuring);
                continue;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                run.Error(measuring);
                return;
            }

            var units = Stopwatch.GetElapsedTime(started).Ticks;
            if (measuring && run.Measuring)
            {
                histogram.RecordValue(Math.Clamp(units, 1, HighestUnits));
                run.Completed(run.Options.IsSuccess?.Invoke(response) ?? true);
            }
        }
    }

    private sealed class StrongBox(int value)
    {
        public int Value = value;
    }

    private sealed class Run(LoadGeneratorOptions options)
    {
        private long _remaining = options.Count ?? long.MaxValue;
        private long _completed;
        private long _declined;
        private long _timeouts;
        private long _errors;
        private long _started;
        private long _stopped;
        private long _allocatedAtStart;
        private long _allocatedAtStop;
        private TimeSpan _cpuAtStart;
        private TimeSpan _cpuAtStop;
        private volatile bool _measuring;
        private volatile bool _stop;

        public LoadGeneratorOptions Options { get; } = options;

        public List<LongConcurrentHistogram> Histograms { get; } = [];

        public bool Measuring => _measuring;

        public bool Stopped => _stop;

        public void StartMeasuring()
        {
            _allocatedAtStart = GC.GetTotalAllocatedBytes();
            _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            _started = Stopwatch.GetTimestamp();
            _measuring = true;
        }

        public void Stop()
        {
            if (!_stop)
            {
                _stopped = Stopwatch.GetTimestamp();
                _allocatedAtStop = GC.GetTotalAllocatedBytes();
                _cpuAtStop = Process.GetCurrentProcess().TotalProcessorTime;
                _measuring = false;
                _stop = true;
            }
        }

        public bool TakeOne()
        {
            if (Interlocked.Decrement(ref _remaining) >= 0)
            {
                return true;
            }

            Stop();
            return false;
        }

        public void Completed(bool success)
        {
            Interlocked.Increment(ref _completed);
            if (!success)
            {
                Interlocked.Increment(ref _declined);
            }
        }

        public void Timeout(bool measuring)
        {
            if (measuring)
            {
                Interlocked.Increment(ref _timeouts);
            }
        }

        public void Error(bool measuring)
        {
            if (measuring)
            {
                Interlocked.Increment(ref _errors);
            }
        }

        public LoadResult Result()
        {
            Stop();
            var all = new LongHistogram(1, HighestUnits, 3);
            foreach (var h in Histograms)
            {
                all.Add(h);
            }

            static double Us(long units) => units * TicksPerUnit / 1000.0;
            var elapsed = Stopwatch.GetElapsedTime(_started, _stopped);
            return new LoadResult(
                Options.Connections, Options.Depth, _completed, _declined, _timeouts, _errors, elapsed,
                Us(all.GetValueAtPercentile(50)), Us(all.GetValueAtPercentile(99)), Us(all.GetValueAtPercentile(99.9)), Us(all.GetMaxValue()),
                _completed == 0 ? 0 : (double)(_allocatedAtStop - _allocatedAtStart) / _completed,
                _completed == 0 ? 0 : (_cpuAtStop - _cpuAtStart).TotalMicroseconds / _completed);
        }
    }
}
