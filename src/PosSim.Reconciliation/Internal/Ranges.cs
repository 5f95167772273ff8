namespace PosSim.Reconciliation.Internal;

/// <summary>Splits 0..count into one contiguous range per core and runs a body on each, returning each range's result.</summary>
internal static class Ranges
{
    public static T[] Run<T>(int count, Func<int, int, T> body)
    {
        var parts = count < 100_000 ? 1 : Environment.ProcessorCount;
        var results = new T[parts];
        Parallel.For(0, parts, p =>
        {
            var from = (int)((long)count * p / parts);
            var to = (int)((long)count * (p + 1) / parts);
            results[p] = body(from, to);
        });
        return results;
    }
}
