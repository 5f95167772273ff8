using PosSim.Core.Security;
using PosSim.Iso8583;
using PosSim.Simulation.Terminals;
using static PosSim.Core.Tests.Switch.AcquirerFixture;
using static PosSim.Core.Tests.Switch.TerminalAuthTests;

namespace PosSim.Core.Tests.Switch;

/// <summary>
/// With terminal authentication on, a sign-on must prove the terminal's master key (a MAC under its sign-on key, fresh,
/// not replayed) before it binds or gets a key, and echo and sign-off carry the working key's MAC (docs/security.md).
/// </summary>
public class SignOnMacTests
{
    private static IsoMessage Copy(IsoMessage message)
    {
        var copy = new IsoMessage();
        message.CopyTo(copy);
        return copy;
    }

    private static IsoMessage UnprovenSignOn(int stan = 500) => TerminalAt(Terminal, stan).Network(NetworkCode.SignOn, LocalStart);

    /// <summary>MACed under the sign-on key of another terminal's master key: a stranger who knows some key, not this one.</summary>
    private static IsoMessage WronglyMacedSignOn()
    {
        var message = TerminalAt(Terminal, 501).Network(NetworkCode.SignOn, LocalStart);
        Assert.True(SignOnKey.TrySign(message, MacAlgorithm.RetailMac, MasterKey(OtherTerminal), new IsoCodec(Dialect.Load("iso87-ascii"))));
        return message;
    }

    [Fact]
    public void A_strangers_sign_on_without_the_master_key_for_an_idle_terminal_is_refused_63_binds_nothing_and_the_terminal_then_signs_on()
    {
        var (f, refusals) = Authenticating();

        Assert.Equal("63", f.SendOn(2, UnprovenSignOn())!.ResponseCode);
        Assert.Equal("63", f.SendOn(2, WronglyMacedSignOn())!.ResponseCode);
        Assert.Equal(0, f.Switch.BoundConnections);
        Assert.Equal(0, f.Switch.TerminalsWithWorkingKeys);
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.Equal((Terminal, "0800"), (r.TerminalId, r.Mti)));

        var response = f.SendOn(1, ProvenSignOn())!;
        Assert.Equal("00", response.ResponseCode);
        var key = new TerminalMacKey(MasterKey(Terminal), new IsoCodec(Dialect.Load("iso87-ascii")));
        Assert.True(key.TryAccept(response));
        Assert.Equal("00", f.SendOn(1, Signed(key, Purchase(1, 100_00)))!.ResponseCode);
    }

    [Fact]
    public void A_strangers_sign_on_for_a_signed_on_terminal_is_refused_63_and_its_binding_and_working_key_stay()
    {
        var (f, _) = Authenticating();
        var key = new TerminalMacKey(MasterKey(Terminal), new IsoCodec(Dialect.Load("iso87-ascii")));
        Assert.True(key.TryAccept(f.SendOn(1, ProvenSignOn())!));
        Assert.Equal(1, f.Switch.BoundConnections);

        Assert.Equal("63", f.SendOn(2, UnprovenSignOn())!.ResponseCode);
        Assert.Equal("63", f.SendOn(2, WronglyMacedSignOn())!.ResponseCode);

        Assert.Equal(1, f.Switch.BoundConnections);
        Assert.Equal("58", f.SendOn(2, Signed(key, Purchase(1, 100_00)))!.ResponseCode); // still connection 1's
        Assert.Equal("00", f.SendOn(1, Signed(key, Purchase(2, 100_00)))!.ResponseCode); // with the same key
    }

    [Fact]
    public void A_replayed_sign_on_is_refused_63_on_the_same_connection_or_another_and_the_terminal_keeps_its_key()
    {
        var (f, refusals) = Authenticating();
        var signOn = ProvenSignOn();
        var captured = Copy(signOn);
        var key = new TerminalMacKey(MasterKey(Terminal), new IsoCodec(Dialect.Load("iso87-ascii")));
        Assert.True(key.TryAccept(f.SendOn(1, signOn)!));

        Assert.Equal("63", f.SendOn(1, Copy(captured))!.ResponseCode);
        f.Switch.OnConnectionClosed(1);
        Assert.Equal("63", f.SendOn(2, Copy(captured))!.ResponseCode);

        Assert.Equal(0, f.Switch.BoundConnections);
        Assert.All(refusals, r => Assert.Contains("replay", r.Reason, StringComparison.Ordinal));
        Assert.Equal("00", f.SendOn(3, Signed(key, Purchase(1, 100_00)))!.ResponseCode); // the working key was not replaced
    }

    [Fact]
    public void A_captured_sign_on_is_refused_63_once_it_is_older_than_the_window()
    {
        var (f, refusals) = Authenticating();
        var late = ProvenSignOn();
        f.Advance(SignOnVerifier.Window + TimeSpan.FromSeconds(1));

        Assert.Equal("63", f.SendOn(1, late)!.ResponseCode);
        Assert.Contains("more than 5 minutes", Assert.Single(refusals).Reason, StringComparison.Ordinal);
        Assert.Equal(0, f.Switch.BoundConnections);
    }

    [Fact]
    public void A_sign_off_without_the_working_key_mac_is_refused_63_and_the_terminal_stays_signed_on_and_bound()
    {
        var (f, _) = Authenticating();
        var key = new TerminalMacKey(MasterKey(Terminal), new IsoCodec(Dialect.Load("iso87-ascii")));
        Assert.True(key.TryAccept(f.SendOn(1, ProvenSignOn())!));

        var refused = f.SendOn(1, TerminalAt(Terminal, 600).Network(NetworkCode.SignOff, LocalStart))!;
        Assert.Equal("63", refused.ResponseCode);
        Assert.True(key.Verify(refused)); // answered, as every answer, under the working key

        Assert.Equal(1, f.Switch.TerminalsWithWorkingKeys);
        Assert.Equal(1, f.Switch.BoundConnections);
        Assert.Equal("00", f.SendOn(1, Signed(key, Purchase(1, 100_00)))!.ResponseCode);
    }

    [Fact]
    public void An_echo_without_the_working_key_mac_is_refused_63_and_a_maced_one_is_answered_00_with_a_mac()
    {
        var (f, _) = Authenticating();
        var key = new TerminalMacKey(MasterKey(Terminal), new IsoCodec(Dialect.Load("iso87-ascii")));
        Assert.True(key.TryAccept(f.SendOn(1, ProvenSignOn())!));

        Assert.Equal("63", f.SendOn(1, TerminalAt(Terminal, 700).Network(NetworkCode.Echo, LocalStart))!.ResponseCode);
        var echo = f.SendOn(1, Signed(key, TerminalAt(Terminal, 701).Network(NetworkCode.Echo, LocalStart)))!;

        Assert.Equal("00", echo.ResponseCode);
        Assert.Equal("0810", echo.Mti);
        Assert.True(key.Verify(echo));
    }

    [Fact]
    public void Without_terminal_auth_sign_on_echo_and_sign_off_need_no_mac_and_their_answers_carry_none()
    {
        var f = new AcquirerFixture();

        foreach (var code in new[] { NetworkCode.SignOn, NetworkCode.Echo, NetworkCode.SignOff })
        {
            var response = f.SendOn(1, TerminalAt(Terminal, 800 + (int)code).Network(code, LocalStart))!;
            Assert.Equal("00", response.ResponseCode);
            Assert.False(response.Has(48) || response.Has(64) || response.Has(128));
        }
    }
}
