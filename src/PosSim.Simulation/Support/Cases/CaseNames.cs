using System.Collections.Frozen;
using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

/// <summary>The names cases.ndjson and the command line give stages, money states and ways back: kebab case of the enum (held-at-issuer).</summary>
public static class CaseNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => Names<T>.ByValue[value];

    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum => Names<T>.ByName.TryGetValue(name ?? "", out value);

    /// <summary>Every name of the enum, for messages that list what is allowed.</summary>
    public static string All<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Names<T>.ByValue[v]));

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue = Enum.GetValues<T>().ToFrozenDictionary(v => v, v => KebabCase.Of(v.ToString()));

        public static readonly FrozenDictionary<string, T> ByName = ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
