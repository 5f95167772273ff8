using System.Diagnostics.CodeAnalysis;

namespace PosSim.Iso8583.Internal;

/// <summary>Keeps throw sites out of hot methods so they stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Format(IsoError error) => throw new IsoFormatException(error);

    [DoesNotReturn]
    public static void FieldNumber(int field, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, field, $"Field numbers run from 2 to {IsoMessage.MaxField}; {field} is not one.");

    [DoesNotReturn]
    public static void NotAscii(int field, int index) =>
        throw new ArgumentException($"Field {field}: character {index} is not ASCII; ISO 8583 text fields carry ASCII (0x00-0x7F) only.");

    [DoesNotReturn]
    public static void Argument(string message, string paramName) => throw new ArgumentException(message, paramName);
}
