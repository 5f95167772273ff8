namespace PosSim.Simulation.Runs;

/// <summary>Independent generators from one seed: each concern of a run draws from its own stream.</summary>
internal static class Seeds
{
    /// <summary>A seed for stream <paramref name="stream"/> of <paramref name="seed"/> (SplitMix64 finaliser: well spread, the same everywhere).</summary>
    public static int Derive(int seed, int stream)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32 | (uint)stream) + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)(z ^ (z >> 31));
        }
    }
}
