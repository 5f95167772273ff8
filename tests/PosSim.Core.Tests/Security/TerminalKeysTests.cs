using PosSim.Core.Security;

namespace PosSim.Core.Tests.Security;

/// <summary>Working keys under a terminal master key, as at sign-on; vectors checked with OpenSSL's des-ede-ecb.</summary>
public class TerminalKeysTests
{
    private static readonly byte[] Tmk = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");

    [Fact]
    public void A_working_key_is_wrapped_in_3des_ecb_half_by_half_and_unwrapped_back()
    {
        var workingKey = Convert.FromHexString("11111111111111112222222222222222");
        var wrapped = new byte[16];
        var back = new byte[16];

        TerminalKeys.Wrap(Tmk, workingKey, wrapped);
        TerminalKeys.Unwrap(Tmk, wrapped, back);

        // openssl enc -des-ede-ecb -nopad -K 0123456789ABCDEFFEDCBA9876543210
        Assert.Equal("9B3A7B883A100F73B4ABA2BB791C50E7", Convert.ToHexString(wrapped));
        Assert.Equal(workingKey, back);
    }

    [Theory]
    [InlineData("0123456789ABCDEFFEDCBA9876543210", "08D7B4")]
    [InlineData("11111111111111112222222222222222", "D2B91C")]
    public void The_check_value_is_zeros_enciphered_under_the_key(string key, string expected) =>
        Assert.Equal(expected, TerminalKeys.CheckValueHex(Convert.FromHexString(key)));

    [Fact]
    public void A_generated_key_has_odd_parity_and_two_different_halves_even_from_a_poor_source()
    {
        var key = new byte[16];
        var calls = 0;

        // The first fill gives equal halves, which must be refused; the second is used.
        TerminalKeys.Generate(key, span =>
        {
            calls++;
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = unchecked((byte)(calls == 1 ? 0x5A : (i * 37) + 11));
            }
        });

        Assert.Equal(2, calls);
        Assert.All(key, b => Assert.Equal(1, System.Numerics.BitOperations.PopCount(b) & 1));
        Assert.NotEqual(key[..8], key[8..]);
    }

    [Fact]
    public void A_terminal_master_key_prints_as_its_check_value_only()
    {
        var tmk = new TerminalMasterKey(Tmk);

        Assert.Equal("TMK (check value 08D7B4)", tmk.ToString());
        Assert.DoesNotContain("0123456789", tmk.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Master_keys_derived_from_a_secret_are_stable_distinct_per_terminal_and_need_the_secret()
    {
        var secret = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");
        var a = TerminalMasterKey.Derive(secret, "T0000001");
        var again = TerminalMasterKey.Derive(secret, "T0000001");
        var b = TerminalMasterKey.Derive(secret, "T0000002");
        var otherSecret = TerminalMasterKey.Derive(Convert.FromHexString("FF0102030405060708090A0B0C0D0E0F"), "T0000001");

        Assert.Equal(a.Key.ToArray(), again.Key.ToArray());
        Assert.NotEqual(a.Key.ToArray(), b.Key.ToArray());
        Assert.NotEqual(a.Key.ToArray(), otherSecret.Key.ToArray());
        Assert.All(a.Key.ToArray(), x => Assert.Equal(1, System.Numerics.BitOperations.PopCount(x) & 1));
        Assert.Throws<ArgumentException>(() => TerminalMasterKey.Derive(new byte[8], "T0000001"));
    }

    [Fact]
    public void Sign_on_round_trip_the_terminal_gets_the_mac_key_the_host_made()
    {
        // Host: make a MAC key, send it under the TMK with its check value. Terminal: unwrap, compare check values,
        // and both sides then compute the same retail MAC.
        var tmk = TerminalMasterKey.Derive(Convert.FromHexString("00112233445566778899AABBCCDDEEFF"), "T0000007");
        var random = new Random(7);
        var hostKey = new byte[16];
        TerminalKeys.Generate(hostKey, random.NextBytes);
        var wrapped = new byte[16];
        TerminalKeys.Wrap(tmk.Key, hostKey, wrapped);
        var kcv = TerminalKeys.CheckValueHex(hostKey);

        var terminalKey = new byte[16];
        TerminalKeys.Unwrap(tmk.Key, wrapped, terminalKey);

        Assert.Equal(kcv, TerminalKeys.CheckValueHex(terminalKey));
        using var host = new RetailMac(hostKey);
        using var terminal = new RetailMac(terminalKey);
        var message = "0200 T0000007 000000001000"u8;
        var mac = new byte[8];
        terminal.Compute(message, mac);
        Assert.True(host.Verify(message, mac));
    }
}
