using PosSim.Core.Security;
using MacRefusal = PosSim.Core.Switch.MacRefusal;
using SwitchOptions = PosSim.Core.Switch.SwitchOptions;
using TerminalAuthOptions = PosSim.Core.Switch.TerminalAuthOptions;
using PosSim.Iso8583;
using PosSim.Simulation.Terminals;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Switch;

/// <summary>
/// Terminal authentication (docs/security.md, "How it is wired"): a sign-on brings a working key under the
/// terminal's master key, and financial requests without a right MAC made with it are refused 63, booking nothing.
/// </summary>
public class TerminalAuthTests
{
    private static readonly byte[] Secret = "an installation secret for tests"u8.ToArray();
    private static readonly IsoCodec Codec = new(Dialect.Load("iso87-ascii"));

    internal static TerminalMasterKey MasterKey(string terminal) => TerminalMasterKey.Derive(Secret, terminal);

    internal static (AcquirerFixture Fixture, List<MacRefusal> Refusals) Authenticating(MacAlgorithm algorithm = MacAlgorithm.RetailMac)
    {
        var refusals = new List<MacRefusal>();
        var random = new Random(7);
        var f = new AcquirerFixture(new SwitchOptions
        {
            TerminalAuth = new TerminalAuthOptions
            {
                Algorithm = algorithm,
                MasterKeyOf = MasterKey,
                Random = random.NextBytes,
                Codec = Codec,
                Refused = refusals.Add,
            },
        });
        return (f, refusals);
    }

    private static int _signOnStan;

    /// <summary>
    /// A sign-on of <paramref name="terminal"/> proving its master key: MACed under its sign-on key, with a STAN of its
    /// own so that it is no replay of an earlier one.
    /// </summary>
    internal static IsoMessage ProvenSignOn(string terminal = Terminal, MacAlgorithm algorithm = MacAlgorithm.RetailMac)
    {
        var message = TerminalAt(terminal, Interlocked.Increment(ref _signOnStan)).Network(NetworkCode.SignOn, LocalStart);
        Assert.True(SignOnKey.TrySign(message, algorithm, MasterKey(terminal), Codec));
        return message;
    }

    /// <summary>Signs <paramref name="terminal"/> on and returns its side of the key exchange, holding the working key.</summary>
    internal static TerminalMacKey SignOn(AcquirerFixture f, string terminal = Terminal, MacAlgorithm algorithm = MacAlgorithm.RetailMac)
    {
        var response = f.Send(ProvenSignOn(terminal, algorithm))!;
        Assert.Equal("00", response.ResponseCode);
        var key = new TerminalMacKey(MasterKey(terminal), Codec);
        Assert.True(key.TryAccept(response));
        return key;
    }

    internal static IsoMessage Signed(TerminalMacKey key, IsoMessage request)
    {
        Assert.True(key.TrySign(request));
        return request;
    }

    [Theory]
    [InlineData(MacAlgorithm.RetailMac, 'R')]
    [InlineData(MacAlgorithm.AesCmac, 'A')]
    public void A_sign_on_returns_a_working_key_in_field_48_that_unwraps_under_the_master_key_with_a_matching_check_value(MacAlgorithm algorithm, char letter)
    {
        var (f, _) = Authenticating(algorithm);
        var response = f.Send(ProvenSignOn(Terminal, algorithm))!;

        Assert.Equal("00", response.ResponseCode);
        var field = response.GetString(48)!;
        Assert.Equal(WorkingKeyField.Length, field.Length);
        Assert.Equal(letter, field[0]);
        Span<byte> key = stackalloc byte[16];
        Assert.True(WorkingKeyField.TryUnwrap(field, MasterKey(Terminal).Key, key, out var unwrapped));
        Assert.Equal(algorithm, unwrapped);
        Assert.Equal(WorkingKeyField.CheckValue(algorithm, key), field[33..]);
        Assert.False(WorkingKeyField.TryUnwrap(field, MasterKey(OtherTerminal).Key, key, out _)); // another terminal's master key gets nothing
        Assert.True(response.Has(128)); // and the 0810 is MACed with the new key (in 128: field 70 needs the secondary bitmap)
        Assert.True(new TerminalMacKey(MasterKey(Terminal), Codec).TryAccept(response));
    }

