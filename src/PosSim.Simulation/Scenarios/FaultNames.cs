using System.Collections.Frozen;

namespace PosSim.Simulation.Scenarios;

/// <summary>The names scenarios give fault types: kebab case of the enum (response-lost, issuer-down).</summary>
public static class FaultNames
{
    private static readonly FrozenDictionary<string, FaultType> ByName =
        Injectable.ToFrozenDictionary(Of, StringComparer.Ordinal);

    /// <summary>The names a scenario may use.</summary>
    public static IEnumerable<string> All => Injectable.Select(Of);

    /// <summary>The types a scenario may inject; the others are only recorded by runs (the scenario's own terms broke a promise).</summary>
    public static IEnumerable<FaultType> Injectable => Enum.GetValues<FaultType>().Where(t => !IsRecordedOnly(t));

    public static bool IsRecordedOnly(FaultType type) => type is FaultType.InstantFallback or FaultType.BatchSpansCutOver;

    public static string Of(FaultType type) => KebabCase.Of(type.ToString());

    public static bool TryParse(string name, out FaultType type) => ByName.TryGetValue(name, out type);
}
