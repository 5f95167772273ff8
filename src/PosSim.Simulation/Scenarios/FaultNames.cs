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

    public static string Of(FaultType type)
    {
        var name = type.ToString();
        var chars = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                chars.Append('-');
            }

            chars.Append(char.ToLowerInvariant(name[i]));
        }

        return chars.ToString();
    }

    public static bool TryParse(string name, out FaultType type) => ByName.TryGetValue(name, out type);
}