    [Fact]
    public void Each_sign_on_brings_a_new_working_key()
    {
        var (f, _) = Authenticating();
        var first = SignOn(f);
        var second = SignOn(f);

        Assert.NotEqual(first.WorkingKeyCheckValue, second.WorkingKeyCheckValue);
        Assert.Equal("63", f.Send(Signed(first, Purchase(1, 100_00)))!.ResponseCode); // the old key is worth nothing now
        Assert.Equal("00", f.Send(Signed(second, Purchase(2, 100_00)))!.ResponseCode);
    }

    [Theory]
    [InlineData(MacAlgorithm.RetailMac)]
    [InlineData(MacAlgorithm.AesCmac)]
    public void A_purchase_with_the_right_mac_is_approved(MacAlgorithm algorithm)
    {
        var (f, refusals) = Authenticating(algorithm);
        var key = SignOn(f, Terminal, algorithm);

        var response = f.Send(Signed(key, Purchase(1, 100_00)))!;

        Assert.Equal("00", response.ResponseCode);
        Assert.Single(f.Switch.Tranlog);
        Assert.Equal(900_00, f.Available(Card));
        Assert.Empty(refusals);
        Assert.True(key.Verify(response)); // the answer is MACed with the same key
    }

    [Fact]
    public void Without_terminal_auth_answers_carry_no_mac()
    {
        var f = new AcquirerFixture();
        var response = f.Send(Purchase(1, 100_00))!;

        Assert.False(response.Has(64) || response.Has(128));
    }

    [Fact]
    public void A_purchase_with_a_wrong_mac_is_refused_63_and_nothing_is_booked()
    {
        var (f, refusals) = Authenticating();
        var key = SignOn(f);
        var purchase = Signed(key, Purchase(1, 100_00));
        purchase.Set(4, "000000999900"); // the amount changed after the terminal MACed it

        Assert.Equal("63", f.Send(purchase)!.ResponseCode);
        AssertNothingBooked(f);
        var refusal = Assert.Single(refusals);
        Assert.Equal((Terminal, 1, "0200"), (refusal.TerminalId, refusal.Stan, refusal.Mti));
        Assert.DoesNotContain(Card, refusal.Reason, StringComparison.Ordinal);

        // The refusal remembered nothing either: the same STAN and amount, MACed right, is not a duplicate.
        Assert.Equal("00", f.Send(Signed(key, Purchase(1, 100_00)))!.ResponseCode);
    }

