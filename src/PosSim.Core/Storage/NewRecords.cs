namespace PosSim.Core.Storage;

/// <summary>
/// Records a part of the core made since a host's store last took them, for the store to keep in the turn's group
/// commit. Off until the host asks (<see cref="Track"/>): a simulation, which keeps nothing, pays nothing for it.
/// </summary>
public sealed class NewRecords<T>
{
    private List<T>? _items;

    /// <summary>From now on, every record added is kept until <see cref="DrainInto"/> takes it.</summary>
    public void Track() => _items ??= [];

    /// <summary>True when records were added since the last <see cref="DrainInto"/>.</summary>
    public bool Any => _items is { Count: > 0 };

    /// <summary>A record just made (kept only while tracking).</summary>
    public void Add(T item) => _items?.Add(item);

    /// <summary>Moves the records added since the last call into <paramref name="into"/>, in the order added; returns how many.</summary>
    public int DrainInto(List<T> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (_items is not { Count: > 0 } items)
        {
            return 0;
        }

        into.AddRange(items);
        var count = items.Count;
        items.Clear();
        return count;
    }
}
