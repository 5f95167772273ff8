using FsCheck;
using FsCheck.Fluent;

namespace PosSim.Tests.Shared;

internal enum MutationKind
{
    FlipBit,
    SetByte,
    Insert,
    Delete,
    Truncate,
    Duplicate,
}

/// <summary>
/// One edit of a byte string. Position and length are taken modulo the input's size when applied, so any
/// mutation applies to any input and a failing case prints as plain numbers.
/// </summary>
internal readonly record struct Mutation(MutationKind Kind, int Position, int Length, byte Value)
{
    /// <summary>Bytes that sit on the edges of the rules: digits, hex letters, BCD nibbles, EBCDIC digits, the track 2 separator.</summary>
    private static readonly byte[] Interesting = [0x00, 0xFF, 0x30, 0x39, 0x3A, 0x3D, 0x40, 0x41, 0x46, 0x61, 0x66, 0x7F, 0x80, 0x99, 0x9A, 0xD0, 0xF0, 0xF9];

    public static Gen<Mutation> Gen { get; } =
        from kind in FsCheck.Fluent.Gen.Elements(Enum.GetValues<MutationKind>())
        from position in FsCheck.Fluent.Gen.Choose(0, 100_000)
        from length in FsCheck.Fluent.Gen.Frequency((4, FsCheck.Fluent.Gen.Choose(1, 4)), (1, FsCheck.Fluent.Gen.Choose(1, 64)))
        from value in FsCheck.Fluent.Gen.Frequency(
            (1, FsCheck.Fluent.Gen.Choose(0, 255).Select(b => (byte)b)),
            (1, FsCheck.Fluent.Gen.Elements(Interesting)))
        select new Mutation(kind, position, length, value);

    /// <summary>A random mutation from a seeded <see cref="Random"/>, for the fuzz loop (faster than FsCheck for millions of cases).</summary>
    public static Mutation Next(Random random)
    {
        var kind = (MutationKind)random.Next(6);
        var length = random.Next(5) == 0 ? random.Next(1, 65) : random.Next(1, 5);
        var value = random.Next(2) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
        return new Mutation(kind, random.Next(100_000), length, value);
    }

    public byte[] Apply(byte[] input)
    {
        var n = input.Length;
        if (n == 0)
        {
            return Kind == MutationKind.Insert ? Enumerable.Repeat(Value, Length).ToArray() : input;
        }

        var at = Position % n;
        switch (Kind)
        {
            case MutationKind.FlipBit:
                {
                    var copy = input.ToArray();
                    copy[at] ^= (byte)(1 << (Value & 7));
                    return copy;
                }

            case MutationKind.SetByte:
                {
                    var copy = input.ToArray();
                    copy[at] = Value;
                    return copy;
                }

            case MutationKind.Insert:
                return [.. input.AsSpan(0, at), .. Enumerable.Repeat(Value, Length), .. input.AsSpan(at)];
            case MutationKind.Delete:
                return [.. input.AsSpan(0, at), .. input.AsSpan(Math.Min(n, at + Length))];
            case MutationKind.Truncate:
                return input[..at];
            default: // Duplicate: a range repeated in place, as a retransmitted chunk would be.
                var range = input.AsSpan(at, Math.Min(Length, n - at));
                return [.. input.AsSpan(0, at + range.Length), .. range, .. input.AsSpan(at + range.Length)];
        }
    }

    public override string ToString() => $"{Kind}@{Position}x{Length}:{Value:X2}";
}
