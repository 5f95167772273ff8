using System.Runtime.CompilerServices;
using YamlDotNet.RepresentationModel;

namespace PosSim.Simulation.Scenarios;

/// <summary>
/// `--set traffic.purchases_per_day=5000`: a key of the scenario replaced before it is read, so the new value meets
/// the same checks as the file's own. Mappings on the path are created when missing; list items are not addressable.
/// </summary>
/// <remarks>
/// The nodes a setting adds are in no file, so they have no line; each is remembered with its setting, and an error
/// at one reads <c>--set KEY=VALUE: WHAT</c> (see <see cref="YamlValue.Where"/>) rather than a place in the file.
/// </remarks>
internal static class ScenarioOverrides
{
    /// <summary>The nodes made by a setting, and the setting as given. Weak, so parsed scenarios leave nothing behind.</summary>
    private static readonly ConditionalWeakTable<YamlNode, string> Origins = [];

    /// <summary>Where an error at <paramref name="node"/> is, when a setting made it: <c>--set KEY=VALUE</c>, with no line.</summary>
    public static SourceMark? Origin(YamlNode node) =>
        Origins.TryGetValue(node, out var setting) ? new SourceMark(setting, 0, 0) : null;

    public static void Apply(YamlNode root, string setting, string fileName)
    {
        var name = "--set " + setting;
        var where = new SourceMark(name, 0, 0);
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ScenarioException(where, "give key=value, the key as a dotted path such as traffic.purchases_per_day");
        }

        if (root is not YamlMappingNode map)
        {
            throw new ScenarioException(new SourceMark(fileName, 1, 1), "the scenario is not a mapping of keys, so --set has nothing to change");
        }

        var path = setting[..equals].Split('.');
        var value = setting[(equals + 1)..];
        if (Array.Exists(path, p => p.Length == 0))
        {
            throw new ScenarioException(where, "the key has an empty part");
        }

        for (var i = 0; i < path.Length - 1; i++)
        {
            var key = new YamlScalarNode(path[i]);
            if (!map.Children.TryGetValue(key, out var child))
            {
                child = Made(new YamlMappingNode(), name);
                map.Children[Made(key, name)] = child;
            }

            map = child as YamlMappingNode
                ?? throw new ScenarioException(where, $"{string.Join('.', path[..(i + 1)])} is not a mapping, so it has no key {path[i + 1]}");
        }

        // An existing key keeps its node (and place); only the value is the setting's.
        var last = new YamlScalarNode(path[^1]);
        var existing = map.Children.Keys.FirstOrDefault(k => k.Equals(last));
        map.Children[existing ?? Made(last, name)] = Made(new YamlScalarNode(value), name);
    }

    private static T Made<T>(T node, string setting)
        where T : YamlNode
    {
        Origins.AddOrUpdate(node, setting);
        return node;
    }
}
