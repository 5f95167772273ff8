using System.Security.Cryptography;
using PosSim.Core.Security;
using PosSim.Iso8583;
using PosSim.Simulation.Terminals;

namespace PosSim.Core.Tests.Security;

/// <summary>
/// The sign-on proof (docs/security.md, "Sign-on proves the master key"): the sign-on key derived from the terminal's
/// master key, and the switch's verdict on a sign-on: MAC, freshness by field 7, replay by field 7 and STAN.
/// </summary>
public class SignOnKeyTests
{
    private static readonly byte[] Tmk = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");
    private static readonly IsoCodec Codec = new(Dialect.Load("iso87-ascii"));
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 14, 0, 0, TimeSpan.FromHours(8));
    private const string Terminal = "TERM0001";

    private static TerminalMasterKey MasterKey => new(Tmk);

    private static IsoMessage SignOn(int stan = 1, DateTimeOffset? at = null, string terminal = Terminal) =>
        new TerminalMessages(terminal, "MERCHANT0000001", firstStan: stan).Network(NetworkCode.SignOn, at ?? Now);

    private static IsoMessage Proven(MacAlgorithm algorithm = MacAlgorithm.RetailMac, int stan = 1, DateTimeOffset? at = null)
    {
        var message = SignOn(stan, at);
        Assert.True(SignOnKey.TrySign(message, algorithm, MasterKey, Codec));
        return message;
    }

    [Fact]
    public void The_sign_on_key_is_the_label_enciphered_under_the_master_key_in_3des_ecb_with_odd_parity()
    {
        // Computed here without SignOnKey: .NET's TripleDES with the two-key TMK as K1 K2 K1, then odd parity by hand.
        using var tdes = TripleDES.Create();
        tdes.Key = [.. Tmk, .. Tmk[..8]];
        var expected = tdes.EncryptEcb("PosSimSignOnKey1"u8.ToArray(), PaddingMode.None);
        for (var i = 0; i < expected.Length; i++)
        {
            var high = expected[i] & 0xFE;
            expected[i] = (byte)(high | ((System.Numerics.BitOperations.PopCount((uint)high) & 1) ^ 1));
        }

        var key = new byte[16];
        SignOnKey.Derive(Tmk, key);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(key));
        // printf PosSimSignOnKey1 | openssl enc -des-ede-ecb -nopad -K 0123456789ABCDEFFEDCBA9876543210, then odd parity
        Assert.Equal("674F753752ADB913B0D6452F978C64F2", Convert.ToHexString(key));
        Assert.NotEqual(Tmk, key);
    }

    [Theory]
    [InlineData(MacAlgorithm.RetailMac)]
    [InlineData(MacAlgorithm.AesCmac)]
    public void A_sign_on_maced_under_the_sign_on_key_is_accepted_in_field_128(MacAlgorithm algorithm)
    {
        var verifier = new SignOnVerifier(algorithm, Codec);
        var signOn = Proven(algorithm);

        Assert.True(signOn.Has(128));
        Assert.Null(verifier.Refusal(signOn, Terminal, MasterKey, Now));
        Assert.Equal(1, verifier.Remembered);
    }

    [Fact]
    public void A_sign_on_without_a_mac_is_refused_and_remembered_nowhere()
    {
        var verifier = new SignOnVerifier(MacAlgorithm.RetailMac, Codec);

        Assert.Contains("without a MAC in field 128", verifier.Refusal(SignOn(), Terminal, MasterKey, Now), StringComparison.Ordinal);
        Assert.Equal(0, verifier.Remembered);
    }

    [Fact]
    public void A_sign_on_maced_under_another_key_the_master_key_itself_or_with_a_changed_field_is_refused()
    {
        var verifier = new SignOnVerifier(MacAlgorithm.RetailMac, Codec);
        var otherTerminals = SignOn();
        Assert.True(SignOnKey.TrySign(otherTerminals, MacAlgorithm.RetailMac, TerminalMasterKey.Derive("an installation secret for tests"u8, Terminal), Codec));
        var underTheMasterKey = SignOn();
        using (var mac = new MessageMac(MacAlgorithm.RetailMac, Tmk, Codec))
        {
            Assert.True(mac.TrySign(underTheMasterKey)); // the TMK never MACs: a sign-on MACed with it proves nothing
        }

        var changed = Proven();
        changed.TerminalId = "TERM0002";
        var otherAlgorithm = Proven(MacAlgorithm.AesCmac);

        foreach (var signOn in new[] { otherTerminals, underTheMasterKey, changed, otherAlgorithm })
        {
            Assert.Contains("wrong MAC", verifier.Refusal(signOn, Terminal, MasterKey, Now), StringComparison.Ordinal);
        }

        Assert.Equal(0, verifier.Remembered);
    }

    [Fact]
    public void The_same_sign_on_sent_again_is_refused_as_a_replay_and_the_next_one_is_accepted()
    {
        var verifier = new SignOnVerifier(MacAlgorithm.RetailMac, Codec);
        var captured = Proven(stan: 7);
        Assert.Null(verifier.Refusal(captured, Terminal, MasterKey, Now));

        Assert.Contains("replay", verifier.Refusal(captured, Terminal, MasterKey, Now.AddSeconds(30)), StringComparison.Ordinal);
        Assert.Null(verifier.Refusal(Proven(stan: 8), Terminal, MasterKey, Now.AddSeconds(30)));
        Assert.Null(verifier.Refusal(Proven(stan: 7, at: Now.AddSeconds(1)), Terminal, MasterKey, Now.AddSeconds(30))); // a new time: a new sign-on
    }

    [Fact]
    public void A_captured_sign_on_is_refused_once_it_is_older_than_the_window_even_by_a_switch_that_forgot_it()
    {
        var captured = Proven();
        Assert.Null(new SignOnVerifier(MacAlgorithm.RetailMac, Codec).Refusal(captured, Terminal, MasterKey, Now));

        var restarted = new SignOnVerifier(MacAlgorithm.RetailMac, Codec);
        var later = Now + SignOnVerifier.Window + TimeSpan.FromSeconds(1);
        Assert.Contains("more than 5 minutes", restarted.Refusal(captured, Terminal, MasterKey, later), StringComparison.Ordinal);
        Assert.Contains("more than 5 minutes", restarted.Refusal(Proven(stan: 2, at: later + SignOnVerifier.Window + TimeSpan.FromSeconds(1)), Terminal, MasterKey, later), StringComparison.Ordinal);
        Assert.Equal(0, restarted.Remembered);
    }

    [Fact]
    public void Sign_ons_of_other_terminals_are_remembered_apart_and_old_ones_are_forgotten()
    {
        var verifier = new SignOnVerifier(MacAlgorithm.RetailMac, Codec);
        var other = TerminalMasterKey.Derive("an installation secret for tests"u8, "TERM0002");
        var theirs = SignOn(terminal: "TERM0002");
        Assert.True(SignOnKey.TrySign(theirs, MacAlgorithm.RetailMac, other, Codec));

        Assert.Null(verifier.Refusal(Proven(), Terminal, MasterKey, Now));
        Assert.Null(verifier.Refusal(theirs, "TERM0002", other, Now));
        Assert.Equal(2, verifier.Remembered);

        var later = Now + SignOnVerifier.Window + TimeSpan.FromMinutes(1);
        Assert.Null(verifier.Refusal(Proven(stan: 2, at: later), Terminal, MasterKey, later));
        Assert.Equal(2, verifier.Remembered); // this terminal's first sign-on is too old to pass again: no longer kept
    }

    [Theory]
    [InlineData("1231235959", "2027-01-01T00:01:00+08:00", "2026-12-31T23:59:59+08:00")]
    [InlineData("0101000100", "2026-12-31T23:59:00+08:00", "2027-01-01T00:01:00+08:00")]
    [InlineData("1129140000", "2026-11-29T14:00:00+08:00", "2026-11-29T14:00:00+08:00")]
    public void Field_7_is_read_in_the_year_nearest_the_switch_clock(string field7, string now, string expected)
    {
        Assert.True(SignOnVerifier.TryReadTransmissionTime(field7, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), out var sent));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), sent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1332000000")]
    [InlineData("11291400")]
    public void A_missing_or_malformed_field_7_is_not_a_time(string? field7) =>
        Assert.False(SignOnVerifier.TryReadTransmissionTime(field7, Now, out _));
}