    [Fact]
    public void A_purchase_without_a_mac_is_refused_63_and_nothing_is_booked()
    {
        var (f, refusals) = Authenticating();
        SignOn(f);

        Assert.Equal("63", f.Send(Purchase(1, 100_00))!.ResponseCode);
        AssertNothingBooked(f);
        Assert.Contains("no MAC in field 64", Assert.Single(refusals).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_purchase_maced_with_another_terminals_working_key_is_refused_63_and_nothing_is_booked()
    {
        var (f, _) = Authenticating();
        SignOn(f);
        var others = SignOn(f, OtherTerminal);

        Assert.Equal("63", f.Send(Signed(others, Purchase(1, 100_00)))!.ResponseCode);
        AssertNothingBooked(f);
    }

    [Fact]
    public void A_terminal_that_has_not_signed_on_since_the_switch_started_is_refused_63()
    {
        var (f, refusals) = Authenticating();

        Assert.Equal("63", f.Send(Purchase(1, 100_00))!.ResponseCode);
        Assert.Contains("no working key", Assert.Single(refusals).Reason, StringComparison.Ordinal);
        AssertNothingBooked(f);
    }

    [Fact]
    public void After_a_sign_off_the_working_key_is_gone()
    {
        var (f, _) = Authenticating();
        var key = SignOn(f);
        var signOff = f.Send(Signed(key, TerminalAt(Terminal, 900).Network(NetworkCode.SignOff, LocalStart)))!;
        Assert.Equal("00", signOff.ResponseCode);
        Assert.True(key.Verify(signOff)); // MACed with the key it ends

        Assert.Equal(0, f.Switch.TerminalsWithWorkingKeys);
        Assert.NotEqual("00", f.Send(Signed(key, Purchase(1, 100_00)))!.ResponseCode);
    }

    [Fact]
    public void Reversals_and_batch_totals_need_the_mac_too_with_the_mac_in_field_128_when_there_is_a_secondary_bitmap()
    {
        var (f, _) = Authenticating();
        var key = SignOn(f);
        var purchase = Signed(key, Purchase(1, 100_00));
        Assert.Equal("00", f.Send(purchase)!.ResponseCode);

        var unsignedReversal = Reversal(Purchase(1, 100_00));
        Assert.Equal("63", f.Send(unsignedReversal)!.ResponseCode);
        Assert.True(f.Switch.Tranlog[0].IsLive); // the purchase stands

        var totals = BatchTotals.Message(debits: 1, debitAmount: 100_00);
        Assert.Equal("63", f.Send(totals)!.ResponseCode);
        Assert.Empty(f.Switch.BatchReports);
        Assert.True(key.TrySign(totals));
        Assert.True(totals.Has(128));
        Assert.False(totals.Has(64));
        Assert.Equal("00", f.Send(totals)!.ResponseCode);

        var reversal = Reversal(Purchase(1, 100_00));
        Assert.Equal("00", f.Send(Signed(key, reversal))!.ResponseCode);
        Assert.False(f.Switch.Tranlog[0].IsLive);
    }

    [Fact]
    public void An_advice_without_a_right_mac_is_refused_63_and_not_booked()
    {
        var (f, _) = Authenticating();
        SignOn(f);
        var advice = Purchase(1, 100_00);
        advice.Mti = "0220";

        Assert.Equal("63", f.Send(advice)!.ResponseCode);
        AssertNothingBooked(f);
    }

    [Fact]
    public void Without_terminal_auth_requests_without_a_mac_are_approved_as_before()
    {
        var f = new AcquirerFixture();
        var response = f.Send(Network(NetworkCode.SignOn))!;

        Assert.False(response.Has(48));
        Assert.Equal("00", f.Send(Purchase(1, 100_00))!.ResponseCode);
    }

    [Fact]
    public void A_host_link_speaks_without_macs()
    {
        var refusals = new List<MacRefusal>();
        var f = new AcquirerFixture(new SwitchOptions
        {
            HostLinks = ["10.0.0.9"],
            TerminalAuth = new TerminalAuthOptions { MasterKeyOf = MasterKey, Random = new Random(1).NextBytes, Codec = Codec, Refused = refusals.Add },
        });

        Assert.Equal("00", f.SendOn(5, Purchase(1, 100_00), peer: "10.0.0.9")!.ResponseCode);
        Assert.Equal("63", f.SendOn(6, Purchase(2, 100_00), peer: "10.0.0.10")!.ResponseCode);
    }

    [Fact]
    public void A_terminal_with_no_master_key_cannot_sign_on()
    {
        var f = new AcquirerFixture(new SwitchOptions
        {
            TerminalAuth = new TerminalAuthOptions { MasterKeyOf = _ => null, Random = new Random(1).NextBytes, Codec = Codec },
        });

        var response = f.Send(Network(NetworkCode.SignOn))!;
        Assert.Equal("63", response.ResponseCode);
        Assert.False(response.Has(48));
    }

    private static void AssertNothingBooked(AcquirerFixture f)
    {
        Assert.Empty(f.Switch.Tranlog);
        Assert.Equal(1_000_00, f.Available(Card));
        Assert.Equal(0, f.Switch.InFlightCount);
    }
}
