using System.Collections.Concurrent;

namespace PosSim.Load;

/// <summary>Requests outside the measured mix (reversals of timed-out purchases) counted as they end, from any thread.</summary>
internal sealed class PhaseTally
{
    private readonly ConcurrentDictionary<string, long> _codes = new(StringComparer.Ordinal);
    private long _sent;
    private long _unanswered;

    public void Sent() => Interlocked.Increment(ref _sent);

    public void Answered(string? code) => _codes.AddOrUpdate(code ?? "none", 1, static (_, n) => n + 1);

    public void Unanswered() => Interlocked.Increment(ref _unanswered);

    public PhaseCounts Snapshot() =>
        new(Interlocked.Read(ref _sent), new SortedDictionary<string, long>(_codes, StringComparer.Ordinal), Interlocked.Read(ref _unanswered));
}
