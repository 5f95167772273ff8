using Microsoft.Extensions.Time.Testing;
using CardIssuer = PosSim.Core.Issuer.CardIssuer;
using IssuerOptions = PosSim.Core.Issuer.IssuerOptions;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Host.Export;
using PosSim.Iso8583;
using PosSim.Iso8583.Cards;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Switch;

/// <summary>
/// Advices (0220): a terminal's offline approval is booked only for a valid card, in the terminal's currency, within
/// the stand-in limit; clearing pays for it only once the issuer accepted it, or under a declared stand-in policy.
/// </summary>
public class AdviceStandInTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(LocalStart.DateTime);

    private static IsoMessage Advice(int stan, long amount, string pan = Card)
    {
        var advice = Purchase(stan, amount, pan);
        advice.Mti = "0220";
        advice.AuthCode = "123456";
        return advice;
    }

    /// <summary>A Luhn-valid card under the test BIN that the issuer never issued.</summary>
    private static string UnknownCard()
    {
        const string partial = "476173900109999";
        return partial + Pan.LuhnDigit(partial);
    }

    [Fact]
    public void An_advice_over_the_stand_in_limit_is_refused_13_and_nothing_is_booked()
    {
        var f = new AcquirerFixture();
        Assert.Equal("13", f.Send(Advice(1, 999_999_99, PoorCard))!.ResponseCode);
        Assert.Empty(f.Switch.Tranlog);
        Assert.Empty(f.Switch.Queue);
        Assert.Equal(10_00, f.Available(PoorCard));
    }

    [Fact]
    public void The_stand_in_limit_is_the_switch_s_to_set()
    {
        var f = new AcquirerFixture(new SwitchOptions { StandInLimitMinor = 50_00 });
        Assert.Equal("13", f.Send(Advice(1, 50_01))!.ResponseCode);
        Assert.Equal("00", f.Send(Advice(2, 50_00))!.ResponseCode);
    }

    [Fact]
    public void An_advice_for_a_card_number_that_cannot_be_is_refused_14()
    {
        var f = new AcquirerFixture();
        Assert.Equal("14", f.Send(Advice(1, 10_00, "4761739001010118"))!.ResponseCode); // fails the Luhn check
        Assert.Empty(f.Switch.Tranlog);
    }

    [Fact]
    public void An_advice_for_a_card_the_switch_routes_to_no_issuer_is_refused_14()
    {
        var f = new AcquirerFixture(new SwitchOptions { IssuerBins = ["476173"] });
        Assert.Equal("14", f.Send(Advice(1, 10_00, "5500000000000004"))!.ResponseCode);
    }

    [Fact]
    public void An_advice_in_another_currency_than_the_terminal_s_is_refused_13()
    {
        var f = new AcquirerFixture();
        var advice = Advice(1, 10_00);
        advice.CurrencyCode = "840";
        Assert.Equal("13", f.Send(advice)!.ResponseCode);
        Assert.Empty(f.Switch.Tranlog);
    }

    [Fact]
    public void An_advice_with_an_expired_card_is_refused_54()
    {
        var f = new AcquirerFixture();
        Assert.Equal("54", f.Send(Advice(1, 10_00, ExpiredCard))!.ResponseCode);
        Assert.Empty(f.Switch.Tranlog);
    }

    [Fact]
    public void An_advice_the_issuer_accepted_is_cleared_and_posted_like_a_purchase()
    {
        var f = new AcquirerFixture();
        Assert.Equal("00", f.Send(Advice(1, 80_00))!.ResponseCode);
        Assert.Equal(AdviceOutcome.Accepted, f.Switch.Tranlog[0].Advice);

        var clearing = new Clearing(f.Ledger, f.Issuer);
        var presented = Assert.Single(clearing.Run(f.Switch.Tranlog, Today));
        Assert.False(presented.StandIn);
        Assert.Empty(clearing.Issues);
        Assert.Empty(clearing.Withheld);
    }

    [Fact]
    public void An_advice_for_a_card_the_issuer_never_issued_is_refused_by_it_and_never_paid_to_the_merchant()
    {
        var f = new AcquirerFixture();
        Assert.Equal("00", f.Send(Advice(1, 80_00, UnknownCard()))!.ResponseCode); // the switch cannot know the issuer's cards
        Assert.Equal(AdviceOutcome.Refused, f.Switch.Tranlog[0].Advice);

        var clearing = new Clearing(f.Ledger, f.Issuer);
        Assert.Empty(clearing.Run(f.Switch.Tranlog, Today));
        Assert.Same(f.Switch.Tranlog[0], Assert.Single(clearing.Withheld));
    }

    [Fact]
    public void An_advice_beyond_the_card_s_balance_is_refused_by_the_issuer_and_withheld_from_clearing()
    {
        var f = new AcquirerFixture();
        f.Send(Advice(1, 50_00, PoorCard));
        Assert.Equal(AdviceOutcome.Refused, f.Switch.Tranlog[0].Advice);
        Assert.Equal(10_00, f.Available(PoorCard));

        var clearing = new Clearing(f.Ledger, f.Issuer);
        Assert.Empty(clearing.Run(f.Switch.Tranlog, Today));
        Assert.Single(clearing.Withheld);
    }

    [Fact]
    public void An_advice_the_issuer_has_not_answered_is_neither_paid_nor_withheld_yet()
    {
        var f = new AcquirerFixture();
        f.EnableFaults();
        f.Faults.DropRequest = m => m.Mti is "0220" or "0221";
        f.Send(Advice(1, 80_00));
        Assert.Equal(AdviceOutcome.Pending, f.Switch.Tranlog[0].Advice);

        var clearing = new Clearing(f.Ledger, f.Issuer);
        Assert.Empty(clearing.Run(f.Switch.Tranlog, Today));
        Assert.Empty(clearing.Withheld);
    }

    [Fact]
    public void An_advice_that_never_reached_the_issuer_is_withheld_once_parked()
    {
        var f = new AcquirerFixture();
        f.EnableFaults();
        f.Faults.DropRequest = m => m.Mti is "0220" or "0221";
        f.Send(Advice(1, 80_00));
        f.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(AdviceOutcome.Undelivered, f.Switch.Tranlog[0].Advice);

        var clearing = new Clearing(f.Ledger, f.Issuer);
        Assert.Empty(clearing.Run(f.Switch.Tranlog, Today));
        Assert.Single(clearing.Withheld);
    }

    [Fact]
    public void Under_a_declared_stand_in_policy_an_unauthorised_advice_is_paid_and_flagged_in_clearing_csv()
    {
        var f = new AcquirerFixture();
        f.Send(Purchase(1, 10_00));
        f.Send(Advice(2, 80_00, UnknownCard()));

        var clearing = new Clearing(f.Ledger, f.Issuer, new SettlementOptions { StandIn = StandInPolicy.Pay });
        var presented = clearing.Run(f.Switch.Tranlog, Today);
        Assert.Equal([false, true], presented.Select(r => r.StandIn));
        Assert.Empty(clearing.Issues); // no hold to post: the acquirer bears it, by its own policy

        using var csv = new StringWriter();
        InterchangeExport.WriteClearing(csv, presented);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.EndsWith(",clearing_date,authorisation", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",issuer", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",stand-in", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_stand_in_payments_clearing_csv_keeps_its_version_1_columns()
    {
        var f = new AcquirerFixture();
        f.Send(Purchase(1, 10_00));
        var clearing = new Clearing(f.Ledger, f.Issuer);
        using var csv = new StringWriter();
        InterchangeExport.WriteClearing(csv, clearing.Run(f.Switch.Tranlog, Today));
        Assert.StartsWith("clearing_id,kind,rrn,terminal_id,merchant_id,auth_code,amount_minor,currency,business_date,clearing_date\n",
            csv.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void The_issuer_refuses_an_advice_over_its_own_stand_in_limit_13_and_holds_nothing()
    {
        var ledger = new Ledger.Ledger(new FakeTimeProvider(LocalStart.ToUniversalTime()));
        var issuer = new CardIssuer(ledger, new IssuerOptions { StandInLimitMinor = 50_00 });
        issuer.OpenBooks();
        var card = issuer.AddCard(Card, "2812", 1_000_00);
        var response = new IsoMessage();

        issuer.Handle(Advice(1, 80_00), response);
        Assert.Equal("13", response.ResponseCode);
        Assert.Equal(1_000_00, issuer.BalanceOf(card).Available);

        issuer.Handle(Advice(2, 50_00), response);
        Assert.Equal("00", response.ResponseCode);
    }
}
