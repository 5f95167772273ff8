using RequestOrigin = PosSim.Core.Switch.RequestOrigin;
using SwitchOptions = PosSim.Core.Switch.SwitchOptions;
using PosSim.Iso8583;
using PosSim.Simulation.Terminals;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Switch;

/// <summary>
/// A terminal is who it says it is, as far as the switch can tell without keys: a connection that signed on as a
/// terminal speaks for it alone, and nobody else's connection speaks for it (docs/switch.md, "Who may say what").
/// </summary>
public class WhoMaySayWhatTests
{
    private const long Till = 1;
    private const long Stranger = 2;

    [Fact]
    public void A_connection_signed_on_as_a_terminal_is_refused_58_for_another_terminal()
    {
        var f = new AcquirerFixture();
        Assert.Equal("00", f.SendOn(Till, Network(NetworkCode.SignOn))!.ResponseCode);

        Assert.Equal("58", f.SendOn(Till, Purchase(1, 100_00, terminal: OtherTerminal))!.ResponseCode);
        Assert.Equal("00", f.SendOn(Till, Purchase(2, 100_00))!.ResponseCode);
        Assert.Single(f.Switch.Tranlog); // the refused request never reached the log or the issuer
    }

    [Fact]
    public void A_terminal_signed_on_from_one_connection_is_refused_58_from_any_other()
    {
        var f = new AcquirerFixture();
        f.SendOn(Till, Network(NetworkCode.SignOn));

        Assert.Equal("58", f.SendOn(Stranger, Purchase(1, 100_00))!.ResponseCode);
        Assert.Equal("58", f.SendOn(Stranger, Network(NetworkCode.Echo))!.ResponseCode);
        Assert.Equal("58", f.SendOn(Stranger, BatchTotals.Message())!.ResponseCode);
        Assert.Equal(3, f.Switch.IdentityRefusals);
    }

    [Fact]
    public void A_sign_off_from_a_connection_that_did_not_sign_on_as_the_terminal_is_refused_58_and_the_terminal_transacts_on()
    {
        var f = new AcquirerFixture();
        f.SendOn(Till, Network(NetworkCode.SignOn));

        Assert.Equal("58", f.SendOn(Stranger, Network(NetworkCode.SignOff))!.ResponseCode);
        Assert.True(f.Switch.Terminals.All.First(t => t.TerminalId == Terminal).SignedOn);
        Assert.Equal("00", f.SendOn(Till, Purchase(1, 100_00))!.ResponseCode);
    }

    [Fact]
    public void With_sign_on_required_a_sign_off_from_a_connection_that_never_signed_on_is_refused_58()
    {
        var f = new AcquirerFixture(new SwitchOptions { RequireSignOn = true });
        Assert.Equal("58", f.SendOn(Stranger, Network(NetworkCode.SignOff))!.ResponseCode);
        Assert.Equal("00", f.Send(Purchase(1, 100_00))!.ResponseCode);
    }

    [Fact]
    public void A_sign_on_as_a_terminal_signed_on_from_an_open_connection_is_refused_58_until_that_connection_closes()
    {
        var f = new AcquirerFixture();
        f.SendOn(Till, Network(NetworkCode.SignOn));

        Assert.Equal("58", f.SendOn(Stranger, Network(NetworkCode.SignOn))!.ResponseCode);
        f.Switch.OnConnectionClosed(Till);
        Assert.Equal("00", f.SendOn(Stranger, Network(NetworkCode.SignOn))!.ResponseCode);
        Assert.Equal("00", f.SendOn(Stranger, Purchase(1, 100_00))!.ResponseCode);
        Assert.Equal("58", f.SendOn(Till, Purchase(2, 100_00))!.ResponseCode); // a new connection with the old id would be someone else
    }

    [Fact]
    public void A_connection_that_signed_on_as_several_terminals_speaks_for_those_and_no_others()
    {
        var f = new AcquirerFixture();
        f.Switch.Terminals.Add("TERM0003", Merchant);
        Assert.Equal("00", f.SendOn(Till, Network(NetworkCode.SignOn))!.ResponseCode);
        Assert.Equal("00", f.SendOn(Till, Network(NetworkCode.SignOn, terminal: OtherTerminal))!.ResponseCode);

        Assert.Equal("00", f.SendOn(Till, Purchase(1, 10_00))!.ResponseCode);
        Assert.Equal("00", f.SendOn(Till, Purchase(2, 10_00, terminal: OtherTerminal))!.ResponseCode);
        Assert.Equal("58", f.SendOn(Till, Purchase(3, 10_00, terminal: "TERM0003"))!.ResponseCode);
        Assert.Equal(1, f.Switch.BoundConnections);

        f.Switch.OnConnectionClosed(Till);
        Assert.All(f.Switch.Terminals.All, t => Assert.Equal(0, t.BoundConnection));
    }

