using PosSim.Core.Security;
using PosSim.Iso8583;

namespace PosSim.Core.Tests.Security;

/// <summary>Which bytes the MAC of a message covers (docs/security.md, "How it is wired").</summary>
public class MessageMacTests
{
    private static readonly byte[] Key = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");

    [Theory]
    [InlineData("iso87-ascii")]
    [InlineData("iso87-binary")]
    [InlineData("iso87-ascii-binary-bitmap")]
    public void The_mac_in_field_64_is_the_retail_mac_of_the_encoded_message_up_to_the_byte_before_field_64(string dialect)
    {
        var codec = new IsoCodec(Dialect.Load(dialect));
        var message = new IsoMessage("0200");
        message.Set(3, "000000");
        message.Set(11, "000042");
        message.Set(41, "T0000001");
        using var mac = new MessageMac(MacAlgorithm.RetailMac, Key, codec);

        Assert.True(mac.TrySign(message));

        var encoded = codec.Encode(message);
        var fieldBytes = dialect == "iso87-binary" ? 8 : 16; // the ASCII dialects carry binary fields as hex, two characters a byte
        using var retail = new RetailMac(Key);
        var expected = new byte[8];
        retail.Compute(encoded.AsSpan(0, encoded.Length - fieldBytes), expected);
        Assert.Equal(expected, message.Get(64).ToArray());
        Assert.True(mac.Verify(message));
    }

    [Fact]
    public void With_a_secondary_bitmap_the_mac_goes_in_field_128_and_field_64_is_covered_like_any_other()
    {
        var codec = new IsoCodec(Dialect.Load("iso87-ascii"));
        var message = new IsoMessage("0500");
        message.Set(11, "000042");
        message.Set(76, "0000000001");
        using var mac = new MessageMac(MacAlgorithm.AesCmac, Key, codec);

        Assert.True(mac.TrySign(message));

        Assert.True(message.Has(128));
        var encoded = codec.Encode(message);
        using var cmac = new AesCmac(Key);
        var tag = new byte[16];
        cmac.Compute(encoded.AsSpan(0, encoded.Length - 16), tag);
        Assert.Equal(tag[..8], message.Get(128).ToArray());
    }

    [Fact]
    public void A_mac_in_field_64_of_a_message_with_a_secondary_bitmap_is_not_accepted()
    {
        var codec = new IsoCodec(Dialect.Load("iso87-ascii"));
        var message = new IsoMessage("0500");
        message.Set(11, "000042");
        using var mac = new MessageMac(MacAlgorithm.RetailMac, Key, codec);
        Assert.True(mac.TrySign(message));

        message.Set(76, "0000000001"); // a field after the MAC was computed, with the MAC left in 64
        Assert.False(mac.Verify(message));
    }
}
