namespace PosSim.Simulation.Scenarios;

/// <summary>Planned transactions, and the terminal and transaction references planned transactions and faults share.</summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] PlannedKeys = ["kind", "terminal", "day", "time", "amount_minor", "name", "ref", "channel"];

    private static readonly string[] PlannedKinds = ["purchase", "refund", "void", "reversal"];

    private static readonly string[] Channels = ["card", "qr"];

    /// <summary>ISO 8583 field 41 holds 8 characters.</summary>
    private const int MaxTerminalIdLength = 8;

    private List<PlannedTransaction> ReadPlanned(YamlValue value)
    {
        var items = value.List();
        var maps = items.Select(item => item.Map()).ToList();

        // Names first, so that a refund may be written above the purchase it refers to.
        foreach (var map in maps)
        {
            map.Allow(PlannedKeys);
            if (map.Optional("name") is { } nameValue)
            {
                var name = nameValue.Name();
                if (!_planned.TryAdd(name, new PlannedTransaction { TerminalId = "", Time = default, Where = nameValue.Where }))
                {
                    throw nameValue.Error($"the name {name} is already used by the planned transaction at line {_planned[name].Where.Line}");
                }
            }
        }

        var planned = new List<PlannedTransaction>();
        foreach (var map in maps)
        {
            planned.Add(ReadPlannedTransaction(map));
            if (planned[^1].Name is { } name)
            {
                _planned[name] = planned[^1];
            }
        }

        for (var i = 0; i < maps.Count; i++)
        {
            CheckPlannedRef(maps[i], planned[i]);
        }

        return planned;
    }

    private PlannedTransaction ReadPlannedTransaction(YamlMap map)
    {
        var kind = map.Optional("kind") is { } kindValue ? Enum.Parse<PlannedKind>(OneOf(kindValue, PlannedKinds), ignoreCase: true) : PlannedKind.Purchase;
        var reference = map.Optional("ref") is { } refValue ? refValue.Name() : null;
        if (kind == PlannedKind.Purchase && reference is not null)
        {
            throw map.KeyOf("ref").Error("a purchase refers to nothing; only a refund, void or reversal takes a ref");
        }

        if (kind != PlannedKind.Purchase && reference is null)
        {
            throw map.Missing("ref", $" (a {kind.ToString().ToLowerInvariant()} names the planned purchase it undoes)");
        }

        return new PlannedTransaction
        {
            Kind = kind,
            TerminalId = Terminal(map.Required("terminal")),
            Day = map.Optional("day") is { } day ? TradingDay(day) : 1,
            Time = map.Required("time").Time(),
            AmountMinor = map.Optional("amount_minor")?.Long(1) ?? 100_00,
            Name = map.Optional("name")?.Name(),
            Ref = reference,
            Channel = map.Optional("channel") is { } channel ? OneOf(channel, Channels) : "card",
            Where = map.Where,
        };
    }

    /// <summary>A refund, void or reversal undoes an earlier planned purchase of the same terminal.</summary>
    private void CheckPlannedRef(YamlMap map, PlannedTransaction self)
    {
        if (map.Optional("ref") is not { } refValue)
        {
            return;
        }

        var purchase = PlannedPurchase(refValue);
        if (purchase.TerminalId != self.TerminalId)
        {
            throw refValue.Error($"{purchase.Name} was made on terminal {purchase.TerminalId}, not {self.TerminalId}; a {Lower(self.Kind)} goes through the purchase's terminal");
        }

        if ((purchase.Day, purchase.Time).CompareTo((self.Day, self.Time)) >= 0)
        {
            throw refValue.Error($"{purchase.Name} happens on day {purchase.Day} at {purchase.Time:HH:mm:ss}, not before this {Lower(self.Kind)} (day {self.Day} at {self.Time:HH:mm:ss})");
        }
    }

    /// <summary>The planned purchase a ref names.</summary>
    private PlannedTransaction PlannedPurchase(YamlValue refValue)
    {
        var name = refValue.Name();
        if (!_planned.TryGetValue(name, out var target))
        {
            var known = _planned.Values.Where(p => p.Kind == PlannedKind.Purchase).Select(p => p.Name).ToList();
            throw refValue.Error(known.Count == 0
                ? $"no planned purchase is named {name}; give one a name: under planned"
                : $"no planned purchase is named {name}; named purchases: {string.Join(", ", known)}");
        }

        return target.Kind == PlannedKind.Purchase ? target
            : throw refValue.Error($"{name} is a planned {Lower(target.Kind)}, not a purchase");
    }

    /// <summary>A terminal id the scenario's merchants have.</summary>
    private string Terminal(YamlValue value)
    {
        var id = value.Name();
        if (id.Length > MaxTerminalIdLength)
        {
            throw value.Error($"{YamlValue.Quote(id)} is longer than {MaxTerminalIdLength} characters, so it cannot be a terminal id (T0000001)");
        }

        return _terminalIds.Contains(id) ? id
            : throw value.Error($"no terminal {id} in this scenario; its terminals are {TerminalRange()}");
    }

    private string Merchant(YamlValue value)
    {
        var id = value.Name();
        return _merchantIds.Contains(id) ? id
            : throw value.Error($"no merchant {id} in this scenario; its merchants are {Listed(_merchantOrder)}");
    }

    private string TerminalRange() => _terminalIds.Count == 1
        ? ScenarioLayout.TerminalId(1)
        : $"{ScenarioLayout.TerminalId(1)} to {ScenarioLayout.TerminalId(_terminalIds.Count)}";

    private static string Listed(List<string> ids) =>
        ids.Count <= 8 ? string.Join(", ", ids) : $"{string.Join(", ", ids.Take(6))}, ... ({ids.Count} in all)";

    private static string Lower(PlannedKind kind) => kind.ToString().ToLowerInvariant();
}
