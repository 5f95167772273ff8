using PosSim.Core.Switch;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Switch;

public class ReversalAndTimeoutTests
{
    [Fact]
    public void A_terminal_reversal_naming_the_original_in_field_90_releases_the_hold()
    {
        var f = new AcquirerFixture();
        var purchase = Purchase(1, 200_00);
        Assert.Equal("00", f.Send(purchase)!.ResponseCode);

        var response = f.Send(Reversal(purchase))!;

        Assert.Equal("0410", response.Mti);
        Assert.Equal("00", response.ResponseCode);
        Assert.Equal(1_000_00, f.Available(Card));
        var reversal = Assert.Single(f.Switch.Tranlog, e => e.Kind == TransactionKind.Reversal);
        Assert.Equal(f.Switch.Tranlog[0].Rrn, reversal.OriginalRrn);
        Assert.Equal(reversal.Rrn, f.Switch.Tranlog[0].CancelledBy);
        Assert.Empty(f.Switch.Queue); // the reversal advice was delivered and acknowledged
    }

    [Fact]
    public void A_reversal_of_something_never_seen_is_answered_25()
    {
        var f = new AcquirerFixture();
        Assert.Equal("25", f.Send(Reversal(Purchase(5, 100)))!.ResponseCode);
    }

    [Fact]
    public void A_request_that_arrives_after_its_own_reversal_is_refused_and_never_reaches_the_issuer()
    {
        var f = new AcquirerFixture();
        var purchase = Purchase(7, 350_00);
        Assert.Equal("25", f.Send(Reversal(purchase))!.ResponseCode); // the reversal overtook the purchase

        var late = f.Send(purchase)!;

        Assert.Equal("94", late.ResponseCode);
        Assert.Empty(f.Switch.Tranlog);
        Assert.Equal(1_000_00, f.Available(Card)); // no hold at the issuer
        Assert.Equal(1, f.Switch.Counters.ReversedBeforeArrival);
    }

    [Fact]
    public void A_reversal_of_something_never_seen_stops_holding_its_request_back_after_the_duplicate_window()
    {
        var f = new AcquirerFixture();
        var purchase = Purchase(8, 100_00);
        f.Send(Reversal(purchase));
        f.Advance(f.Switch.Options.DuplicateWindow + TimeSpan.FromSeconds(1));
        f.Send(Purchase(9, 1_00)); // any request slides the window

        Assert.Equal("00", f.Send(purchase)!.ResponseCode);
    }

    [Fact]
    public void A_repeated_reversal_is_answered_00_and_logged_once()
    {
        var f = new AcquirerFixture();
        var purchase = Purchase(1, 200_00);
        f.Send(purchase);
        f.Send(Reversal(purchase));
        Assert.Equal("00", f.Send(Reversal(purchase, "0401"))!.ResponseCode);
        Assert.Single(f.Switch.Tranlog, e => e.Kind == TransactionKind.Reversal);
    }

    [Fact]
    public void When_the_issuer_does_not_answer_the_terminal_gets_91_and_the_hold_is_reversed()
    {
        var f = new AcquirerFixture();
        f.EnableFaults();
        f.Faults.DropResponse = m => m.Mti == "0210"; // the issuer approves, the answer is lost

        var token = f.SendAsync(Purchase(1, 250_00));
        Assert.Null(f.ResponseTo(token));
        Assert.Equal(750_00, f.Available(Card)); // held at the issuer

        f.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal("91", f.ResponseTo(token)!.ResponseCode);
        Assert.Equal(1_000_00, f.Available(Card)); // the 0420 released it
        Assert.Equal(TransactionStatus.TimedOut, f.Switch.Tranlog[0].Status);
        Assert.Contains(f.Faults.SeenRequests, m => m.Mti == "0420");
        Assert.Empty(f.Switch.Queue);
        Assert.Equal(1, f.Switch.Counters.IssuerTimeouts);
    }

    [Fact]
    public void A_lost_reversal_advice_is_repeated_as_0421_with_backoff_until_acknowledged()
    {
        var f = new AcquirerFixture();
        f.EnableFaults();
        f.Faults.DropResponse = m => m.Mti == "0210";
        var lostAdvices = 0;
        f.Faults.DropRequest = m => m.Mti is "0420" or "0421" && lostAdvices++ < 2;

        f.SendAsync(Purchase(1, 250_00));
        f.Advance(TimeSpan.FromMinutes(2));

        var sent = f.Faults.SeenRequests.Where(m => m.Mti is "0420" or "0421").Select(m => m.Mti).ToList();
        Assert.Equal(["0420", "0421", "0421"], sent);
        Assert.Empty(f.Switch.Queue);
        Assert.Empty(f.Switch.Parked);
        Assert.Equal(1_000_00, f.Available(Card));
    }

    [Fact]
    public void A_reversal_that_never_gets_through_is_parked_and_does_not_block_the_others()
    {
        var f = new AcquirerFixture(new SwitchOptions { ReversalMaxTries = 3 });
        f.EnableFaults();
        f.Faults.DropResponse = m => m.Mti == "0210";
        f.Faults.DropRequest = m => m.Mti is "0420" or "0421" && m.Stan == 1; // poisoned

        f.SendAsync(Purchase(1, 100_00));
        f.SendAsync(Purchase(2, 200_00));
        f.Advance(TimeSpan.FromMinutes(5));

        var parked = Assert.Single(f.Switch.Parked);
        Assert.Equal(1, parked.Subject.Stan);
        Assert.Equal(3, parked.Tries);
        Assert.Empty(f.Switch.Queue);
        Assert.Equal(900_00, f.Available(Card)); // STAN 2 released; STAN 1's hold is still there for people to chase
    }

    [Fact]
    public void An_issuer_answer_after_the_timeout_is_recorded_not_dropped()
    {
        var f = new AcquirerFixture();
        f.EnableFaults();
        f.Faults.DelayResponse = m => m.Mti == "0210" ? TimeSpan.FromSeconds(8) : TimeSpan.Zero;

        var token = f.SendAsync(Purchase(1, 100_00));
        f.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("91", f.ResponseTo(token)!.ResponseCode);
        var entry = f.Switch.Tranlog[0];
        Assert.Equal("00", entry.LateIssuerResponseCode);
        Assert.Equal(1, f.Switch.Counters.LateResponses);
        Assert.Equal(1_000_00, f.Available(Card)); // and the queued reversal released the late approval
    }
}
