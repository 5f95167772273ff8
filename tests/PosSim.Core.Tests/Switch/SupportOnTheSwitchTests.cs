using PosSim.Core.Issuer;
using PosSim.Core.Switch;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Switch;

/// <summary>What the switch does for support: refund windows per merchant agreement, and the back office's hold release.</summary>
public sealed class SupportOnTheSwitchTests
{
    [Fact]
    public void A_refund_inside_the_merchants_window_is_approved_and_one_day_past_it_is_refused_12()
    {
        var inside = new AcquirerFixture();
        inside.Switch.SetRefundWindow(Merchant, 30);
        var rrn = inside.Send(Purchase(1, 100_00))!.Rrn!;
        inside.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal("00", inside.Send(Refund(2, 10_00, rrn))!.ResponseCode);

        var past = new AcquirerFixture();
        past.Switch.SetRefundWindow(Merchant, 30);
        rrn = past.Send(Purchase(1, 100_00))!.Rrn!;
        past.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal("12", past.Send(Refund(2, 10_00, rrn))!.ResponseCode);
    }

    [Fact]
    public void A_merchant_window_longer_than_the_switch_default_keeps_the_original_refundable()
    {
        var f = new AcquirerFixture(new SwitchOptions { RefundWindow = TimeSpan.FromDays(3) });
        f.Switch.SetRefundWindow(Merchant, 10);
        var rrn = f.Send(Purchase(1, 100_00))!.Rrn!;
        var date = f.Switch.Tranlog[0].BusinessDate;
        f.Clock.Advance(TimeSpan.FromDays(8));
        f.Switch.OnBusinessDateCleared(date.AddDays(7));
        Assert.Equal("00", f.Send(Refund(2, 10_00, rrn))!.ResponseCode);
    }

    [Fact]
    public void Releasing_a_hold_logs_an_approved_reversal_cancels_the_sale_and_the_issuer_releases_the_money()
    {
        var f = new AcquirerFixture();
        var before = f.Available(AcquirerFixture.Card);
        var rrn = f.Send(Purchase(1, 100_00))!.Rrn!;
        Assert.Equal(before - 100_00, f.Available(AcquirerFixture.Card));

        var released = f.Acquirer.ReleaseHold(AcquirerFixture.Terminal, rrn, AcquirerFixture.Card);
        f.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(released.Refusal);
        var reversal = released.Reversal!;
        Assert.Equal(TransactionKind.Reversal, reversal.Kind);
        Assert.Equal(rrn, reversal.OriginalRrn);
        Assert.True(reversal.IsApproved);
        Assert.Equal(reversal.Rrn, f.Switch.FindLogged(AcquirerFixture.Terminal, rrn)!.CancelledBy);
        Assert.Equal(before, f.Available(AcquirerFixture.Card));
        Assert.Contains(f.Issuer.Authorizations, a => a.Rrn == rrn && a.Status == AuthorizationStatus.Released);
        Assert.Empty(f.Switch.Queue); // acknowledged by the issuer
    }

    [Fact]
    public void A_hold_is_released_once_and_an_unknown_sale_is_refused_with_the_reason()
    {
        var f = new AcquirerFixture();
        var rrn = f.Send(Purchase(1, 100_00))!.Rrn!;
        Assert.Null(f.Acquirer.ReleaseHold(AcquirerFixture.Terminal, rrn, AcquirerFixture.Card).Refusal);

        Assert.Contains("already reversed", f.Acquirer.ReleaseHold(AcquirerFixture.Terminal, rrn, AcquirerFixture.Card).Refusal, StringComparison.Ordinal);
        Assert.Contains("no purchase 999999999999", f.Acquirer.ReleaseHold(AcquirerFixture.Terminal, "999999999999", AcquirerFixture.Card).Refusal, StringComparison.Ordinal);
        Assert.Single(f.Switch.Tranlog, e => e.Kind == TransactionKind.Reversal);
    }

    [Fact]
    public void A_qr_payment_is_refunded_the_way_it_came_and_booked_as_qr()
    {
        var f = new AcquirerFixture();
        var sale = new Iso8583.IsoMessage();
        TerminalAt(AcquirerFixture.Terminal, 1).WritePurchase(sale, ReadCard(AcquirerFixture.Card), 80_00, LocalStart, qr: true);
        var rrn = f.Send(sale)!.Rrn!;
        var refund = new Iso8583.IsoMessage();
        TerminalAt(AcquirerFixture.Terminal, 2).WriteRefund(refund, ReadCard(AcquirerFixture.Card), 30_00, rrn, LocalStart, qr: true);

        Assert.Equal("00", f.Send(refund)!.ResponseCode);
        var booked = f.Switch.Tranlog.Single(e => e.Kind == TransactionKind.Refund);
        Assert.Equal("qr", booked.Channel);
        Assert.Equal(rrn, booked.OriginalRrn);
    }
}
