using System.Diagnostics.CodeAnalysis;

namespace PosSim.Net.Internal;

/// <summary>Keeps throw sites out of hot methods so they stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string message, string paramName) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);
}
