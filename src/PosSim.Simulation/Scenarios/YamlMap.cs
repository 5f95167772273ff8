using YamlDotNet.RepresentationModel;

namespace PosSim.Simulation.Scenarios;

/// <summary>
/// The keys of one YAML mapping of a scenario, in file order, with the path people read them by. Unknown keys are
/// errors that name the key and list the allowed ones, so a typo never silently falls back to a default.
/// </summary>
internal sealed class YamlMap
{
    private readonly List<(YamlValue Key, YamlValue Value)> _entries = [];

    public YamlMap(YamlMappingNode node, string file, string path)
    {
        Node = new YamlValue(node, file, path);
        foreach (var (key, value) in node.Children)
        {
            var keyValue = new YamlValue(key, file, path);
            if (key is not YamlScalarNode || keyValue.IsNull)
            {
                throw keyValue.Error($"a key must be a name, found {keyValue.Describe()}");
            }

            var name = keyValue.Text();
            _entries.Add((keyValue with { Path = PathOf(name) }, new YamlValue(value, file, PathOf(name))));
        }
    }

    public YamlValue Node { get; }

    public SourceMark Where => Node.Where;

    public IEnumerable<string> Keys => _entries.Select(e => KeyName(e.Key));

    /// <summary>Every key and its value, in file order (for mappings whose keys are data: exception kinds, counters).</summary>
    public IEnumerable<(string Key, YamlValue KeyNode, YamlValue Value)> Entries => _entries.Select(e => (KeyName(e.Key), e.Key, e.Value));

    public string PathOf(string key) => Node.Path.Length == 0 ? key : $"{Node.Path}.{key}";

    public bool Has(string key) => _entries.Exists(e => KeyName(e.Key) == key);

    /// <summary>Throws at the first key (in file order) that is not one of <paramref name="allowed"/>.</summary>
    public void Allow(IReadOnlyCollection<string> allowed)
    {
        foreach (var (key, _) in _entries)
        {
            var name = KeyName(key);
            if (!allowed.Contains(name))
            {
                throw key.Error(UnknownKey(name, allowed));
            }
        }
    }

    public YamlValue? Optional(string key)
    {
        foreach (var (k, v) in _entries)
        {
            if (KeyName(k) == key)
            {
                return v;
            }
        }

        return null;
    }

    public YamlValue Required(string key) => Optional(key) ?? throw Missing(key);

    /// <summary>The place of a key itself (for errors about the key rather than its value).</summary>
    public YamlValue KeyOf(string key) => _entries.First(e => KeyName(e.Key) == key).Key;

    public ScenarioException Missing(string key, string why = "") =>
        new(Where, $"{PathOf(key)}: required key is missing{why}");

    public static string UnknownKey(string name, IReadOnlyCollection<string> allowed)
    {
        var near = allowed.Where(a => IsNear(name, a)).ToList();
        var hint = near.Count > 0 ? $" (did you mean {string.Join(" or ", near)}?)" : "";
        return $"unknown key {name}{hint}; allowed here: {string.Join(", ", allowed)}";
    }

    private static string KeyName(YamlValue key) => ((YamlScalarNode)key.Node).Value ?? "";

    /// <summary>A likely typo: the same letters apart from case, dashes and underscores, or at most two edits away.</summary>
    private static bool IsNear(string typed, string known)
    {
        static string Fold(string s) => s.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return Fold(typed) == Fold(known) || (typed.Length > 3 && EditDistance(typed, known) <= 2);
    }

    private static int EditDistance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2 || a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
