using System.Diagnostics.Metrics;
using PosSim.Core.Issuer;

namespace PosSim.Host.Serve;

/// <summary>
/// The issuer's answers as System.Diagnostics.Metrics instruments (meter <see cref="MeterName"/>), read from its
/// counters when collected, so the loop pays nothing for them.
/// </summary>
internal sealed class IssuerMetrics : IDisposable
{
    public const string MeterName = "PosSim.Issuer";

    private readonly Meter _meter = new(MeterName);

    public IssuerMetrics(Func<CardIssuer?> issuer)
    {
        _meter.CreateObservableCounter("possim.issuer.requests", () => issuer()?.Counters.Requests ?? 0, "{request}", "Requests the issuer answered");
        _meter.CreateObservableCounter("possim.issuer.approvals", () => issuer()?.Counters.Approved ?? 0, "{request}", "Answers with 39 = 00");
        _meter.CreateObservableCounter("possim.issuer.declines", () => issuer()?.Counters.Declined ?? 0, "{request}", "Answers with 39 other than 00");
    }

    public void Dispose() => _meter.Dispose();
}
