using PosSim.Core.Switch;
using PosSim.Iso8583;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Switch;

public class FinancialRequestTests
{
    [Fact]
    public void An_approved_purchase_echoes_the_request_and_carries_rrn_approval_code_and_00()
    {
        var f = new AcquirerFixture();
        var request = Purchase(stan: 1, amount: 350_00);

        var response = f.Send(request)!;

        Assert.Equal("0210", response.Mti);
        foreach (var field in new[] { 3, 4, 7, 11, 12, 13, 41, 42, 49 })
        {
            Assert.Equal(request.GetString(field), response.GetString(field));
        }

        Assert.Matches("^[0-9]{12}$", response.Rrn);
        Assert.Matches("^[0-9]{6}$", response.AuthCode);
        Assert.Equal("00", response.ResponseCode);
        Assert.False(response.Has(2)); // the PAN is not sent back
    }

    [Fact]
    public void An_approved_purchase_holds_the_amount_on_the_card_without_moving_money()
    {
        var f = new AcquirerFixture();
        f.Send(Purchase(1, 350_00));
        Assert.True(f.Issuer.TryGetCard(Card, out var card));
        var balance = f.Issuer.BalanceOf(card);
        Assert.Equal(1_000_00, balance.Posted);
        Assert.Equal(650_00, balance.Available);
        Assert.Empty(f.Ledger.CheckInvariants());
    }

    [Fact]
    public void A_purchase_over_the_balance_is_declined_51_and_holds_nothing()
    {
        var f = new AcquirerFixture();
        Assert.Equal("51", f.Send(Purchase(1, 10_01, PoorCard))!.ResponseCode);
        Assert.Equal(10_00, f.Available(PoorCard));
        Assert.Equal("00", f.Send(Purchase(2, 10_00, PoorCard))!.ResponseCode);
    }

    [Theory]
    [InlineData("TERM9999", "58")]
    public void A_purchase_from_an_unlisted_terminal_is_refused_58(string terminal, string code)
    {
        var f = new AcquirerFixture();
        Assert.Equal(code, f.Send(Purchase(1, 100, terminal: terminal))!.ResponseCode);
        Assert.Empty(f.Switch.Tranlog);
    }

    [Fact]
    public void Unknown_and_expired_cards_are_declined_14_and_54()
    {
        var f = new AcquirerFixture();
        Assert.Equal("14", f.Send(Purchase(1, 100, "4000000000000002"))!.ResponseCode);
        Assert.Equal("54", f.Send(Purchase(2, 100, ExpiredCard))!.ResponseCode);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(11)]
    [InlineData(41)]
    public void A_purchase_missing_a_mandatory_field_is_answered_30(int missing)
    {
        var f = new AcquirerFixture();
        var request = Purchase(1, 100);
        request.Remove(missing);
        Assert.Equal("30", f.Send(request)!.ResponseCode);
    }

    [Fact]
    public void A_zero_amount_is_declined_13()
    {
        var f = new AcquirerFixture();
        var request = Purchase(1, 100);
        request.AmountMinor = 0; // no terminal builds one: TerminalMessages refuses it
        Assert.Equal("13", f.Send(request)!.ResponseCode);
    }

    [Fact]
    public void The_same_terminal_stan_and_amount_again_is_a_duplicate_94_and_holds_nothing_more()
    {
        var f = new AcquirerFixture();
        Assert.Equal("00", f.Send(Purchase(7, 100_00))!.ResponseCode);
        Assert.Equal("94", f.Send(Purchase(7, 100_00))!.ResponseCode);
        Assert.Equal(900_00, f.Available(Card));
        Assert.Equal("00", f.Send(Purchase(7, 100_00, terminal: OtherTerminal))!.ResponseCode); // another terminal's STAN 7
    }

    [Fact]
    public void After_the_duplicate_window_the_same_stan_and_amount_is_a_new_purchase()
    {
        var f = new AcquirerFixture();
        f.Send(Purchase(7, 100_00));
        f.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("00", f.Send(Purchase(7, 100_00))!.ResponseCode);
    }

