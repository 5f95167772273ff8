namespace PosSim.Simulation.Scenarios;

/// <summary>The acquirer's timers, the cardholders and the generated traffic.</summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] AcquirerKeys =
    [
        "issuer_timeout", "reversal_ack_timeout", "reversal_backoff", "reversal_max_backoff", "reversal_max_tries",
        "terminal_timeout", "terminal_reversal_tries", "link_latency",
    ];

    private static readonly string[] CardholderKeys =
        ["count", "bin", "balance_min_minor", "balance_max_minor", "expired_share", "low_balance_share"];

    private static readonly string[] TrafficKeys =
    [
        "purchases_per_day", "hourly_curve", "weekend_factor", "amount_median_minor", "amount_spread", "amount_min_minor",
        "amount_max_minor", "refund_rate", "void_rate", "reversal_rate", "open", "batch_close",
    ];

    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    private static AcquirerSpec ReadAcquirer(YamlMap map)
    {
        map.Allow(AcquirerKeys);
        var defaults = new AcquirerSpec();
        var spec = new AcquirerSpec
        {
            IssuerTimeout = map.Optional("issuer_timeout")?.Duration(Millisecond) ?? defaults.IssuerTimeout,
            ReversalAckTimeout = map.Optional("reversal_ack_timeout")?.Duration(Millisecond) ?? defaults.ReversalAckTimeout,
            ReversalBackoff = map.Optional("reversal_backoff")?.Duration(Millisecond) ?? defaults.ReversalBackoff,
            ReversalMaxBackoff = map.Optional("reversal_max_backoff")?.Duration(Millisecond) ?? defaults.ReversalMaxBackoff,
            ReversalMaxTries = map.Optional("reversal_max_tries")?.Int(1) ?? defaults.ReversalMaxTries,
            TerminalTimeout = map.Optional("terminal_timeout")?.Duration(Millisecond) ?? defaults.TerminalTimeout,
            TerminalReversalTries = map.Optional("terminal_reversal_tries")?.Int(1) ?? defaults.TerminalReversalTries,
            LinkLatency = map.Optional("link_latency")?.Duration(TimeSpan.Zero) ?? defaults.LinkLatency,
        };

        if (spec.ReversalMaxBackoff < spec.ReversalBackoff)
        {
            throw (map.Optional("reversal_max_backoff") ?? map.Required("reversal_backoff"))
                .Error($"{ScenarioFormats.Duration(spec.ReversalMaxBackoff)} is shorter than reversal_backoff {ScenarioFormats.Duration(spec.ReversalBackoff)}");
        }

        return spec;
    }

    private static CardholderSpec ReadCardholders(YamlMap map)
    {
        map.Allow(CardholderKeys);
        var defaults = new CardholderSpec();
        var spec = new CardholderSpec
        {
            Count = map.Optional("count")?.Int(1) ?? defaults.Count,
            Bin = map.Optional("bin")?.Digits(6, 8, "a BIN of 6 to 8 digits") ?? defaults.Bin,
            BalanceMinMinor = map.Optional("balance_min_minor")?.Long(0) ?? defaults.BalanceMinMinor,
            BalanceMaxMinor = map.Optional("balance_max_minor")?.Long(0) ?? defaults.BalanceMaxMinor,
            ExpiredShare = map.Optional("expired_share")?.Share() ?? defaults.ExpiredShare,
            LowBalanceShare = map.Optional("low_balance_share")?.Share() ?? defaults.LowBalanceShare,
        };

        if (spec.BalanceMinMinor > spec.BalanceMaxMinor)
        {
            throw (map.Optional("balance_min_minor") ?? map.Required("balance_max_minor"))
                .Error($"balance_min_minor {spec.BalanceMinMinor} is more than balance_max_minor {spec.BalanceMaxMinor}");
        }

        if (spec.ExpiredShare + spec.LowBalanceShare > 1)
        {
            throw map.Required("low_balance_share").Error("expired_share and low_balance_share add up to more than 1");
        }

        return spec;
    }

    private static TrafficSpec ReadTraffic(YamlMap map)
    {
        map.Allow(TrafficKeys);
        var defaults = new TrafficSpec();
        var spec = new TrafficSpec
        {
            PurchasesPerDay = map.Optional("purchases_per_day")?.Int(0) ?? defaults.PurchasesPerDay,
            HourlyCurve = map.Optional("hourly_curve") is { } curve ? HourlyCurve(curve) : defaults.HourlyCurve,
            WeekendFactor = map.Optional("weekend_factor")?.Number(0) ?? defaults.WeekendFactor,
            AmountMedianMinor = map.Optional("amount_median_minor")?.Long(1) ?? defaults.AmountMedianMinor,
            AmountSpread = map.Optional("amount_spread")?.Number(0) ?? defaults.AmountSpread,
            AmountMinMinor = map.Optional("amount_min_minor")?.Long(1) ?? defaults.AmountMinMinor,
            AmountMaxMinor = map.Optional("amount_max_minor")?.Long(1) ?? defaults.AmountMaxMinor,
            RefundRate = map.Optional("refund_rate")?.Share() ?? defaults.RefundRate,
            VoidRate = map.Optional("void_rate")?.Share() ?? defaults.VoidRate,
            ReversalRate = map.Optional("reversal_rate")?.Share() ?? defaults.ReversalRate,
            Open = map.Optional("open")?.Time() ?? defaults.Open,
            BatchClose = map.Optional("batch_close")?.Time() ?? defaults.BatchClose,
        };

        if (spec.AmountMinMinor > spec.AmountMaxMinor)
        {
            throw (map.Optional("amount_min_minor") ?? map.Required("amount_max_minor"))
                .Error($"amount_min_minor {spec.AmountMinMinor} is more than amount_max_minor {spec.AmountMaxMinor}");
        }

        if (spec.AmountMedianMinor < spec.AmountMinMinor || spec.AmountMedianMinor > spec.AmountMaxMinor)
        {
            throw (map.Optional("amount_median_minor") ?? map.Optional("amount_min_minor") ?? map.Required("amount_max_minor"))
                .Error($"amount_median_minor {spec.AmountMedianMinor} is outside amount_min_minor..amount_max_minor ({spec.AmountMinMinor}..{spec.AmountMaxMinor})");
        }

        // Each approved purchase is followed by at most one of a refund, a void or a reversal.
        if (spec.RefundRate + spec.VoidRate + spec.ReversalRate > 1)
        {
            throw (map.Optional("reversal_rate") ?? map.Optional("void_rate") ?? map.Required("refund_rate"))
                .Error("refund_rate, void_rate and reversal_rate add up to more than 1");
        }

        if (spec.Open >= spec.BatchClose)
        {
            throw (map.Optional("open") ?? map.Required("batch_close"))
                .Error($"open {spec.Open:HH:mm:ss} is not before batch_close {spec.BatchClose:HH:mm:ss}");
        }

        return spec;
    }

    private static double[] HourlyCurve(YamlValue value)
    {
        var items = value.List();
        if (items.Count != 24)
        {
            throw value.Error($"needs 24 numbers, one per hour from 00 to 23; found {items.Count}");
        }

        var curve = items.Select(item => item.Number(0)).ToArray();
        return curve.Sum() > 0 ? curve : throw value.Error("every hour is 0; at least one must be positive");
    }
}
