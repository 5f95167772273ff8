using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace PosSim.Reconciliation.Internal;

/// <summary>
/// Interns byte strings (ids read from files) to dense ints. Inserts are single-threaded; <see cref="Find"/>
/// may run on many threads once inserts are over.
/// </summary>
/// <remarks>
/// Implementation note: a lookup touches at most two cache lines in the common case. A slot holds the id and
/// 32 bits of the hash, so a probe reads an entry only when the hashes agree; an entry keeps keys of up to 16
/// bytes inline (packed in two words, compared as numbers), longer keys in one byte arena.
/// </remarks>
internal sealed class IdTable
{
    private byte[] _arena = new byte[4096];
    private int _arenaLength;
    private Entry[] _entries = new Entry[256];
    private ulong[] _slots = new ulong[512];
    private int _mask = 511;
    private string?[] _strings = new string?[256];

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ReadOnlySpan<byte> key)
    {
        var (k0, k1) = Pack(key);
        var h = Hash(key, k0, k1);
        var tag = h & 0xFFFF_FFFF_0000_0000UL;
        for (var i = (int)(h & (ulong)_mask); ; i = (i + 1) & _mask)
        {
            var slot = _slots[i];
            if (slot == 0)
            {
                return -1;
            }

            if ((slot & 0xFFFF_FFFF_0000_0000UL) == tag)
            {
                var id = (int)(slot & 0xFFFF_FFFFUL) - 1;
                if (Matches(in _entries[id], key, k0, k1))
                {
                    return id;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int GetOrAdd(ReadOnlySpan<byte> key)
    {
        var (k0, k1) = Pack(key);
        var h = Hash(key, k0, k1);
        var tag = h & 0xFFFF_FFFF_0000_0000UL;
        int i;
        for (i = (int)(h & (ulong)_mask); ; i = (i + 1) & _mask)
        {
            var slot = _slots[i];
            if (slot == 0)
            {
                break;
            }

            if ((slot & 0xFFFF_FFFF_0000_0000UL) == tag)
            {
                var found = (int)(slot & 0xFFFF_FFFFUL) - 1;
                if (Matches(in _entries[found], key, k0, k1))
                {
                    return found;
                }
            }
        }

        var id = Count;
        if (id == _entries.Length)
        {
            Array.Resize(ref _entries, id * 2);
            Array.Resize(ref _strings, id * 2);
        }

        if (_arenaLength + key.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLength + key.Length));
        }

        key.CopyTo(_arena.AsSpan(_arenaLength));
        _entries[id] = new Entry(h, k0, k1, _arenaLength, key.Length);
        _arenaLength += key.Length;
        _slots[i] = tag | (uint)(id + 1);
        Count = id + 1;
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }

        return id;
    }

    public ReadOnlySpan<byte> Bytes(int id) => _arena.AsSpan(_entries[id].Offset, _entries[id].Length);

    /// <summary>The id as a string (cached; racing writers store equal strings, so no lock is needed).</summary>
    public string String(int id) => _strings[id] ??= Encoding.UTF8.GetString(Bytes(id));

    /// <summary>Up to 16 bytes as two little-endian words, zero padded (longer keys: their first 16 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (ulong, ulong) Pack(ReadOnlySpan<byte> key) => key.Length switch
    {
        >= 16 => (BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[8..])),
        >= 8 => (BinaryPrimitives.ReadUInt64LittleEndian(key), Partial(key[8..])),
        _ => (Partial(key), 0),
    };

    /// <summary>Fewer than 8 bytes as a little-endian word: two overlapping 4-byte reads when there are 4 or more.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Partial(ReadOnlySpan<byte> s)
    {
        if (s.Length >= 4)
        {
            ulong low = BinaryPrimitives.ReadUInt32LittleEndian(s);
            ulong high = BinaryPrimitives.ReadUInt32LittleEndian(s[^4..]);
            return low | (high << ((s.Length - 4) * 8));
        }

        ulong v = 0;
        for (var i = 0; i < s.Length; i++)
        {
            v |= (ulong)s[i] << (8 * i);
        }

        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ReadOnlySpan<byte> key, ulong k0, ulong k1) =>
        key.Length <= 16 ? Hashing.Mix(unchecked((k0 * 0x9E3779B97F4A7C15UL) ^ k1 ^ ((ulong)key.Length << 59))) : Hashing.Bytes(key);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Matches(in Entry e, ReadOnlySpan<byte> key, ulong k0, ulong k1) =>
        e.Length == key.Length && e.K0 == k0 && e.K1 == k1 && (key.Length <= 16 || key.SequenceEqual(_arena.AsSpan(e.Offset, e.Length)));

    private void Grow()
    {
        var size = _slots.Length * 2;
        _slots = new ulong[size];
        _mask = size - 1;
        for (var id = 0; id < Count; id++)
        {
            var h = _entries[id].Hash;
            var i = (int)(h & (ulong)_mask);
            while (_slots[i] != 0)
            {
                i = (i + 1) & _mask;
            }

            _slots[i] = (h & 0xFFFF_FFFF_0000_0000UL) | (uint)(id + 1);
        }
    }

    private readonly record struct Entry(ulong Hash, ulong K0, ulong K1, int Offset, int Length);
}
