using PosSim.Reconciliation.Internal;

namespace PosSim.Reconciliation.Inputs;

/// <summary>
/// Looks up merchant ids by the terminal of the row: a terminal almost always belongs to one merchant, so the
/// merchant text is compared with the one last seen on that terminal before the hash table is asked. Short ids
/// are compared as packed 64-bit codes held in a flat array. One per thread.
/// </summary>
internal sealed class MerchantCache(MerchantTable merchants)
{
    private ulong[] codes = new ulong[256];
    private int[] ids = new int[256];

    public int Find(int terminal, ReadOnlySpan<byte> merchantText)
    {
        if (terminal < 0 || !IdCode.TryPack(merchantText, out var code))
        {
            return merchants.Ids.Find(merchantText);
        }

        if (terminal >= codes.Length)
        {
            var size = Math.Max(terminal + 1, codes.Length * 2);
            Array.Resize(ref codes, size);
            Array.Resize(ref ids, size);
        }

        // ids holds id + 1, so a fresh entry (0) never matches.
        if (codes[terminal] == code && ids[terminal] > 0)
        {
            return ids[terminal] - 1;
        }

        var id = merchants.Ids.Find(merchantText);
        codes[terminal] = code;
        ids[terminal] = id + 1;
        return id;
    }
}
