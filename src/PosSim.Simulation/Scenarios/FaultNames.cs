using System.Collections.Frozen;

namespace PosSim.Simulation.Scenarios;

/// <summary>The names scenarios give fault types: kebab case of the enum (response-lost, issuer-down).</summary>
public static class FaultNames
{
    private static readonly FrozenDictionary<string, FaultType> ByName =
        Enum.GetValues<FaultType>().ToFrozenDictionary(Of, StringComparer.Ordinal);

    public static IEnumerable<string> All => Enum.GetValues<FaultType>().Select(Of);

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
