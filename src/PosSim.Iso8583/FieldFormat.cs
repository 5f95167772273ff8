namespace PosSim.Iso8583;

/// <summary>The ISO 8583 data type of a field: which characters (or bytes) its value may hold.</summary>
public enum FieldType
{
    /// <summary><c>n</c>: decimal digits.</summary>
    Numeric,

    /// <summary><c>a</c>: letters and space.</summary>
    Alpha,

    /// <summary><c>an</c>: letters, digits and space.</summary>
    AlphaNumeric,

    /// <summary><c>ans</c>: printable ASCII (0x20 to 0x7E).</summary>
    AlphaNumericSpecial,

    /// <summary><c>b</c>: raw bytes.</summary>
    Binary,

    /// <summary><c>z</c>: track 2 data, the ISO 7813 characters 0-9 : ; &lt; = &gt; ? (nibbles 0-F in BCD; the separator '=' is D).</summary>
    Track2,

    /// <summary><c>x+n</c>: a credit/debit indicator <c>C</c> or <c>D</c> followed by digits.</summary>
    SignedAmount,
}

/// <summary>How the length of a field is known: fixed by the dialect, or carried in a 2, 3 or 4 digit prefix.</summary>
public enum LengthKind
{
    Fixed = 0,
    LL = 2,
    LLL = 3,
    LLLL = 4,
}

/// <summary>How bytes on the wire carry a value, a length prefix, or the MTI.</summary>
public enum ValueEncoding
{
    /// <summary>One ASCII byte per character.</summary>
    Ascii,

    /// <summary>Packed BCD: two digits per byte.</summary>
    Bcd,

    /// <summary>Raw bytes (binary fields), or a big-endian binary number (length prefixes).</summary>
    Binary,

    /// <summary>Binary fields carried as ASCII hex, two characters per byte.</summary>
    Hex,

    /// <summary>One EBCDIC (code page 037) byte per character.</summary>
    Ebcdic,
}

/// <summary>Which side of an odd-length BCD value (or a short fixed value on encode) gets the padding.</summary>
public enum Justification
{
    /// <summary>Value on the left, padding on the right.</summary>
    Left,

    /// <summary>Value on the right, padding on the left.</summary>
    Right,
}
