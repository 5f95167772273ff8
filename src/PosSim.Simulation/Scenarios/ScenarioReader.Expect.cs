using PosSim.Interchange;

namespace PosSim.Simulation.Scenarios;

/// <summary>What the run must show: exception counts by kind, the books, the findings and counter bounds.</summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] ExpectKeys = ["exceptions", "money_conserved", "findings_match_faults", "counters"];

    private static Expectations ReadExpect(YamlMap map)
    {
        map.Allow(ExpectKeys);
        return new Expectations
        {
            Exceptions = map.Optional("exceptions") is { } exceptions ? ExceptionCounts(exceptions.Map()) : new Dictionary<string, int>(StringComparer.Ordinal),
            MoneyConserved = map.Optional("money_conserved")?.Bool(),
            FindingsMatchFaults = map.Optional("findings_match_faults")?.Bool(),
            Counters = map.Optional("counters") is { } counters ? CounterBounds(counters.Map()) : new Dictionary<string, CountBound>(StringComparer.Ordinal),
            Where = map.Where,
        };
    }

    private static Dictionary<string, int> ExceptionCounts(YamlMap map)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, keyNode, value) in map.Entries)
        {
            if (!ExceptionKinds.TryParse(kind, out _))
            {
                throw keyNode.Error($"{kind} is not an exception kind; the kinds are {string.Join(", ", ExceptionKinds.InOutputOrder.Select(k => k.Name()))}");
            }

            counts[kind] = value.Int(0);
        }

        return counts;
    }

    private static Dictionary<string, CountBound> CounterBounds(YamlMap map)
    {
        var bounds = new Dictionary<string, CountBound>(StringComparer.Ordinal);
        foreach (var (name, keyNode, value) in map.Entries)
        {
            // Counter names are the run's (docs/scenarios.md); their spelling is checked here, their existence by the run.
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                throw keyNode.Error($"{YamlValue.Quote(name)} is not a counter name (lower case letters, digits and _)");
            }

            bounds[name] = Bound(value);
        }

        return bounds;
    }

    private static CountBound Bound(YamlValue value)
    {
        var text = value.Text();
        if (!ScenarioFormats.TryBound(text, out var bound))
        {
            throw value.Error($"expected {ScenarioFormats.BoundForm} (counts are 0 or more), found {value.Describe()}");
        }

        return bound.Min > bound.Max ? throw value.Error($"{text} is an empty range: {bound.Min} is more than {bound.Max}") : bound;
    }
}
