using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace PosSim.Reconciliation.Internal;

/// <summary>A row that has a 64-bit key.</summary>
internal interface IKeyed
{
    ulong KeyOf();
}

/// <summary>Which rows to index (a struct, so the JIT inlines it).</summary>
internal interface IRowFilter
{
    bool Include(int row);
}

/// <summary>
/// Open-addressing index from a 64-bit key to a row number, over a record array the caller owns. A slot holds
/// the row and 32 bits of the key's hash, so a probe only touches the record when the hashes agree, and a hit
/// costs about two cache misses: the slot and the record, which the caller wants anyway. The generic record
/// type lets the JIT inline the key read.
/// </summary>
/// <remarks>
/// Implementation note: the index is split in two halves by one bit of the hash, so two threads can build it
/// at once (<see cref="Build"/>) without locks.
/// </remarks>
internal sealed class KeyIndex<T>
    where T : struct, IKeyed
{
    private const ulong TagMask = 0xFFFF_FFFF_0000_0000UL;
    private const int SmallTable = 1 << 16;
    private readonly T[] _records;
    private readonly ulong[][] _halves;
    private readonly int _mask;

    public KeyIndex(T[] records, int expectedCount)
    {
        _records = records;
        // Each half gets room for three quarters of the keys, so a half fills only if far more than half the keys
        // hash into it: impossible in practice for large tables (at 65,536 keys the odds are below e^-8000), but
        // not for small ones, where a probe of a full half would never end. Small tables therefore get room for
        // every key in each half; they cost little.
        var room = expectedCount < SmallTable ? expectedCount + 1 : (expectedCount / 2) + (expectedCount / 4) + 1;
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, room));
        _halves = [LargeArrays.Allocate<ulong>(size), LargeArrays.Allocate<ulong>(size)];
        _mask = size - 1;
    }

    /// <summary>Asks the CPU to start loading the slot of <paramref name="key"/> (a hint: batches of lookups overlap their cache misses).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void PrefetchSlot(ulong key)
    {
        if (Sse.IsSupported)
        {
            var h = Hashing.Mix(key);
            var slots = _halves[(int)((h >> 31) & 1)];
            Sse.Prefetch0(Unsafe.AsPointer(ref slots[(int)(h & (ulong)_mask)]));
        }
    }

    /// <summary>Once the slot is cached: asks the CPU to start loading the record the slot points at.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void PrefetchRecord(ulong key)
    {
        if (Sse.IsSupported)
        {
            var h = Hashing.Mix(key);
            var tag = h & TagMask;
            var slots = _halves[(int)((h >> 31) & 1)];
            for (var i = (int)(h & (ulong)_mask); ; i = (i + 1) & _mask)
            {
                var slot = slots[i];
                if (slot == 0)
                {
                    return;
                }

                if ((slot & TagMask) == tag)
                {
                    Sse.Prefetch0(Unsafe.AsPointer(ref _records[(int)(slot & 0xFFFF_FFFFUL) - 1]));
                    return;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ulong[] slots, int i)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref slots[i]));
        }
    }

    private void Insert(ulong[] slots, int row, ulong h, List<(int Row, int Earlier)> found)
    {
        var key = _records[row].KeyOf();
        var tag = h & TagMask;
        for (var i = (int)(h & (ulong)_mask); ; i = (i + 1) & _mask)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                slots[i] = tag | (uint)(row + 1);
                return;
            }

            if ((slot & TagMask) == tag)
            {
                var existing = (int)(slot & 0xFFFF_FFFFUL) - 1;
                if (_records[existing].KeyOf() == key)
                {
                    found.Add((row, existing));
                    return;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ulong key)
    {
        var h = Hashing.Mix(key);
        var tag = h & TagMask;
        var slots = _halves[(int)((h >> 31) & 1)];
        for (var i = (int)(h & (ulong)_mask); ; i = (i + 1) & _mask)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                return -1;
            }

            if ((slot & TagMask) == tag)
            {
                var row = (int)(slot & 0xFFFF_FFFFUL) - 1;
                if (_records[row].KeyOf() == key)
                {
                    return row;
                }
            }
        }
    }

    /// <summary>
    /// Indexes the rows <paramref name="include"/> accepts, in row order, on two threads. Returns the pairs
    /// (row, earlier row with the same key) found, sorted by row.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public List<(int Row, int Earlier)> Build<TFilter>(int count, TFilter include)
        where TFilter : struct, IRowFilter
    {
        var duplicates = new List<(int Row, int Earlier)>[2];
        Parallel.For(0, 2, half =>
        {
            var found = new List<(int Row, int Earlier)>();
            var slots = _halves[half];

            // Rows of this half are inserted in batches: first every slot is asked for, then the batch is
            // inserted in row order, so the cache misses overlap and the earlier row of a pair is still the
            // one already in the table.
            Span<int> rows = stackalloc int[64];
            Span<ulong> hashes = stackalloc ulong[64];
            var n = 0;
            for (var row = 0; row <= count; row++)
            {
                if (row < count)
                {
                    if (!include.Include(row))
                    {
                        continue;
                    }

                    var h = Hashing.Mix(_records[row].KeyOf());
                    if ((int)((h >> 31) & 1) != half)
                    {
                        continue;
                    }

                    rows[n] = row;
                    hashes[n] = h;
                    Prefetch(slots, (int)(h & (ulong)_mask));
                    n++;
                    if (n < rows.Length)
                    {
                        continue;
                    }
                }

                for (var j = 0; j < n; j++)
                {
                    Insert(slots, rows[j], hashes[j], found);
                }

                n = 0;
            }

            duplicates[half] = found;
        });

        var all = duplicates[0];
        all.AddRange(duplicates[1]);
        all.Sort((a, b) => a.Row.CompareTo(b.Row));
        return all;
    }
}
