namespace PosSim.Simulation.Scenarios;

/// <summary>Faults: the keys each type takes (<see cref="FaultRules"/>), how it is aimed, and its references.</summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] BounceReasons = ["frozen", "wrong-account"];
    private static readonly TimeSpan MaxOutage = TimeSpan.FromHours(12);

    private List<FaultSpec> ReadFaults(YamlValue value) => value.List().Select(item => ReadFault(item.Map())).ToList();

    private FaultSpec ReadFault(YamlMap map)
    {
        var typeValue = map.Required("type");
        var typeName = typeValue.Text();
        if (!FaultNames.TryParse(typeName, out var type))
        {
            throw typeValue.Error($"unknown fault type {YamlValue.Quote(typeName)}; the types are {string.Join(", ", FaultNames.All)}");
        }

        var rule = FaultRules.Of(type);
        CheckFaultKeys(map, typeName, rule);
        CheckAim(map, typeName, rule);

        var day = map.Optional("day") is { } dayValue ? TradingDay(dayValue) : (int?)null;
        var (from, to) = Window(map);
        var fault = new FaultSpec
        {
            Type = type,
            TerminalId = map.Optional("terminal") is { } terminal ? Terminal(terminal) : null,
            MerchantId = map.Optional("merchant") is { } merchant ? Merchant(merchant) : null,
            Nth = map.Optional("nth")?.Int(1),
            Ref = map.Optional("ref") is { } reference ? PlannedPurchase(reference).Name : null,
            Rate = map.Optional("rate")?.Share(),
            Day = day,
            From = type is FaultType.Disconnect or FaultType.SwitchRestart ? map.Required("at").Time() : from, // these happen at one moment
            To = to,
            Delay = map.Optional("delay")?.Duration(Millisecond),
            Jitter = map.Optional("jitter")?.Duration(TimeSpan.Zero),
            Field = map.Optional("field")?.Int(2, 128),
            ByMinor = map.Optional("by_minor") is { } by ? Positive(by) : DefaultByMinor(type),
            Days = map.Optional("days")?.Int(1, 366) ?? DefaultDays(type),
            UntilDay = map.Optional("until_day") is { } until ? UntilDay(until, day) : null,
            Reason = map.Optional("reason") is { } reason ? OneOf(reason, BounceReasons) : type == FaultType.PayoutBounce ? "frozen" : null,
            Where = map.Where,
        };

        if (fault.Type is FaultType.CutOverSkew or FaultType.SwitchRestart && fault.Delay > MaxOutage)
        {
            throw map.Required("delay").Error($"{typeName} lasts at most {ScenarioFormats.Duration(MaxOutage)}; a longer one is another day's fault");
        }

        if (fault.TerminalId is not null && fault.MerchantId is not null)
        {
            throw map.KeyOf("merchant").Error($"{typeName} cuts off a terminal or a merchant, not both");
        }

        return fault;
    }

    /// <summary>Keys no fault takes are unknown; keys other types take are named as wrong for this one.</summary>
    private static void CheckFaultKeys(YamlMap map, string typeName, FaultRule rule)
    {
        foreach (var (key, keyNode, _) in map.Entries)
        {
            if (rule.Keys.Contains(key))
            {
                continue;
            }

            throw keyNode.Error(FaultRules.AllKeys.Contains(key)
                ? $"{typeName} does not take {key}; it takes {string.Join(", ", rule.Keys.Skip(1))}"
                : YamlMap.UnknownKey(key, rule.Keys));
        }

        foreach (var key in rule.Required)
        {
            if (!map.Has(key))
            {
                throw map.Missing(key, $" ({typeName} needs {string.Join(", ", rule.Required)})");
            }
        }
    }

    /// <summary>An aimed fault names one transaction and no window; a rate or window fault names no transaction.</summary>
    private static void CheckAim(YamlMap map, string typeName, FaultRule rule)
    {
        if (rule.Aims == FaultAims.None)
        {
            return;
        }

        var aimed = rule.Aims.HasFlag(FaultAims.Aimed) && FaultRules.AimedKeys.Any(map.Has);
        if (aimed)
        {
            if (FaultRules.RateKeys.FirstOrDefault(map.Has) is { } key)
            {
                throw map.KeyOf(key).Error($"an aimed fault (terminal + nth, or ref) hits one transaction and takes no {key}");
            }

            if (map.Has("ref") && (map.Has("terminal") || map.Has("nth")))
            {
                throw map.KeyOf("ref").Error("aim with terminal + nth or with ref, not both");
            }

            if (map.Has("terminal") != map.Has("nth"))
            {
                var missing = map.Has("terminal") ? "nth" : "terminal";
                throw map.Missing(missing, " (terminal + nth aims at the n-th purchase that terminal sends)");
            }
        }
        else if (!map.Has("rate") && !(rule.Aims.HasFlag(FaultAims.Window) && (map.Has("from") || map.Has("to"))))
        {
            throw new ScenarioException(map.Where, $"{map.Node.Path}: {typeName} needs {rule.AimsText}");
        }
    }

    /// <summary>from and to come together, from before to.</summary>
    private static (TimeOnly? From, TimeOnly? To) Window(YamlMap map)
    {
        var fromValue = map.Optional("from");
        var toValue = map.Optional("to");
        if (fromValue is null && toValue is null)
        {
            return (null, null);
        }

        if (fromValue is not { } f)
        {
            throw map.Missing("from", " (a window needs from and to)");
        }

        if (toValue is not { } t)
        {
            throw map.Missing("to", " (a window needs from and to)");
        }

        var from = f.Time();
        var to = t.Time();
        return from < to ? (from, to) : throw t.Error($"{to:HH:mm:ss} is not after from {from:HH:mm:ss}; a window ends after it starts");
    }

    private int UntilDay(YamlValue value, int? day)
    {
        var last = _days + _settleDays;
        var until = value.Long();
        if (until < 1 || until > last)
        {
            throw value.Error($"{until} is outside the run's days 1..{last} (days + settle_days)");
        }

        return day is null || until > day ? (int)until : throw value.Error($"{until} is not after day {day}; the fault ends after it starts");
    }

    // Added, never taken away: a presentment or a batch total taken below zero could not be sent at all.
    private static long Positive(YamlValue value) =>
        value.Long() is var n && n > 0 ? n : throw value.Error($"{n} is not an amount to add; give a positive number of minor units");

    private static long? DefaultByMinor(FaultType type) =>
        type is FaultType.BatchOutOfBalance or FaultType.ClearingAltered ? 100 : null;

    private static int? DefaultDays(FaultType type) => type switch
    {
        FaultType.LateReversal => 1,
        FaultType.SettlementDelayed => 2,
        _ => null,
    };
}
