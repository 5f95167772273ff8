using System.Net.Sockets;
using HdrHistogram;
using PosSim.Iso8583;
using PosSim.Net.Client;

namespace PosSim.Load;

/// <summary>The target did not accept a connection: nothing was sent.</summary>
public sealed class LoadConnectException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// A load run (docs/load.md): connect, sign on, warm up, send for the duration in an open or a closed loop, wait
/// for what is in flight, close each terminal's batch, and report. One instance runs once.
/// </summary>
/// <remarks>
/// Implementation note: in the open loop every request has an intended send time fixed by the rate before the
/// run starts, and its latency is measured from that time, not from when it was actually written. A switch that
/// stalls for a second thus shows every request it delayed in the percentiles, as wrk2 does; a closed loop
/// (and the open loop measured from the actual send) would hide them (coordinated omission).
/// </remarks>
public sealed partial class LoadRun
{
    private readonly LoadSettings _settings;
    private readonly TimeProvider _time;
    private readonly LoadStats _stats = new();
    private readonly List<SecondSample> _series = [];
    private readonly LoadTerminal[] _terminals;
    private readonly IsoClient[] _clients;
    private HistogramBase _total = null!;
    private long _start;
    private long _measureFrom;
    private long _measureUntil;
    private long _outstanding;

    // The counters at the last second's sample, so each point of the series holds that second's own counts.
    private long _lastSent;
    private long _lastAnswered;
    private long _lastErrors;

    private LoadRun(LoadSettings settings)
    {
        _settings = settings;
        _time = settings.Time;
        _clients = new IsoClient[settings.Connections];
        _terminals = [.. settings.Fleet.Terminals.Take(settings.TerminalCount).Select((t, i) => new LoadTerminal(t, settings.Fleet.Currency, FirstStan(i), settings.TerminalKeySecret, settings.Codec, settings.TerminalMac))];
    }

    /// <summary>Runs the load; <paramref name="progress"/> is called once a second; cancelling stops early and still reports.</summary>
    /// <exception cref="LoadConnectException">The target refused or did not answer the connection.</exception>
    public static async Task<LoadResult> RunAsync(LoadSettings settings, Action<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Connections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.InFlight, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.TerminalCount, settings.Fleet.Terminals.Count);
        return await new LoadRun(settings).RunAsync(progress, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LoadResult> RunAsync(Action<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
            var signOn = await SignOnAsync(cancellationToken).ConfigureAwait(false);

            _start = _time.GetTimestamp();
            _measureFrom = _start + Ticks(_settings.Warmup);
            _measureUntil = _measureFrom + Ticks(_settings.Duration);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(_settings.Warmup + _settings.Duration);
            using var sampling = new CancellationTokenSource();
            var sampler = SampleAsync(progress, sampling.Token);

            var traffic = Task.WhenAll(StartTraffic(stop.Token, cancellationToken));
            await NotifyMeasuringAsync(traffic).ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
            var interrupted = cancellationToken.IsCancellationRequested;
            var stoppedAt = Math.Min(_time.GetTimestamp(), _measureUntil);
            await sampling.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);
            TakeSecond(final: true);

            var batches = _settings.CloseBatches && !interrupted
                ? await CloseBatchesAsync(cancellationToken).ConfigureAwait(false)
                : new PhaseCounts(0, new Dictionary<string, long>(), 0);
            return new LoadResult
            {
                Settings = _settings,
                Elapsed = stoppedAt > _measureFrom ? _time.GetElapsedTime(_measureFrom, stoppedAt) : TimeSpan.Zero,
                Sent = _stats.Sent,
                Answered = _stats.Answered,
                Timeouts = _stats.Timeouts,
                ConnectionErrors = _stats.ConnectionErrors,
                BadResponses = _stats.BadResponses,
                Refused = _stats.Refused,
                LateResponses = _clients.Sum(c => c?.Stats.LateResponses ?? 0),
                ResponseCodes = _stats.CountByCode(),
                ByKind = Enum.GetValues<RequestKind>().ToDictionary(k => k, _stats.Kind),
                Latency = _total,
                SendLag = _stats.SendLag.GetIntervalHistogram(),
                WarmupSent = _stats.WarmupSent,
                Series = _series,
                SignOn = signOn,
                BatchTotals = batches,
                Reversals = _reversals.Snapshot(),
                Interrupted = interrupted,
            };
        }
        finally
        {
            foreach (var terminal in _terminals)
            {
                terminal.Dispose();
            }

            foreach (var client in _clients)
            {
                if (client is not null)
                {
                    await client.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _clients.Length; i++)
        {
            try
            {
                _clients[i] = await IsoClient.ConnectAsync(
                    new IsoClientOptions
                    {
                        EndPoint = _settings.Target,
                        Transport = _settings.Transport,
                        Codec = _settings.Codec,
                        Framing = _settings.Framing,
                        Header = _settings.Header,
                        DefaultTimeout = _settings.Timeout,
                        ConnectTimeout = TimeSpan.FromSeconds(5),

                        // A reset mid-run is counted and the connection comes back; the run's clock still ends it.
                        Reconnect = true,
                        ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
                        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
                        MaxReconnectAttempts = 1000,
                        TimeProvider = _time,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException)
            {
                throw new LoadConnectException($"cannot connect to {_settings.Target}: {e.Message}", e);
            }
        }
    }

    /// <summary>Tells <see cref="LoadSettings.Measuring"/> when measuring starts and ends, while the traffic runs.</summary>
    private async Task NotifyMeasuringAsync(Task traffic)
    {
        if (_settings.Measuring is not { } measuring)
        {
            await traffic.ConfigureAwait(false);
            return;
        }

        if (await Task.WhenAny(traffic, Task.Delay(_settings.Warmup, _time)).ConfigureAwait(false) != traffic)
        {
            measuring(true);
        }

        await traffic.ConfigureAwait(false);
        measuring(false);
    }

    /// <summary>Each terminal starts its STAN sequence at a different place, so a restarted run does not repeat the last one's.</summary>
    private static int FirstStan(int terminal) => ((terminal * 7919) % 999_999) + 1;

    private long Ticks(TimeSpan span) => checked((long)(span.TotalSeconds * _time.TimestampFrequency));

    private DateTimeOffset LocalNow() => _time.GetUtcNow().ToOffset(_settings.LocalOffset);

    /// <summary>The connection a terminal's requests go on: terminals are dealt round the connections.</summary>
    private IsoClient ClientOf(int terminal) => _clients[terminal % _clients.Length];
}