    [Fact]
    public void A_closed_connection_releases_its_terminal()
    {
        var f = new AcquirerFixture();
        f.SendOn(Till, Network(NetworkCode.SignOn));
        f.Switch.OnConnectionClosed(Till);

        Assert.Equal(0, f.Switch.BoundConnections);
        Assert.Equal(0, f.Switch.Terminals.All.First(t => t.TerminalId == Terminal).BoundConnection);
        Assert.Equal("00", f.SendOn(Stranger, Purchase(1, 100_00))!.ResponseCode); // sign-on not required here
    }

    [Fact]
    public void A_configured_host_link_speaks_for_many_terminals_and_binds_none()
    {
        var f = new AcquirerFixture(new SwitchOptions { HostLinks = ["10.0.0.7"], RequireSignOn = true });
        var host = TerminalAt(Terminal).Network(NetworkCode.SignOn, LocalStart, asHost: true);
        Assert.Equal("00", f.SendOn(Till, host, peer: "10.0.0.7")!.ResponseCode);

        Assert.Equal("00", f.SendOn(Till, Purchase(1, 100_00), peer: "10.0.0.7")!.ResponseCode);
        Assert.Equal("00", f.SendOn(Till, Purchase(2, 100_00, terminal: OtherTerminal), peer: "10.0.0.7")!.ResponseCode);
        Assert.Equal("00", f.SendOn(Till, Network(NetworkCode.SignOn, terminal: OtherTerminal), peer: "10.0.0.7")!.ResponseCode);
        Assert.Equal(0, f.Switch.BoundConnections);
    }

    [Fact]
    public void A_host_link_from_an_address_not_configured_is_an_ordinary_connection()
    {
        var f = new AcquirerFixture(new SwitchOptions { HostLinks = ["10.0.0.7"], RequireSignOn = true });
        Assert.Equal("58", f.SendOn(Till, Purchase(1, 100_00), peer: "10.0.0.8")!.ResponseCode);
    }

    [Fact]
    public void With_sign_on_required_an_unsigned_connection_may_only_sign_on_and_talk_about_the_link()
    {
        var f = new AcquirerFixture(new SwitchOptions { RequireSignOn = true });
        var purchase = Purchase(1, 100_00);

        Assert.Equal("58", f.SendOn(Till, purchase)!.ResponseCode);
        Assert.Equal("58", f.SendOn(Till, Reversal(purchase))!.ResponseCode);
        Assert.Equal("58", f.SendOn(Till, BatchTotals.Message())!.ResponseCode);
        Assert.Equal("00", f.SendOn(Till, TerminalAt(Terminal).Network(NetworkCode.Echo, LocalStart, asHost: true))!.ResponseCode);

        Assert.Equal("00", f.SendOn(Till, Network(NetworkCode.SignOn))!.ResponseCode);
        Assert.Equal("00", f.SendOn(Till, Purchase(2, 100_00))!.ResponseCode);
    }

    [Fact]
    public void Without_sign_on_required_an_unsigned_connection_transacts_for_a_terminal_nobody_signed_on_as()
    {
        var f = new AcquirerFixture();
        Assert.Equal("00", f.SendOn(Till, Purchase(1, 100_00))!.ResponseCode);
        Assert.Equal("00", f.SendOn(Stranger, Purchase(2, 100_00, terminal: OtherTerminal))!.ResponseCode);
        Assert.Equal(0, f.Switch.BoundConnections);
    }

    [Fact]
    public void The_connection_a_terminal_signed_on_from_transacts_reverses_closes_its_batch_and_signs_off()
    {
        var f = new AcquirerFixture(new SwitchOptions { RequireSignOn = true });
        f.SendOn(Till, Network(NetworkCode.SignOn));
        var purchase = Purchase(1, 100_00);
        Assert.Equal("00", f.SendOn(Till, purchase)!.ResponseCode);
        Assert.Equal("00", f.SendOn(Till, Reversal(purchase))!.ResponseCode);
        Assert.Equal("00", f.SendOn(Till, BatchTotals.Message())!.ResponseCode);
        Assert.Equal("00", f.SendOn(Till, Network(NetworkCode.SignOff))!.ResponseCode);
        Assert.Equal("58", f.SendOn(Till, Purchase(3, 100_00))!.ResponseCode); // signed off, as before
    }

    [Fact]
    public void A_reversal_from_a_connection_other_than_the_terminal_s_is_refused_58_and_the_purchase_stays_live()
    {
        var f = new AcquirerFixture();
        f.SendOn(Till, Network(NetworkCode.SignOn));
        var purchase = Purchase(1, 100_00);
        var rrn = f.SendOn(Till, purchase)!.Rrn!;

        Assert.Equal("58", f.SendOn(Stranger, Reversal(purchase))!.ResponseCode);
        Assert.True(f.Switch.FindLogged(Terminal, rrn)!.IsLive);
        Assert.Equal(900_00, f.Available(Card));
    }

