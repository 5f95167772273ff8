namespace PosSim.Simulation.Tests.Scenarios;

/// <summary>Scenario files the loader tests share.</summary>
internal static class ScenarioTexts
{
    /// <summary>The least a scenario needs: 2 merchants (M0001, M0002) with 2 terminals each (T0000001 to T0000004), 2 days. 7 lines.</summary>
    public const string Minimal =
        """
        name: minimal
        start: 2025-03-03
        days: 2
        merchants:
          - id: M
            count: 2
            terminals: 2

        """;

    /// <summary>Every key set to something other than its default.</summary>
    public const string Full =
        """
        name: lost response at cut-over
        description: A sale at 23:00:00 whose response is lost.
        seed: 42
        start: 2025-03-14
        days: 3
        settle_days: 4
        utc_offset: "+07:30"
        cut_over: "22:00"
        dialect: iso87-binary
        framing: ascii4
        currency: "840"
        holidays: [2025-03-17, 2025-03-18]
        acquirer:
          issuer_timeout: 3s
          reversal_ack_timeout: 4s
          reversal_backoff: 250ms
          reversal_max_backoff: 2m
          reversal_max_tries: 7
          terminal_timeout: 40s
          terminal_reversal_tries: 2
          link_latency: 0ms
        merchants:
          - id: SHOP
            count: 3
            category: "5812"
            terminals: 2
            mdr_card_bps: 55
            mdr_qr_bps: 30
            qr_share: 0.25
            settle_days: 2
            instant:
              window: 08:00-20:00
              daily_quota_minor: 5000000
            weight: 1.5
          - id: KIOSK
            settlement_account: SA-KIOSK-2
        cardholders:
          count: 500
          bin: "62220200"
          balance_min_minor: 100
          balance_max_minor: 900000
          expired_share: 0.05
          low_balance_share: 0.1
        traffic:
          purchases_per_day: 2500
          hourly_curve: [0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 4, 5, 4, 3, 3, 3, 4, 5, 5, 4, 2, 1, 0.5]
          weekend_factor: 1.2
          amount_median_minor: 5000
          amount_spread: 0.7
          amount_min_minor: 50
          amount_max_minor: 1000000
          refund_rate: 0.02
          void_rate: 0.01
          reversal_rate: 0.005
          open: "06:30"
          batch_close: "23:30"
        planned:
          - terminal: T0000007
            day: 1
            time: "23:00:00"
            amount_minor: 35000
            name: late-sale
          - kind: refund
            terminal: T0000007
            day: 2
            time: "10:15"
            amount_minor: 10000
            ref: late-sale
            channel: qr
        faults:
          - type: response-lost
            ref: late-sale
          - type: request-lost
            rate: 0.01
            day: 2
            from: "10:00"
            to: "11:00"
          - type: link-delay
            from: "12:00"
            to: "12:30"
            delay: 2s
            jitter: 500ms
          - type: corrupt
            terminal: T0000002
            nth: 3
            field: 4
          - type: partition
            merchant: KIOSK
            from: "15:00"
            to: "15:10"
          - type: issuer-slow
            from: "09:00"
            to: "09:05"
            delay: 6s
          - type: batch-out-of-balance
            terminal: T0000001
            day: 1
          - type: late-reversal
            terminal: T0000003
            nth: 1
          - type: settlement-delayed
            rate: 0.1
          - type: risk-hold
            merchant: SHOP0002
            day: 1
            until_day: 6
          - type: payout-bounce
            merchant: KIOSK
            day: 2
            reason: wrong-account
          - type: bank-maintenance
            day: 3
            from: "01:00"
            to: "03:00"
        expect:
          exceptions:
            approved-not-cleared: 0
            settled-late: 2
          money_conserved: true
          findings_match_faults: false
          counters:
            reversals_sent: 1
            approvals: 100..
            declines: ..5
            payouts: 2..4

        """;
}
