using HdrHistogram;
using PosSim.Iso8583;
using PosSim.Net.Client;

namespace PosSim.Load;

public sealed partial class LoadRun
{
    /// <summary>
    /// Every terminal signs on (0800, 70 = 001) before traffic starts, as a terminal does when it powers up; as a
    /// host, each connection signs on once without field 41. Failures are counted, not fatal: a switch that does
    /// not need sign-on may well refuse it.
    /// </summary>
    private async Task<PhaseCounts> SignOnAsync(CancellationToken cancellationToken)
    {
        var local = LocalNow();
        if (_settings.AsHost)
        {
            var links = _clients.Select((client, c) => (client, _terminals[c % _terminals.Length].SignOn(local, asHost: true)));
            return await PhaseAsync(links.ToList(), cancellationToken).ConfigureAwait(false);
        }

        // Each terminal's 0810 brings its working MAC key when the switch authenticates terminals.
        var requests = _terminals.Select((terminal, t) => (ClientOf(t), terminal.SignOn(local, asHost: false))).ToList();
        return await PhaseAsync(requests, cancellationToken, (i, answer) => _terminals[i].AcceptSignOn(answer)).ConfigureAwait(false);
    }

    /// <summary>Each terminal that approved anything closes its batch with an 0500 of its own totals.</summary>
    private async Task<PhaseCounts> CloseBatchesAsync(CancellationToken cancellationToken)
    {
        var local = LocalNow();
        var requests = new List<(IsoClient, IsoMessage)>();
        for (var t = 0; t < _terminals.Length; t++)
        {
            if (_terminals[t].BatchTotals(local) is { } totals)
            {
                requests.Add((ClientOf(t), totals));
            }
        }

        return await PhaseAsync(requests, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<PhaseCounts> PhaseAsync(List<(IsoClient Client, IsoMessage Request)> requests, CancellationToken cancellationToken, Action<int, IsoMessage>? answered = null)
    {
        var answers = await Task.WhenAll(requests.Select(r => AnswerOrNullAsync(r.Client, r.Request, cancellationToken))).ConfigureAwait(false);
        var codes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long unanswered = 0;
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i] is not { } answer)
            {
                unanswered++;
                continue;
            }

            answered?.Invoke(i, answer);

            var code = answer.ResponseCode ?? "none";
            codes[code] = codes.GetValueOrDefault(code) + 1;
        }

        return new PhaseCounts(requests.Count, codes, unanswered);
    }

    private static async Task<IsoMessage?> AnswerOrNullAsync(IsoClient client, IsoMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IsoTimeoutException or IsoConnectionException or IsoResponseFormatException or InvalidOperationException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Once a second during the warmup, the live status; then once a second from the end of the warmup, so each
    /// point of the time series is one whole measured second, a point of the series and the live status.
    /// </summary>
    private async Task SampleAsync(Action<LoadProgress>? progress, CancellationToken stop)
    {
        _total = new LongHistogram(1, LoadStats.HighestMicros, 3);
        try
        {
            long lastWarmup = 0;
            while (_time.GetTimestamp() < _measureFrom)
            {
                var left = _time.GetElapsedTime(_time.GetTimestamp(), _measureFrom);
                await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), _time, stop).ConfigureAwait(false);
                var now = _time.GetTimestamp();
                if (now < _measureFrom)
                {
                    var warm = _stats.WarmupSent;
                    progress?.Invoke(new LoadProgress(true, _time.GetElapsedTime(_start, now), warm - lastWarmup, _stats.Errors, 0, 0));
                    lastWarmup = warm;
                }
            }

            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var sample = TakeSecond(final: false);
                progress?.Invoke(new LoadProgress(false, _time.GetElapsedTime(_measureFrom, _time.GetTimestamp()), sample.Answered, _stats.Errors, sample.P50Ms, sample.P99Ms));
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>Closes one interval: its latency joins the run's histogram and the series gets a point.</summary>
    private SecondSample TakeSecond(bool final)
    {
        var interval = _stats.Latency.GetIntervalHistogram();
        _total.Add(interval);
        var sent = _stats.Sent;
        var answered = _stats.Answered;
        var errors = _stats.Errors;
        static double Ms(HistogramBase h, double p) => h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(p) / 1000.0;
        var sample = new SecondSample(_series.Count + 1, sent - _lastSent, answered - _lastAnswered, errors - _lastErrors, Ms(interval, 50), Ms(interval, 99), interval.TotalCount == 0 ? 0 : interval.GetMaxValue() / 1000.0);
        (_lastSent, _lastAnswered, _lastErrors) = (sent, answered, errors);
        if (!final || sample.Sent + sample.Answered + sample.Errors > 0)
        {
            _series.Add(sample);
        }

        return sample;
    }
}
