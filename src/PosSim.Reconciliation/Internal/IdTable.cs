using System.Text;

namespace PosSim.Reconciliation.Internal;

/// <summary>
/// Interns byte strings (ids read from files) to dense ints, keeping the bytes in one arena. Inserts are
/// single-threaded; <see cref="Find"/> may run on many threads once inserts are over.
/// </summary>
internal sealed class IdTable
{
    private byte[] arena = new byte[4096];
    private int arenaLength;
    private int[] offsets = new int[256];
    private int[] lengths = new int[256];
    private ulong[] hashes = new ulong[256];
    private int[] slots = new int[512];
    private int mask = 511;
    private string?[] strings = new string?[256];

    public int Count { get; private set; }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Find(ReadOnlySpan<byte> key)
    {
        var h = Hashing.Bytes(key);
        for (var i = (int)(h & (ulong)mask); ; i = (i + 1) & mask)
        {
            var id = slots[i] - 1;
            if (id < 0)
            {
                return -1;
            }

            if (hashes[id] == h && key.SequenceEqual(arena.AsSpan(offsets[id], lengths[id])))
            {
                return id;
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int GetOrAdd(ReadOnlySpan<byte> key)
    {
        var h = Hashing.Bytes(key);
        int i;
        for (i = (int)(h & (ulong)mask); ; i = (i + 1) & mask)
        {
            var found = slots[i] - 1;
            if (found < 0)
            {
                break;
            }

            if (hashes[found] == h && key.SequenceEqual(arena.AsSpan(offsets[found], lengths[found])))
            {
                return found;
            }
        }

        var id = Count;
        if (id == offsets.Length)
        {
            var size = id * 2;
            Array.Resize(ref offsets, size);
            Array.Resize(ref lengths, size);
            Array.Resize(ref hashes, size);
            Array.Resize(ref strings, size);
        }

        if (arenaLength + key.Length > arena.Length)
        {
            Array.Resize(ref arena, Math.Max(arena.Length * 2, arenaLength + key.Length));
        }

        key.CopyTo(arena.AsSpan(arenaLength));
        offsets[id] = arenaLength;
        lengths[id] = key.Length;
        hashes[id] = h;
        arenaLength += key.Length;
        slots[i] = id + 1;
        Count = id + 1;
        if (Count * 2 > slots.Length)
        {
            Grow();
        }

        return id;
    }

    public ReadOnlySpan<byte> Bytes(int id) => arena.AsSpan(offsets[id], lengths[id]);

    /// <summary>The id as a string (cached; racing writers store equal strings, so no lock is needed).</summary>
    public string String(int id) => strings[id] ??= Encoding.UTF8.GetString(Bytes(id));

    private void Grow()
    {
        var size = slots.Length * 2;
        slots = new int[size];
        mask = size - 1;
        for (var id = 0; id < Count; id++)
        {
            var i = (int)(hashes[id] & (ulong)mask);
            while (slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            slots[i] = id + 1;
        }
    }
}
