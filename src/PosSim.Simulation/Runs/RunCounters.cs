namespace PosSim.Simulation.Runs;

/// <summary>Named counts of what happened in a run (docs/scenarios.md lists them); sorted by name when read.</summary>
public sealed class RunCounters
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string name, long n)
    {
        if (n != 0)
        {
            _counts[name] = checked(_counts.GetValueOrDefault(name) + n);
        }
    }

    public long this[string name] => _counts.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, long> Snapshot() =>
        new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);
}
