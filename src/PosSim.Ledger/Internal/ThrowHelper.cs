using System.Diagnostics.CodeAnalysis;

namespace PosSim.Ledger.Internal;

/// <summary>Keeps the rare throws out of hot methods so they stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgument(string message, string paramName) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowCorrupt(string message) => throw new LedgerCorruptException(message);
}
