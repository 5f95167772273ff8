using System.Buffers;

namespace PosSim.Iso8583.Internal;

/// <summary>The allowed characters of each field type, as vectorised lookups.</summary>
internal static class Charsets
{
    public static readonly SearchValues<byte> Digits = SearchValues.Create("0123456789"u8);

    public static readonly SearchValues<byte> Alpha =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz "u8);

    public static readonly SearchValues<byte> AlphaNumeric =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "u8);

    public static readonly SearchValues<byte> Printable = SearchValues.Create(PrintableAscii());

    public static readonly SearchValues<byte> Track2 = SearchValues.Create("0123456789:;<=>?"u8); // ISO 7813: the 16 characters 0x30-0x3F

    public static readonly SearchValues<byte> Sign = SearchValues.Create("CD"u8);

    public static SearchValues<byte>? For(FieldType type) => type switch
    {
        FieldType.Numeric => Digits,
        FieldType.Alpha => Alpha,
        FieldType.AlphaNumeric => AlphaNumeric,
        FieldType.AlphaNumericSpecial => Printable,
        FieldType.Track2 => Track2,
        FieldType.SignedAmount => Digits, // the sign is checked on its own
        _ => null,
    };

    /// <summary>Index of the first byte of <paramref name="value"/> that breaks <paramref name="type"/>, or -1.</summary>
    public static int IndexOfInvalid(FieldType type, SearchValues<byte>? allowed, ReadOnlySpan<byte> value)
    {
        if (allowed is null)
        {
            return -1;
        }

        if (type == FieldType.SignedAmount)
        {
            if (value.Length == 0)
            {
                return -1;
            }

            if (value[0] is not ((byte)'C' or (byte)'D'))
            {
                return 0;
            }

            var rest = value[1..].IndexOfAnyExcept(allowed);
            return rest < 0 ? -1 : rest + 1;
        }

        // Ranges compare with two vector ops; a set lookup costs more on the short values ISO fields hold.
        return type switch
        {
            FieldType.Numeric => value.IndexOfAnyExceptInRange((byte)'0', (byte)'9'),
            FieldType.AlphaNumericSpecial => value.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E),
            _ => value.IndexOfAnyExcept(allowed),
        };
    }

    public static string Describe(FieldType type) => type switch
    {
        FieldType.Numeric => "a numeric (n) field takes digits 0-9 only",
        FieldType.Alpha => "an alphabetic (a) field takes letters and space only",
        FieldType.AlphaNumeric => "an alphanumeric (an) field takes letters, digits and space only",
        FieldType.AlphaNumericSpecial => "an ans field takes printable ASCII (0x20-0x7E) only",
        FieldType.Track2 => "a track 2 (z) field takes digits and : ; < = > ? only (ISO 7813; '=' is the separator)",
        FieldType.SignedAmount => "an x+n field takes 'C' or 'D' then digits 0-9",
        _ => "binary field",
    };

    private static byte[] PrintableAscii()
    {
        var bytes = new byte[0x7E - 0x20 + 1];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(0x20 + i);
        }

        return bytes;
    }
}
