namespace PosSim.Net.Proxy;

/// <summary>
/// Random choices derived from the seed. Each connection and direction gets its own generator, and the toxicity draw
/// is a pure function of (seed, connection, fault, generation), so the same traffic meets the same faults on every
/// run whatever the threads do.
/// </summary>
internal static class Seeds
{
    public static Random For(int seed, long connection, int stream) => new(unchecked((int)Mix((ulong)seed, (ulong)connection, (ulong)stream)));

    /// <summary>True for a share <paramref name="toxicity"/> of connections, the same answer every time for the same inputs.</summary>
    public static bool Toxic(int seed, long connection, string fault, long generation, double toxicity)
    {
        if (toxicity >= 1)
        {
            return true;
        }

        if (toxicity <= 0)
        {
            return false;
        }

        // FNV-1a over the name, then SplitMix64 over everything: stable across processes (string.GetHashCode is not).
        var h = 14695981039346656037UL;
        foreach (var c in fault)
        {
            h = unchecked((h ^ c) * 1099511628211UL);
        }

        var x = Mix((ulong)seed, (ulong)connection, unchecked(h + (ulong)generation));
        return (x >> 11) * (1.0 / (1UL << 53)) < toxicity;
    }

    private static ulong Mix(ulong a, ulong b, ulong c)
    {
        unchecked
        {
            var x = SplitMix(a);
            x = SplitMix(x ^ b);
            return SplitMix(x ^ c);
        }
    }

    private static ulong SplitMix(ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }
}
