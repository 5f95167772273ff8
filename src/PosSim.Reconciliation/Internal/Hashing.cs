using System.Buffers.Binary;

namespace PosSim.Reconciliation.Internal;

/// <summary>Fast non-cryptographic hashes for in-memory tables (never persisted, so free to change).</summary>
internal static class Hashing
{
    public static ulong Mix(ulong x)
    {
        unchecked
        {
            x ^= x >> 33;
            x *= 0xFF51AFD7ED558CCDUL;
            x ^= x >> 33;
            x *= 0xC4CEB9FE1A85EC53UL;
            x ^= x >> 33;
            return x;
        }
    }

    public static ulong Bytes(ReadOnlySpan<byte> s)
    {
        unchecked
        {
            var h = 0x9E3779B97F4A7C15UL ^ (ulong)s.Length;
            while (s.Length >= 8)
            {
                h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(s)) * 0xFF51AFD7ED558CCDUL;
                h ^= h >> 29;
                s = s[8..];
            }

            if (!s.IsEmpty)
            {
                ulong tail = 0;
                for (var i = 0; i < s.Length; i++)
                {
                    tail |= (ulong)s[i] << (8 * i);
                }

                h = (h ^ tail) * 0xC4CEB9FE1A85EC53UL;
            }

            return Mix(h);
        }
    }
}
