namespace PosSim.Reconciliation.Inputs;

/// <summary>
/// Looks up merchant ids by the terminal of the row: a terminal almost always belongs to one merchant, so the
/// merchant text is compared with the one last seen on that terminal before the hash table is asked. One per thread.
/// </summary>
internal sealed class MerchantCache(MerchantTable merchants)
{
    private byte[]?[] text = new byte[]?[256];
    private int[] ids = new int[256];

    public int Find(int terminal, ReadOnlySpan<byte> merchantText)
    {
        if (terminal < 0)
        {
            return merchants.Ids.Find(merchantText);
        }

        if (terminal >= text.Length)
        {
            var size = Math.Max(terminal + 1, text.Length * 2);
            Array.Resize(ref text, size);
            Array.Resize(ref ids, size);
        }

        var cached = text[terminal];
        if (cached is not null && merchantText.SequenceEqual(cached))
        {
            return ids[terminal];
        }

        var id = merchants.Ids.Find(merchantText);
        text[terminal] = merchantText.ToArray();
        ids[terminal] = id;
        return id;
    }
}
