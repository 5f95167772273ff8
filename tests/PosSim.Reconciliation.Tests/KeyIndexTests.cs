using PosSim.Reconciliation.Internal;

namespace PosSim.Reconciliation.Tests;

/// <summary>The matcher's open-addressing index: every key found, duplicates reported, whatever the keys hash to.</summary>
public sealed class KeyIndexTests
{
    [Theory]
    [InlineData(20)]
    [InlineData(100)]
    [InlineData(5_000)]
    public async Task Keys_that_all_hash_into_one_half_are_all_indexed_and_found(int count)
    {
        // A small table whose keys all land in the same half of the index: the case that once made an insert
        // probe a full half for ever.
        var keys = new List<ulong>();
        for (var candidate = 1UL; keys.Count < count; candidate++)
        {
            if (((Hashing.Mix(candidate) >> 31) & 1) == 0)
            {
                keys.Add(candidate);
            }
        }

        var records = keys.Select(k => new Keyed(k)).Append(new Keyed(keys[3])).ToArray();
        var index = new KeyIndex<Keyed>(records, records.Length);

        var duplicates = await Task.Run(() => index.Build(records.Length, default(All))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([(keys.Count, 3)], duplicates);
        for (var row = 0; row < keys.Count; row++)
        {
            Assert.Equal(row, index.Find(keys[row]));
        }
    }

    [Fact]
    public void A_repeated_key_is_reported_with_the_row_that_had_it_first()
    {
        var records = new[] { new Keyed(7), new Keyed(8), new Keyed(7) };
        var index = new KeyIndex<Keyed>(records, records.Length);

        var duplicates = index.Build(records.Length, default(All));

        Assert.Equal([(2, 0)], duplicates);
        Assert.Equal(-1, index.Find(9));
    }

    private readonly record struct Keyed(ulong Key) : IKeyed
    {
        public ulong KeyOf() => Key;
    }

    private readonly struct All : IRowFilter
    {
        public bool Include(int row) => true;
    }
}
