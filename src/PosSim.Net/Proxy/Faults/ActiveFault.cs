namespace PosSim.Net.Proxy.Faults;

/// <summary>A fault in force: its spec, how often it has hit, and how many hits its <see cref="FaultSpec.Times"/> leaves.</summary>
public sealed class ActiveFault
{
    private long _hits;
    private long _taken;

    internal ActiveFault(FaultSpec spec, long generation)
    {
        Spec = spec;
        Generation = generation;
    }

    public FaultSpec Spec { get; }

    /// <summary>Changes on every add or update, so an updated fault draws its toxicity afresh on each connection.</summary>
    public long Generation { get; }

    /// <summary>Frames (or connections, for reset and close) the fault acted on.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Claims one use; false once <see cref="FaultSpec.Times"/> uses are gone. Thread-safe.</summary>
    public bool TryTake()
    {
        if (Spec.Times is not { } times)
        {
            return true;
        }

        var taken = Interlocked.Increment(ref _taken);
        return taken <= times;
    }

    /// <summary>False once <see cref="FaultSpec.Times"/> uses are gone (without claiming one).</summary>
    public bool HasUsesLeft => Spec.Times is not { } times || Interlocked.Read(ref _taken) < times;

    internal void CountHit() => Interlocked.Increment(ref _hits);
}

/// <summary>
/// The faults in force, changed at run time by the API. Readers take <see cref="Current"/>, an immutable snapshot, once
/// per frame: no lock on the data path, and a change applies from the next frame on.
/// </summary>
public sealed class FaultTable
{
    private readonly Lock _gate = new();
    private ActiveFault[] _current = [];
    private long _generation;

    public FaultTable(IEnumerable<FaultSpec>? faults = null)
    {
        foreach (var fault in faults ?? [])
        {
            Add(fault);
        }
    }

    /// <summary>Raised after every change, with the new snapshot.</summary>
    public event Action<IReadOnlyList<ActiveFault>>? Changed;

    public ActiveFault[] Current => Volatile.Read(ref _current);

    public ActiveFault? Find(string name) => Array.Find(Current, f => f.Spec.Name == name);

    /// <summary>Adds a fault; false when one of that name exists.</summary>
    public bool Add(FaultSpec spec)
    {
        lock (_gate)
        {
            if (Find(spec.Name) is not null)
            {
                return false;
            }

            Publish([.. _current, new ActiveFault(spec, ++_generation)]);
            return true;
        }
    }

    /// <summary>Replaces the fault of that name (its hits start again); false when there is none.</summary>
    public bool Update(FaultSpec spec)
    {
        lock (_gate)
        {
            var index = Array.FindIndex(_current, f => f.Spec.Name == spec.Name);
            if (index < 0)
            {
                return false;
            }

            var next = (ActiveFault[])_current.Clone();
            next[index] = new ActiveFault(spec, ++_generation);
            Publish(next);
            return true;
        }
    }

    public bool Remove(string name)
    {
        lock (_gate)
        {
            if (Find(name) is null)
            {
                return false;
            }

            Publish([.. _current.Where(f => f.Spec.Name != name)]);
            return true;
        }
    }

    /// <summary>Removes every fault: traffic passes untouched.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Publish([]);
        }
    }

    private void Publish(ActiveFault[] next)
    {
        Volatile.Write(ref _current, next);
        Changed?.Invoke(next);
    }
}
