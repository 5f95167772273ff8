using YamlDotNet.RepresentationModel;

namespace PosSim.Simulation.Scenarios;

/// <summary>
/// `--set traffic.purchases_per_day=5000`: a key of the scenario replaced before it is read, so the new value meets
/// the same checks as the file's own. Mappings on the path are created when missing; list items are not addressable.
/// </summary>
internal static class ScenarioOverrides
{
    public static void Apply(YamlNode root, string setting, string fileName)
    {
        var where = new SourceMark("--set " + setting, 1, 1);
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
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (path[i].Length == 0)
            {
                throw new ScenarioException(where, "the key has an empty part");
            }

            var key = new YamlScalarNode(path[i]);
            if (!map.Children.TryGetValue(key, out var child))
            {
                child = new YamlMappingNode();
                map.Children[key] = child;
            }

            map = child as YamlMappingNode
                ?? throw new ScenarioException(where, $"{string.Join('.', path[..(i + 1)])} is not a mapping, so it has no key {path[i + 1]}");
        }

        map.Children[new YamlScalarNode(path[^1])] = new YamlScalarNode(value);
    }
}
