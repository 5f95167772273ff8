using PosSim.Iso8583;

namespace PosSim.Simulation.Scenarios;

/// <summary>
/// Reads one scenario file's tree into the model. It reads in the order references need, not the file's order:
/// the calendar and the merchants first, so that planned transactions and faults can be checked against the
/// scenario's days, merchants and terminals with the place of the key that names them.
/// </summary>
internal sealed partial class ScenarioReader(string file)
{
    private static readonly string[] TopKeys =
    [
        "name", "description", "seed", "start", "days", "settle_days", "utc_offset", "cut_over", "dialect", "framing",
        "currency", "holidays", "acquirer", "merchants", "cardholders", "traffic", "planned", "faults", "expect",
        "support",
    ];

    // Streams need a length header, so "none" is not one of them.
    private static readonly string[] StreamFramings = ["binary2", "ascii4", "bcd2"];

    /// <summary>Long enough for a year of trading; longer runs are mistakes, not scenarios.</summary>
    private const int MaxDays = 3660;

    private int _days;
    private int _settleDays;
    private HashSet<string> _merchantIds = [];
    private List<string> _merchantOrder = [];
    private HashSet<string> _terminalIds = [];
    private readonly Dictionary<string, PlannedTransaction> _planned = new(StringComparer.Ordinal);

    public Scenario Read(YamlValue root)
    {
        var map = root.Map();
        map.Allow(TopKeys);

        _days = map.Optional("days")?.Int(1, MaxDays) ?? 1;
        _settleDays = map.Optional("settle_days")?.Int(0, MaxDays) ?? 5;
        var scenario = new Scenario
        {
            Name = map.Required("name").Name(),
            Description = map.Optional("description")?.Text() ?? "",
            Seed = map.Optional("seed")?.Int() ?? 1,
            Start = map.Required("start").Date(),
            Days = _days,
            SettleDays = _settleDays,
            UtcOffset = map.Optional("utc_offset") is { } offset ? Offset(offset) : TimeSpan.FromHours(8),
            CutOver = map.Optional("cut_over")?.Time() ?? new TimeOnly(23, 0),
            Dialect = map.Optional("dialect") is { } dialect ? DialectName(dialect, file) : "iso87-ascii",
            Framing = map.Optional("framing") is { } framing ? OneOf(framing, StreamFramings) : "binary2",
            Currency = map.Optional("currency")?.Digits(3, 3, "an ISO 4217 numeric currency (3 digits, 156 for CNY)") ?? "156",
            Holidays = map.Optional("holidays") is { } holidays ? Holidays(holidays) : [],
            Acquirer = map.Optional("acquirer") is { } acquirer ? ReadAcquirer(acquirer.Map()) : new(),
            Merchants = ReadMerchants(map.Required("merchants")),
            Cardholders = map.Optional("cardholders") is { } cardholders ? ReadCardholders(cardholders.Map()) : new(),
            Traffic = map.Optional("traffic") is { } traffic ? ReadTraffic(traffic.Map()) : new(),
            SourceFile = file,
        };

        RememberLayout(scenario);
        var planned = map.Optional("planned") is { } p ? ReadPlanned(p) : [];
        return scenario with
        {
            Planned = planned,
            Support = map.Optional("support") is { } support ? ReadSupport(support.Map(), scenario) : new(),
            Faults = map.Optional("faults") is { } faults ? ReadFaults(faults) : [],
            Expect = map.Optional("expect") is { } expect ? ReadExpect(expect.Map()) : new(),
        };
    }

    private void RememberLayout(Scenario scenario)
    {
        _merchantOrder = ScenarioLayout.Merchants(scenario).Select(m => m.MerchantId).ToList();
        _merchantIds = _merchantOrder.ToHashSet(StringComparer.Ordinal);
        _terminalIds = ScenarioLayout.Terminals(scenario).Select(t => t.TerminalId).ToHashSet(StringComparer.Ordinal);
    }

    private static TimeSpan Offset(YamlValue value) =>
        ScenarioFormats.TryOffset(value.Text(), out var offset) ? offset
        : throw value.Error($"expected {ScenarioFormats.OffsetForm} between -14:00 and +14:00, found {value.Describe()}");

    private static string DialectName(YamlValue value, string scenarioFile)
    {
        var name = value.Name();
        if (Dialect.BuiltInNames.Contains(name))
        {
            return name;
        }

        if (!name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw value.Error($"{YamlValue.Quote(name)} is not a built-in dialect ({string.Join(", ", Dialect.BuiltInNames)}) nor a dialect .json file");
        }

        // The file is read now, so a missing or broken one stops the run before anything is written.
        try
        {
            Dialect.Load(ScenarioLayout.DialectPath(name, scenarioFile));
            return name;
        }
        catch (DialectException e)
        {
            throw value.Error(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw value.Error($"{YamlValue.Quote(name)} cannot be read: {e.Message}");
        }
    }

    private static string OneOf(YamlValue value, IReadOnlyCollection<string> choices)
    {
        var text = value.Text();
        return choices.Contains(text) ? text : throw value.Error($"{YamlValue.Quote(text)} is not one of {string.Join(", ", choices)}");
    }

    private static List<DateOnly> Holidays(YamlValue value)
    {
        var dates = new List<DateOnly>();
        foreach (var item in value.List())
        {
            var date = item.Date();
            if (dates.Contains(date))
            {
                throw item.Error($"{date:yyyy-MM-dd} is listed twice");
            }

            dates.Add(date);
        }

        return dates;
    }

    /// <summary>A trading day (1-based) of this scenario.</summary>
    private int TradingDay(YamlValue value) =>
        value.Long() is var day && day >= 1 && day <= _days ? (int)day
        : throw value.Error($"day {value.Describe()} is outside the scenario's trading days 1..{_days}");
}
