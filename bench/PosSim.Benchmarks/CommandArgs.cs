using System.Globalization;

namespace PosSim.Benchmarks;

/// <summary>The `--name value` arguments of the load commands, and the machine's load average they report beside each figure.</summary>
internal sealed class CommandArgs
{
    private readonly Dictionary<string, string> _values;

    private CommandArgs(Dictionary<string, string> values) => _values = values;

    /// <summary>Parses `--name value` pairs; on anything else prints <paramref name="usage"/> and returns null.</summary>
    public static CommandArgs? Parse(string[] args, string usage)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine(usage);
                return null;
            }

            values[args[i][2..]] = args[++i];
        }

        return new CommandArgs(values);
    }

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public bool TryGet(string name, out string value) => _values.TryGetValue(name, out value!);

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public long Long(string name, long fallback) => _values.TryGetValue(name, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The 1, 5 and 15 minute load averages, or n/a off Linux: a figure measured on a busy machine says so.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
