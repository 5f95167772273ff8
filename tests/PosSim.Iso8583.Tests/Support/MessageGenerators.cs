using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PosSim.Iso8583.Framing;
using PosSim.Iso8583.Json;

namespace PosSim.Iso8583.Tests.Support;

/// <summary>A generated message kept as plain data, so FsCheck can print and replay it; build a fresh <see cref="IsoMessage"/> per use.</summary>
internal sealed class GeneratedMessage(Dialect dialect, string mti, IReadOnlyList<(int Field, byte[] Value)> values)
{
    public Dialect Dialect { get; } = dialect;

    public string Mti { get; } = mti;

    public IReadOnlyList<(int Field, byte[] Value)> Values { get; } = values;

    public IsoMessage ToMessage()
    {
        var message = new IsoMessage(Mti);
        foreach (var (field, value) in Values)
        {
            message.Set(field, value);
        }

        return message;
    }

    /// <summary>The contract JSON, unmasked: a failing case can be pasted into `possim iso encode`.</summary>
    public override string ToString() => $"{Dialect.Name} {MessageJson.Write(ToMessage(), Dialect, unmasked: true)}";
}

/// <summary>A framing and the fixed header (such as a TPDU) each frame carries.</summary>
internal sealed class FramingCase(string name, byte[] header)
{
    public string Name { get; } = name;

    public byte[] Header { get; } = header;

    public MessageFraming Framing { get; } = MessageFraming.Parse(name, header.Length);

    public override string ToString() => Header.Length == 0 ? Name : $"{Name}+header {Convert.ToHexString(Header)}";
}

/// <summary>FsCheck generators of valid messages for a dialect, framings, and byte-level mutations.</summary>
internal static class MessageGenerators
{
    /// <summary>The largest encoded message the generators produce, so every framing (ascii4 and bcd2 stop at 9999) can carry it.</summary>
    public const int MaxEncodedBytes = 8000;

    public static readonly Gen<byte> Bytes = Gen.Choose(0, 255).Select(i => (byte)i);

    private static readonly byte[] DigitChars = "0123456789"u8.ToArray();
    private static readonly byte[] AlphaChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz "u8.ToArray();
    private static readonly byte[] AlphaNumericChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "u8.ToArray();
    private static readonly byte[] PrintableChars = Enumerable.Range(0x20, 0x7E - 0x20 + 1).Select(i => (byte)i).ToArray();
    private static readonly byte[] Track2Chars = "0123456789:;<=>?"u8.ToArray();

    /// <summary>
    /// Random valid messages: a random MTI and a random subset of the dialect's fields (about two draws in
    /// five range over every field, so secondary and tertiary bitmaps appear), each value drawn from its
    /// type's characters with a valid length: fixed fields exactly, variable ones mostly short, sometimes full.
    /// </summary>
    public static Gen<GeneratedMessage> Messages(Dialect dialect, int shortVariable = 16)
    {
        var specs = dialect.Fields.ToArray();
        var primary = specs.Where(s => s.Number <= 64).ToArray();
        var codec = new IsoCodec(dialect);
        var mti = Gen.Choose(0, 9999).Select(i => i.ToString("D4", CultureInfo.InvariantCulture));
        var pool = Gen.Frequency((3, Gen.Constant(primary)), (2, Gen.Constant(specs)));
        return (from m in mti
                from fields in pool
                from density in Gen.Frequency((1, Gen.Constant(0)), (8, Gen.Choose(1, 30)), (1, Gen.Constant(100)))
                from picks in Gen.CollectToArray(fields, spec => Gen.Choose(0, 99).SelectMany(roll =>
                    roll < density
                        ? Value(spec, shortVariable).Select(v => (spec.Number, Value: (byte[]?)v))
                        : Gen.Constant((spec.Number, Value: (byte[]?)null))))
                select new GeneratedMessage(dialect, m, picks.Where(p => p.Value is not null).Select(p => (p.Number, p.Value!)).ToArray()))
            .Where(g => codec.TryGetEncodedLength(g.ToMessage(), out var length, out _) && length <= MaxEncodedBytes);
    }

    /// <summary>A valid value for <paramref name="spec"/>: characters (or bytes) of its type, in a length it accepts.</summary>
    public static Gen<byte[]> Value(FieldSpec spec, int shortVariable = 16)
    {
        var max = spec.MaxLength;
        var length = spec.IsFixed
            ? Gen.Constant(max)
            : Gen.Frequency(
                (8, Gen.Choose(0, Math.Min(max, shortVariable))),
                (1, Gen.Choose(0, Math.Min(max, 128))),
                (1, Gen.Constant(Math.Min(max, 128))));
        return length.SelectMany(n => Content(spec.Type, n));
    }

    public static Gen<byte[]> Content(FieldType type, int length) => type switch
    {
        FieldType.Binary => Gen.ArrayOf(Bytes, length),
        FieldType.SignedAmount when length == 0 => Gen.Constant(Array.Empty<byte>()),
        FieldType.SignedAmount => from sign in Gen.Elements((byte)'C', (byte)'D')
                                  from digits in Gen.ArrayOf(Gen.Elements(DigitChars), length - 1)
                                  select (byte[])[sign, .. digits],
        _ => Gen.ArrayOf(Gen.Elements(Chars(type)), length),
    };

    /// <summary>The four framings, with and without a 5-byte header (a TPDU such as 60 00 03 00 00, or random bytes).</summary>
    public static Gen<FramingCase> Framings =>
        from name in Gen.Elements(MessageFraming.Names.ToArray())
        from withHeader in Gen.Elements(false, true)
        from header in withHeader ? Gen.ArrayOf(Bytes, 5) : Gen.Constant(Array.Empty<byte>())
        select new FramingCase(name, header);

    /// <summary>Every framing with and without a TPDU, as theory data.</summary>
    public static IEnumerable<FramingCase> AllFramings() =>
        MessageFraming.Names.SelectMany(name => new[] { new FramingCase(name, []), new FramingCase(name, [0x60, 0x00, 0x03, 0x00, 0x00]) });

    public static byte[] Chars(FieldType type) => type switch
    {
        FieldType.Numeric or FieldType.SignedAmount => DigitChars,
        FieldType.Alpha => AlphaChars,
        FieldType.AlphaNumeric => AlphaNumericChars,
        FieldType.AlphaNumericSpecial => PrintableChars,
        FieldType.Track2 => Track2Chars,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "binary fields take any byte"),
    };

    /// <summary>Builds the JSON line of a message (docs/cli.md) by hand, for failure messages that must not depend on the code under test.</summary>
    public static string Describe(IsoMessage message)
    {
        var sb = new StringBuilder().Append(message.Mti ?? "----");
        foreach (var field in message.Fields)
        {
            sb.Append(' ').Append(field).Append('=').Append(Convert.ToHexString(message.Get(field)));
        }

        return sb.ToString();
    }
}