    [Fact]
    public void In_process_callers_such_as_the_simulator_are_bound_by_nothing()
    {
        var f = new AcquirerFixture(new SwitchOptions { RequireSignOn = true });
        Assert.Equal("00", f.Send(Purchase(1, 100_00))!.ResponseCode);
        Assert.Equal("00", f.Send(Network(NetworkCode.SignOn))!.ResponseCode);
        Assert.Equal("00", f.Send(Purchase(2, 100_00, terminal: OtherTerminal))!.ResponseCode);
    }

    [Fact]
    public void A_bare_reversal_with_only_stan_and_terminal_is_refused_30_and_the_purchase_stays_live()
    {
        var f = new AcquirerFixture();
        var rrn = f.Send(Purchase(1, 100_00))!.Rrn!;
        var bare = new IsoMessage("0400") { Stan = 1, TerminalId = Terminal };

        Assert.Equal("30", f.Send(bare)!.ResponseCode);
        Assert.True(f.Switch.FindLogged(Terminal, rrn)!.IsLive);
        Assert.Equal(900_00, f.Available(Card));
    }

    [Fact]
    public void A_reversal_with_another_amount_than_the_original_s_is_refused_25_and_the_original_stays_approved()
    {
        var f = new AcquirerFixture();
        var purchase = Purchase(1, 100_00);
        var rrn = f.Send(purchase)!.Rrn!;
        var reversal = Reversal(purchase);
        reversal.AmountMinor = 1_00;

        Assert.Equal("25", f.Send(reversal)!.ResponseCode);
        Assert.True(f.Switch.FindLogged(Terminal, rrn)!.IsLive);
        Assert.Equal(1, f.Switch.ReversalMismatches);
        Assert.Empty(f.Switch.Queue);
    }

    [Fact]
    public void A_reversal_with_another_card_than_the_original_s_is_refused_25_and_the_original_stays_approved()
    {
        var f = new AcquirerFixture();
        var purchase = Purchase(1, 100_00);
        var rrn = f.Send(purchase)!.Rrn!;
        var reversal = Reversal(purchase);
        reversal.Pan = PoorCard;

        Assert.Equal("25", f.Send(reversal)!.ResponseCode);
        Assert.True(f.Switch.FindLogged(Terminal, rrn)!.IsLive);
        Assert.Equal(900_00, f.Available(Card));
    }

    [Fact]
    public void A_reversal_whose_field_90_names_another_request_is_not_matched_by_its_stan()
    {
        var f = new AcquirerFixture();
        var purchase = Purchase(1, 100_00);
        var rrn = f.Send(purchase)!.Rrn!;
        var reversal = Reversal(purchase);
        reversal.Set(IsoMessage.FieldOriginalData, new OriginalData("0200", 1, "0101000000").Format()); // another transmission time

        Assert.Equal("25", f.Send(reversal)!.ResponseCode);
        Assert.True(f.Switch.FindLogged(Terminal, rrn)!.IsLive);
    }

    [Fact]
    public void A_sweep_of_stans_with_the_right_amount_but_not_the_card_reverses_nothing()
    {
        var f = new AcquirerFixture();
        var rrns = Enumerable.Range(1, 5).Select(stan => f.Send(Purchase(stan, 10_00))!.Rrn!).ToList();
        for (var stan = 1; stan <= 25; stan++)
        {
            // Someone who knows the terminal id and guesses STANs and the amount, but holds another card.
            var guess = new IsoMessage("0400") { Stan = stan, TerminalId = Terminal, Pan = PoorCard, AmountMinor = 10_00 };
            Assert.Equal("25", f.Send(guess)!.ResponseCode);
        }

        Assert.All(rrns, rrn => Assert.True(f.Switch.FindLogged(Terminal, rrn)!.IsLive));
        Assert.Equal(1_000_00 - (5 * 10_00), f.Available(Card));
    }

    [Fact]
    public void A_refund_to_another_card_than_the_purchase_s_is_refused_12_and_the_purchase_stays_refundable()
    {
        var f = new AcquirerFixture();
        var rrn = f.Send(Purchase(1, 100_00))!.Rrn!;

        Assert.Equal("12", f.Send(Refund(2, 100_00, rrn, pan: PoorCard))!.ResponseCode);
        Assert.Equal(10_00, f.Available(PoorCard));
        Assert.Equal("00", f.Send(Refund(3, 100_00, rrn))!.ResponseCode);
    }

    [Fact]
    public void A_void_with_another_card_than_the_original_s_is_refused_12()
    {
        var f = new AcquirerFixture();
        var rrn = f.Send(Purchase(1, 100_00))!.Rrn!;

        Assert.Equal("12", f.Send(Void(2, 100_00, rrn, pan: PoorCard))!.ResponseCode);
        Assert.True(f.Switch.FindLogged(Terminal, rrn)!.IsLive);
    }
}
