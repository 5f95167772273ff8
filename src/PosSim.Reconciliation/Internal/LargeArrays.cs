using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PosSim.Reconciliation.Internal;

/// <summary>
/// Allocates the big row and index arrays. On Linux they are advised to use transparent huge pages before
/// they are first touched: the joins read them at random, and with 4 KB pages nearly every such read also
/// misses the TLB. Elsewhere, or when the advice is refused, they are plain arrays.
/// </summary>
internal static partial class LargeArrays
{
    private const int MadviseHugePage = 14;
    private const int MinBytes = 8 << 20;

    public static unsafe T[] Allocate<T>(int length)
        where T : unmanaged
    {
        if ((long)length * sizeof(T) < MinBytes || !OperatingSystem.IsLinux())
        {
            return new T[length];
        }

        // Not zeroed by the runtime, so the pages are first touched by the clear below, after the advice.
        var array = GC.AllocateUninitializedArray<T>(length);
        try
        {
            ref var first = ref MemoryMarshal.GetArrayDataReference(array);
            var start = (nint)Unsafe.AsPointer(ref first);
            var end = start + ((nint)length * sizeof(T));
            var from = (start + 4095) & ~(nint)4095;
            var to = end & ~(nint)4095;
            if (to > from)
            {
                _ = Madvise(from, (nuint)(to - from), MadviseHugePage);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }

        Array.Clear(array);
        return array;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
