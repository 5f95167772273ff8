using System.Buffers;

namespace PosSim.Tests.Shared;

/// <summary>
/// Builds a <see cref="ReadOnlySequence{T}"/> from linked segments, the way a pipe hands over data that
/// arrived in several reads. Each segment gets its own array, so no test can lean on contiguous memory.
/// </summary>
internal static class SequenceBuilder
{
    /// <summary>One segment per part; empty parts are kept as empty segments (pipes produce those too).</summary>
    public static ReadOnlySequence<byte> FromSegments(IReadOnlyList<byte[]> parts)
    {
        if (parts.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(parts[0].ToArray(), 0);
        var last = first;
        for (var i = 1; i < parts.Count; i++)
        {
            last = last.Append(parts[i].ToArray());
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="bytes"/> at the given cut points (ascending, duplicates allowed: they make empty segments).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, IEnumerable<int> cuts)
    {
        var parts = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts.Order())
        {
            var at = Math.Clamp(cut, start, bytes.Length);
            parts.Add(bytes[start..at]);
            start = at;
        }

        parts.Add(bytes[start..]);
        return FromSegments(parts);
    }

    /// <summary>One segment per byte: the most fragmented a stream can be.</summary>
    public static ReadOnlySequence<byte> ByteByByte(byte[] bytes) =>
        bytes.Length == 0 ? ReadOnlySequence<byte>.Empty : FromSegments(bytes.Select(b => new[] { b }).ToList());

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
