using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Core.Cards;

namespace PosSim.Core.Tests.Cards;

/// <summary>The PAN hash is HMAC-SHA256 truncated to 128 bits, whatever way it is computed: stored hashes stay valid.</summary>
public class PanHasherProperties
{
    private static readonly Gen<byte[]> Keys = Gen.Choose(16, 200).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    private static readonly Gen<string> Pans = Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose('0', '9').Select(c => (char)c), n)).Select(c => new string(c));

    [Property(MaxTest = 300)]
    public Property The_hash_is_the_platforms_hmac_sha256_cut_to_128_bits() =>
        Prop.ForAll(Gen.Zip(Keys, Pans).ToArbitrary(), t =>
        {
            var (key, pan) = t;
            var expected = Convert.ToHexString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(pan))[..16]);
            Assert.Equal(expected, new PanHasher(key).Hash(pan));
        });

    [Fact]
    public void The_same_hasher_gives_the_same_hash_every_time()
    {
        var hasher = PanHasher.FromSeed(7);
        Assert.Equal(hasher.Hash("4761739001010119"), hasher.Hash("4761739001010119"));
        Assert.NotEqual(hasher.Hash("4761739001010119"), PanHasher.FromSeed(8).Hash("4761739001010119"));
    }
}