    [Fact]
    public void A_refund_of_a_live_purchase_is_approved_up_to_its_amount_and_no_further()
    {
        var f = new AcquirerFixture();
        var rrn = f.Send(Purchase(1, 100_00))!.Rrn!;
        var first = f.Send(Refund(2, 60_00, rrn))!;
        Assert.Equal("00", first.ResponseCode);
        Assert.NotEqual(rrn, first.Rrn); // the refund has its own RRN
        Assert.Equal("13", f.Send(Refund(3, 40_01, rrn))!.ResponseCode);
        Assert.Equal("00", f.Send(Refund(4, 40_00, rrn))!.ResponseCode);
        var refunds = f.Switch.Tranlog.Where(e => e.Kind == TransactionKind.Refund && e.IsApproved).ToList();
        Assert.All(refunds, r => Assert.Equal(rrn, r.OriginalRrn));
    }

    [Fact]
    public void A_refund_naming_an_unknown_rrn_is_answered_25()
    {
        var f = new AcquirerFixture();
        Assert.Equal("25", f.Send(Refund(2, 100, "999999999999"))!.ResponseCode);
    }

    [Fact]
    public void A_void_in_the_open_batch_releases_the_hold_and_cancels_the_purchase()
    {
        var f = new AcquirerFixture();
        var rrn = f.Send(Purchase(1, 300_00))!.Rrn!;
        Assert.Equal(700_00, f.Available(Card));

        Assert.Equal("00", f.Send(Void(2, 300_00, rrn))!.ResponseCode);

        Assert.Equal(1_000_00, f.Available(Card));
        var purchase = f.Switch.Tranlog.Single(e => e.Rrn == rrn);
        Assert.False(purchase.IsLive);
        Assert.NotNull(purchase.CancelledBy);
    }

    [Fact]
    public void A_void_of_part_of_the_amount_is_declined_13()
    {
        var f = new AcquirerFixture();
        var rrn = f.Send(Purchase(1, 300_00))!.Rrn!;
        Assert.Equal("13", f.Send(Void(2, 100_00, rrn))!.ResponseCode);
    }

    [Fact]
    public void After_the_batch_closes_a_void_is_refused_12_and_a_refund_is_the_way_back()
    {
        var f = new AcquirerFixture();
        var rrn = f.Send(Purchase(1, 300_00))!.Rrn!;
        Assert.Equal("00", f.Send(BatchTotals.Message(debits: 1, debitAmount: 300_00))!.ResponseCode);
        Assert.Equal("12", f.Send(Void(2, 300_00, rrn))!.ResponseCode);
        Assert.Equal("00", f.Send(Refund(3, 300_00, rrn))!.ResponseCode);
    }
}

public class RoutingAndVoidRuleTests
{
    [Fact]
    public void A_card_outside_the_issuer_bins_is_declined_14_without_reaching_the_issuer()
    {
        var f = new AcquirerFixture(new SwitchOptions { IssuerBins = ["476173"] });
        f.EnableFaults();
        Assert.Equal("14", f.Send(AcquirerFixture.Purchase(1, 100, "5200000000000007"))!.ResponseCode);
        Assert.Empty(f.Faults.SeenRequests);
        Assert.Equal("00", f.Send(AcquirerFixture.Purchase(2, 100))!.ResponseCode);
    }

    [Fact]
    public void A_purchase_with_a_live_refund_cannot_be_voided()
    {
        var f = new AcquirerFixture();
        var rrn = f.Send(AcquirerFixture.Purchase(1, 100_00))!.Rrn!;
        f.Send(AcquirerFixture.Refund(2, 30_00, rrn));
        Assert.Equal("12", f.Send(AcquirerFixture.Void(3, 100_00, rrn))!.ResponseCode);
        Assert.True(f.Switch.Tranlog.Single(e => e.Rrn == rrn).IsLive);
    }
}
