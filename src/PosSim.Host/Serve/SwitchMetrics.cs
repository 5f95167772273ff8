using System.Diagnostics;
using System.Diagnostics.Metrics;
using PosSim.Core.Switch;
using PosSim.Iso8583;

namespace PosSim.Host.Serve;

/// <summary>
/// The switch's counters as System.Diagnostics.Metrics instruments, visible with
/// <c>dotnet-counters monitor --name possim --counters PosSim.Switch</c>.
/// </summary>
internal sealed class SwitchMetrics : IDisposable
{
    public const string MeterName = "PosSim.Switch";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Counter<long> _approvals;
    private readonly Counter<long> _declines;
    private readonly Histogram<double> _latency;

    public SwitchMetrics(Func<int> inFlight, Func<AcquirerSwitch?> switchCore)
    {
        _requests = _meter.CreateCounter<long>("possim.requests", description: "Requests answered");
        _approvals = _meter.CreateCounter<long>("possim.approvals", description: "Responses with 39 = 00");
        _declines = _meter.CreateCounter<long>("possim.declines", description: "Responses with 39 other than 00, by response code");
        _latency = _meter.CreateHistogram<double>("possim.latency", unit: "ms", description: "Time from request read to response ready");
        _meter.CreateObservableGauge("possim.in_flight", inFlight, description: "Requests waiting for an answer");
        _meter.CreateObservableCounter("possim.reversals_queued", () => switchCore()?.Counters.ReversalsQueued ?? 0, description: "Reversal advices queued for the issuer");
        _meter.CreateObservableCounter("possim.issuer_timeouts", () => switchCore()?.Counters.IssuerTimeouts ?? 0, description: "Requests the issuer did not answer in time");
        _meter.CreateObservableCounter("possim.late_responses", () => switchCore()?.Counters.LateResponses ?? 0, description: "Issuer answers that came after the timeout");
        _meter.CreateObservableCounter("possim.identity_refusals", () => switchCore()?.IdentityRefusals ?? 0, description: "Requests refused 58 because their connection may not speak for the terminal in field 41");
        _meter.CreateObservableCounter("possim.mac_refusals", () => switchCore()?.MacRefusals ?? 0, description: "Requests, sign-ons, echoes and sign-offs refused 63 for a missing or wrong MAC, or from a terminal with no working key");
        _meter.CreateObservableCounter("possim.originals_from_store", () => switchCore()?.Counters.OriginalsFromStore ?? 0, description: "Refunds and voids whose original the switch had forgotten (its date cleared) and read again from tranlog.db");
        _meter.CreateObservableCounter("possim.reversal_mismatches", () => switchCore()?.ReversalMismatches ?? 0, description: "Reversals refused 25 for naming an original without its amount or card");
    }

    public void Record(IsoMessage response, long startTimestamp)
    {
        _requests.Add(1);
        var code = ResponseCodes.Of(response);
        if (code == ResponseCodes.Approved)
        {
            _approvals.Add(1);
        }
        else
        {
            _declines.Add(1, new KeyValuePair<string, object?>("response_code", code ?? "none"));
        }

        _latency.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);
    }

    public void Dispose() => _meter.Dispose();
}
