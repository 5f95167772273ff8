using System.Globalization;

namespace PosSim.Iso8583;

/// <summary>The rule a malformed message breaks.</summary>
public enum IsoErrorKind
{
    None = 0,

    /// <summary>The bytes end before the element does. Expected: bytes needed; Actual: bytes left.</summary>
    Truncated,

    /// <summary>A character not allowed by the field's type. Expected: the <see cref="FieldType"/>; Actual: the byte.</summary>
    InvalidCharacter,

    /// <summary>A BCD nibble that is not a digit. Actual: the byte.</summary>
    InvalidBcd,

    /// <summary>A character that is not a hex digit. Actual: the byte.</summary>
    InvalidHex,

    /// <summary>A byte with no printable ASCII twin in EBCDIC. Actual: the byte.</summary>
    InvalidEbcdic,

    /// <summary>A length prefix that is not a number. Actual: the first bad byte.</summary>
    InvalidLengthPrefix,

    /// <summary>A length above the field's maximum. Expected: maximum; Actual: length.</summary>
    LengthExceedsMaximum,

    /// <summary>A fixed field given with the wrong length (encode). Expected: length; Actual: given.</summary>
    WrongLength,

    /// <summary>The bitmap names a field the dialect does not define.</summary>
    FieldNotInDialect,

    /// <summary>Bytes left over after the last field. Actual: how many.</summary>
    TrailingBytes,

    /// <summary>The MTI is not four digits. Actual: the first bad byte.</summary>
    InvalidMti,

    /// <summary>A message without an MTI (encode).</summary>
    MissingMti,

    /// <summary>Field 65 set as data in a dialect that uses bit 65 for the tertiary bitmap (encode).</summary>
    ReservedField,
}

/// <summary>
/// Where and why a message could not be decoded or encoded: the MTI (when it could be read), field number
/// (0 = MTI, 1 = bitmap), byte offset from the first byte of the MTI, and the rule broken.
/// A value type so the hot path reports errors without allocating or throwing.
/// </summary>
public readonly record struct IsoError(IsoErrorKind Kind, int Field, int Offset, int Expected = 0, int Actual = 0, int Mti = -1)
{
    public bool IsError => Kind != IsoErrorKind.None;

    /// <summary>The MTI as four digits, or null when it could not be read.</summary>
    public string? MtiText => Mti < 0 ? null : Mti.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The rule broken, in words.</summary>
    public string Rule => Kind switch
    {
        IsoErrorKind.Truncated => $"needs {Expected} more byte{(Expected == 1 ? "" : "s")} but only {Actual} remain{(Actual == 1 ? "s" : "")}",
        IsoErrorKind.InvalidCharacter => $"byte {ByteText(Actual)} is not allowed: {Internal.Charsets.Describe((FieldType)Expected)}",
        IsoErrorKind.InvalidBcd => $"byte {ByteText(Actual)} is not packed BCD (each nibble must be 0-9)",
        IsoErrorKind.InvalidHex => $"byte {ByteText(Actual)} is not a hex digit",
        IsoErrorKind.InvalidEbcdic => $"byte 0x{Actual:X2} is not a printable character in EBCDIC (code page 037)",
        IsoErrorKind.InvalidLengthPrefix => $"length prefix byte {ByteText(Actual)} is not a digit",
        IsoErrorKind.LengthExceedsMaximum => $"length {Actual} exceeds the field's maximum of {Expected}",
        IsoErrorKind.WrongLength => $"fixed length is {Expected} but the value has {Actual}",
        IsoErrorKind.FieldNotInDialect => "this dialect does not define the field",
        IsoErrorKind.TrailingBytes => $"{Actual} unexpected byte{(Actual == 1 ? "" : "s")} after the last field",
        IsoErrorKind.InvalidMti => $"MTI byte {ByteText(Actual)} is not a digit",
        IsoErrorKind.MissingMti => "the message has no MTI",
        IsoErrorKind.ReservedField => "field 65 flags the tertiary bitmap in this dialect and cannot carry data",
        _ => "no error",
    };

    /// <summary>The error line body of the command line (docs/cli.md): <c>field N at offset M: WHAT</c>.</summary>
    public override string ToString() => Kind == IsoErrorKind.None
        ? "no error"
        : string.Create(CultureInfo.InvariantCulture, $"field {Field} at offset {Offset}: {Rule}{(Mti >= 0 ? $" (MTI {MtiText})" : "")}");

    private static string ByteText(int b) =>
        b is >= 0x20 and <= 0x7E ? $"0x{b:X2} ('{(char)b}')" : $"0x{b:X2}";
}

/// <summary>
/// The only exception decoding throws (and only from the throwing overloads; the Try methods return
/// an <see cref="IsoError"/> instead). It names the MTI, field, byte offset and rule broken.
/// </summary>
public sealed class IsoFormatException : FormatException
{
    public IsoFormatException(IsoError error)
        : base(error.ToString()) => Error = error;

    public IsoError Error { get; }

    public int Field => Error.Field;

    public int Offset => Error.Offset;

    public string? Mti => Error.MtiText;

    public string Rule => Error.Rule;
}
