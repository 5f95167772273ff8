using System.Buffers;
using PosSim.Iso8583.Internal;

namespace PosSim.Iso8583;

/// <summary>
/// The wire format of one data element in a dialect. Immutable; built by <see cref="DialectLoader"/>.
/// </summary>
public sealed class FieldSpec
{
    public FieldSpec(
        int number,
        string name,
        FieldType type,
        LengthKind lengthKind,
        int maxLength,
        ValueEncoding encoding,
        ValueEncoding prefixEncoding,
        Justification justification,
        byte? padByte)
    {
        Number = number;
        Name = name;
        Type = type;
        LengthKind = lengthKind;
        MaxLength = maxLength;
        Encoding = encoding;
        PrefixEncoding = prefixEncoding;
        Justification = justification;
        PadByte = padByte;
        PrefixDigits = (int)lengthKind;
        PrefixByteCount = lengthKind == LengthKind.Fixed ? 0 : PrefixBytes(prefixEncoding, PrefixDigits);
        Allowed = Charsets.For(type);
    }

    /// <summary>Field number, 2 to 192.</summary>
    public int Number { get; }

    public string Name { get; }

    public FieldType Type { get; }

    public LengthKind LengthKind { get; }

    /// <summary>The exact length of a fixed field, or the largest a variable one may carry, in characters, digits or bytes.</summary>
    public int MaxLength { get; }

    public ValueEncoding Encoding { get; }

    public ValueEncoding PrefixEncoding { get; }

    public Justification Justification { get; }

    /// <summary>The character a short fixed value is padded with on encode, or null when it must be given whole.</summary>
    public byte? PadByte { get; }

    public bool IsFixed => LengthKind == LengthKind.Fixed;

    public bool IsBinary => Type == FieldType.Binary;

    /// <summary>ISO notation for people, such as <c>n..19</c> or <c>ans 40</c>.</summary>
    public string Notation
    {
        get
        {
            var t = Type switch
            {
                FieldType.Numeric => "n",
                FieldType.Alpha => "a",
                FieldType.AlphaNumeric => "an",
                FieldType.AlphaNumericSpecial => "ans",
                FieldType.Binary => "b",
                FieldType.Track2 => "z",
                _ => "x+n",
            };
            return LengthKind switch
            {
                LengthKind.Fixed => $"{t} {MaxLength}",
                _ => $"{t}{new string('.', PrefixDigits)}{MaxLength}",
            };
        }
    }

    internal int PrefixDigits { get; }

    internal int PrefixByteCount { get; }

    /// <summary>Allowed bytes of the stored (ASCII) form; null for binary fields.</summary>
    internal SearchValues<byte>? Allowed { get; }

    /// <summary>Bytes on the wire for a value of <paramref name="length"/> units (characters, digits or bytes), prefix excluded.</summary>
    internal int ContentByteCount(int length) => Encoding switch
    {
        ValueEncoding.Bcd when Type == FieldType.SignedAmount => length == 0 ? 0 : 1 + (length / 2), // sign + ceil((length-1)/2)
        ValueEncoding.Bcd => (length + 1) / 2,
        ValueEncoding.Hex => length * 2,
        _ => length,
    };

    internal static int PrefixBytes(ValueEncoding encoding, int digits) => encoding switch
    {
        ValueEncoding.Bcd => (digits + 1) / 2,
        ValueEncoding.Binary => digits <= 2 ? 1 : 2,
        _ => digits,
    };

    /// <summary>The largest length the prefix itself can express.</summary>
    internal static int PrefixCapacity(ValueEncoding encoding, int digits) => encoding switch
    {
        ValueEncoding.Binary => digits <= 2 ? 255 : 65535,
        _ => digits switch { 2 => 99, 3 => 999, _ => 9999 },
    };

    public override string ToString() => $"{Number} {Name} ({Notation})";
}
