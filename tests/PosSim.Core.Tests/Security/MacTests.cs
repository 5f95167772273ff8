using System.Security.Cryptography;
using System.Text;
using PosSim.Core.Security;

namespace PosSim.Core.Tests.Security;

/// <summary>The retail MAC and AES-CMAC against published vectors, and the properties a verifier relies on.</summary>
public class MacTests
{
    // RFC 4493 section 4: the key and the 64-byte message whose prefixes the four examples MAC.
    private const string CmacKey = "2B7E151628AED2A6ABF7158809CF4F3C";
    private const string CmacMessage =
        "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710";

    [Theory]
    [InlineData(0, "BB1D6929E95937287FA37D129B756746")]
    [InlineData(16, "070A16B46B4D4144F79BDD9DD04A287C")]
    [InlineData(40, "DFA66747DE9AE63030CA32611497C827")]
    [InlineData(64, "51F0BEBF7E3B9D92FC49741779363CFE")]
    public void Aes_cmac_gives_the_rfc_4493_tags(int length, string expected)
    {
        using var cmac = new AesCmac(Convert.FromHexString(CmacKey));
        var message = Convert.FromHexString(CmacMessage)[..length];
        var tag = new byte[AesCmac.TagSize];

        cmac.Compute(message, tag);

        Assert.Equal(expected, Convert.ToHexString(tag));
        Assert.True(cmac.Verify(message, tag));
        Assert.True(cmac.Verify(message, tag.AsSpan(0, 8)), "a tag truncated to 8 bytes, as field 64 carries it");
    }

    // ISO/IEC 9797-1:2011 Annex B.4 (MAC algorithm 3, padding method 1), as published: the first 4 bytes of each MAC.
    [Theory]
    [InlineData("Now is the time for all ", "A1C72E74")]
    [InlineData("Now is the time for it", "2E2B1428")]
    public void Retail_mac_gives_the_iso_9797_1_annex_b_examples(string text, string expectedPrefix)
    {
        using var mac = new RetailMac(Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210"));
        var result = new byte[RetailMac.MacSize];

        mac.Compute(Encoding.ASCII.GetBytes(text), result);

        Assert.StartsWith(expectedPrefix, Convert.ToHexString(result), StringComparison.Ordinal);
        Assert.True(mac.Verify(Encoding.ASCII.GetBytes(text), Convert.FromHexString(expectedPrefix)), "a MAC truncated to 4 bytes");
    }

    [Fact]
    public void Retail_mac_gives_bouncy_castles_published_value()
    {
        // Bouncy Castle's ISO9797Alg3MacTest: a whole 8-byte MAC over two full blocks.
        using var mac = new RetailMac(Convert.FromHexString("7CA110454A1A6E570131D9619DC1376E"));
        var result = new byte[RetailMac.MacSize];

        mac.Compute("Hello World !!!!"u8, result);

        Assert.Equal("F09B856213BAB83B", Convert.ToHexString(result));
    }

    [Fact]
    public void Retail_mac_is_des_cbc_under_k1_then_decipher_k2_and_encipher_k1_of_the_last_block()
    {
        // An independent reading of ISO/IEC 9797-1 algorithm 3 with .NET's DES alone, over messages up to several
        // chunks long, with both paddings; method 2 must equal method 1 over the message with 80 00.. appended.
        var key = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");
        using var k1 = DES.Create();
        k1.Key = key[..8];
        using var k2 = DES.Create();
        k2.Key = key[8..];
        var random = new Random(13);
        using var method1 = new RetailMac(key, RetailMacPadding.Method1);
        using var method2 = new RetailMac(key, RetailMacPadding.Method2);
        foreach (var length in new[] { 0, 1, 7, 8, 9, 16, 255, 256, 257, 1000 })
        {
            var data = new byte[length];
            random.NextBytes(data);

            var padded1 = length % 8 == 0 && length > 0 ? data : [.. data, .. new byte[8 - (length % 8)]];
            byte[] padded2 = [.. data, 0x80, .. new byte[7 - (length % 8)]];
            foreach (var (mac, padded) in new[] { (method1, padded1), (method2, padded2) })
            {
                var chain = k1.EncryptCbc(padded, new byte[8], PaddingMode.None)[^8..];
                var expected = k1.EncryptEcb(k2.DecryptEcb(chain, PaddingMode.None), PaddingMode.None);
                var actual = new byte[8];
                mac.Compute(data, actual);
                Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
            }
        }
    }

    [Fact]
    public void A_changed_byte_or_a_wrong_length_mac_does_not_verify()
    {
        using var retail = new RetailMac(Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210"));
        using var cmac = new AesCmac(Convert.FromHexString(CmacKey));
        var message = Encoding.ASCII.GetBytes("0200 purchase 000000035000 T0000001");
        var r = new byte[8];
        var c = new byte[16];
        retail.Compute(message, r);
        cmac.Compute(message, c);

        message[5] ^= 1;

        Assert.False(retail.Verify(message, r));
        Assert.False(cmac.Verify(message, c));
        message[5] ^= 1;
        Assert.False(retail.Verify(message, r.AsSpan(0, 3)), "fewer than 4 bytes is no MAC");
        Assert.False(cmac.Verify(message, c.AsSpan(0, 7)), "fewer than 8 bytes is no CMAC");
        Assert.False(retail.Verify(message, []));
    }

    [Fact]
    public void Keys_of_the_wrong_size_or_with_equal_halves_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new RetailMac(new byte[8]));
        Assert.Throws<ArgumentException>(() => new RetailMac(Convert.FromHexString("0123456789ABCDEF0123456789ABCDEF")));
        Assert.Throws<ArgumentException>(() => new AesCmac(new byte[15]));
    }
}
