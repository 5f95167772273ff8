using System.Globalization;
using PosSim.Simulation.Scenarios;

namespace PosSim.Benchmarks.Simulation;

/// <summary>The benchmark's business day: N purchases across 1,000 merchants (2 terminals each), with refunds, voids and reversals.</summary>
internal static class BenchScenario
{
    public static Scenario Day(long purchases, int merchants = 1000, int days = 1) => ScenarioLoader.Parse(string.Create(CultureInfo.InvariantCulture, $"""
        name: bench-day
        start: 2026-03-02
        days: {days}
        settle_days: 2
        merchants:
          - id: M
            count: {merchants}
            terminals: 2
            qr_share: 0.3
        cardholders:
          count: 200000
          expired_share: 0.01
          low_balance_share: 0.01
        traffic:
          purchases_per_day: {purchases}
          refund_rate: 0.01
          void_rate: 0.005
          reversal_rate: 0.002
        """), "bench-day.yaml");
}
