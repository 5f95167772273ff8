using System.Diagnostics.CodeAnalysis;

namespace PosSim.Ledger.Internal;

/// <summary>Keeps the rare throws out of hot methods so they stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgument(string message, string paramName) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowCorrupt(string message) => throw new LedgerCorruptException(message);

    [DoesNotReturn]
    public static void ThrowFaulted(Exception inner) =>
        throw new InvalidOperationException("The ledger stopped after its store failed; reopen it to rebuild from the store.", inner);

    [DoesNotReturn]
    public static void ThrowDisposed() => throw new ObjectDisposedException(nameof(DurableLedger));
}
