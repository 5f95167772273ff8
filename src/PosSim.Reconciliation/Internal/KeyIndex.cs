using System.Numerics;

namespace PosSim.Reconciliation.Internal;

/// <summary>
/// Open-addressing index from a 64-bit key to a row number, over a key column the caller owns. A slot holds
/// the row and 32 bits of the key's hash, so a probe only touches the key column when the hashes agree.
/// </summary>
internal sealed class KeyIndex
{
    private readonly ulong[] keys;
    private readonly ulong[] slots;
    private readonly int mask;

    public KeyIndex(ulong[] keys, int expectedCount)
    {
        this.keys = keys;
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expectedCount + (expectedCount / 2)));
        slots = new ulong[size];
        mask = size - 1;
    }

    public int Find(ulong key)
    {
        var h = Hashing.Mix(key);
        var tag = h & 0xFFFF_FFFF_0000_0000UL;
        for (var i = (int)(h & (ulong)mask); ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                return -1;
            }

            if ((slot & 0xFFFF_FFFF_0000_0000UL) == tag)
            {
                var row = (int)(slot & 0xFFFF_FFFFUL) - 1;
                if (keys[row] == key)
                {
                    return row;
                }
            }
        }
    }

    /// <summary>Adds <paramref name="row"/> under its key; returns -1, or the row already there.</summary>
    public int AddOrGet(int row)
    {
        var key = keys[row];
        var h = Hashing.Mix(key);
        var tag = h & 0xFFFF_FFFF_0000_0000UL;
        for (var i = (int)(h & (ulong)mask); ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                slots[i] = tag | (ulong)(uint)(row + 1);
                return -1;
            }

            if ((slot & 0xFFFF_FFFF_0000_0000UL) == tag)
            {
                var existing = (int)(slot & 0xFFFF_FFFFUL) - 1;
                if (keys[existing] == key)
                {
                    return existing;
                }
            }
        }
    }
}
