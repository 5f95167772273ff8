using PosSim.Reconciliation.Internal;

namespace PosSim.Reconciliation.Inputs;

/// <summary>
/// Looks up merchant ids by the terminal of the row: a terminal almost always belongs to one merchant, so the
/// merchant text is compared with the one last seen on that terminal before the hash table is asked. Ids of
/// up to 16 bytes are compared as two packed words held in a flat array. One per thread.
/// </summary>
internal sealed class MerchantCache(MerchantTable merchants)
{
    private Entry[] _entries = new Entry[256];

    public int Find(int terminal, ReadOnlySpan<byte> merchantText)
    {
        if (terminal < 0 || merchantText.Length > 16)
        {
            return merchants.Ids.Find(merchantText);
        }

        if (terminal >= _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(terminal + 1, _entries.Length * 2));
        }

        var (k0, k1) = IdTable.Pack(merchantText);
        ref var e = ref _entries[terminal];

        // Id holds id + 1, so a fresh entry (0) never matches.
        if (e.K0 == k0 && e.K1 == k1 && e.Length == merchantText.Length && e.Id > 0)
        {
            return e.Id - 1;
        }

        var id = merchants.Ids.Find(merchantText);
        e = new Entry(k0, k1, merchantText.Length, id + 1);
        return id;
    }

    private readonly record struct Entry(ulong K0, ulong K1, int Length, int Id);
}
