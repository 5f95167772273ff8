using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Iso8583;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Switch;

/// <summary>
/// A switch that dies and comes back rebuilds itself from what its stores hold (<see cref="AcquirerSwitch.Restart"/>):
/// every rule that needs the past must still see it, and what only lived in memory is gone.
/// </summary>
public class RestartTests
{
    [Fact]
    public void A_purchase_approved_before_a_restart_can_be_refunded_and_voided_after_it()
    {
        var f = new AcquirerFixture();
        var first = f.Send(Purchase(1, 300_00))!;
        var second = f.Send(Purchase(2, 100_00))!;

        Restart(f);

        Assert.Equal("00", f.Send(Refund(3, 100_00, first.Rrn!))!.ResponseCode);
        Assert.Equal("13", f.Send(Refund(4, 250_00, first.Rrn!))!.ResponseCode); // 100.00 of 300.00 refunded already
        Assert.Equal("00", f.Send(Void(5, 100_00, second.Rrn!))!.ResponseCode);
        Assert.Equal(1_000_00 - 300_00, f.Available(Card)); // the refund is a pending credit, not available yet
    }

    [Fact]
    public void A_retransmission_of_a_purchase_approved_before_a_restart_is_still_refused_as_a_duplicate()
    {
        var f = new AcquirerFixture();
        var purchase = Purchase(1, 50_00);
        Assert.Equal("00", f.Send(purchase)!.ResponseCode);

        Restart(f);

        Assert.Equal("94", f.Send(purchase)!.ResponseCode);
        Assert.Equal(1_000_00 - 50_00, f.Available(Card)); // one hold, not two
    }

    [Fact]
    public void The_open_batch_survives_a_restart_and_closes_in_balance()
    {
        var f = new AcquirerFixture();
        f.Send(Purchase(1, 120_00));
        var refunded = f.Send(Purchase(2, 80_00))!;
        f.Send(Refund(3, 30_00, refunded.Rrn!));

        Restart(f);

        Assert.Equal("00", f.Send(BatchTotals.Message(2, 200_00, 1, 30_00))!.ResponseCode);
        Assert.Equal(2, f.Switch.Terminals.All.Single(t => t.TerminalId == AcquirerFixture.Terminal).BatchNumber);
    }

    [Fact]
    public void A_batch_closed_before_a_restart_stays_closed()
    {
        var f = new AcquirerFixture();
        var purchase = f.Send(Purchase(1, 120_00))!;
        Assert.Equal("00", f.Send(BatchTotals.Message(1, 120_00))!.ResponseCode);

        Restart(f);

        Assert.Equal(2, f.Switch.Terminals.All.Single(t => t.TerminalId == AcquirerFixture.Terminal).BatchNumber);
        Assert.Equal("12", f.Send(Void(2, 120_00, purchase.Rrn!))!.ResponseCode); // its batch is closed: refund, not void
        Assert.Equal("00", f.Send(BatchTotals.Message())!.ResponseCode); // the new batch is empty
    }

    [Fact]
    public void Numbers_handed_out_before_a_restart_are_never_handed_out_again()
    {
        var f = new AcquirerFixture();
        f.EnableFaults();
        f.Send(Purchase(1, 10_00));
        f.Faults.DelayResponse = _ => TimeSpan.FromSeconds(3);
        f.SendAsync(Purchase(2, 20_00)); // at the issuer when the switch dies: its RRN was sent to the issuer
        var lostRrn = f.Faults.SeenRequests[^1].Rrn;
        f.Faults.DelayResponse = _ => TimeSpan.Zero;

        var report = Restart(f);

        var after = f.Send(Purchase(3, 30_00))!;
        Assert.Equal(lostRrn, Assert.Single(report.LostInFlight).Rrn);
        Assert.NotEqual(lostRrn, after.Rrn);
        Assert.Equal(f.Switch.Tranlog.Count, f.Switch.Tranlog.Select(e => e.Rrn).Distinct().Count());
        Assert.True(f.Switch.Tranlog[^1].TxnId > report.LostInFlight[0].TxnId);
    }

    [Fact]
    public void A_request_at_the_issuer_when_the_switch_dies_is_lost_and_its_late_answer_matches_nothing()
    {
        var f = new AcquirerFixture();
        f.EnableFaults();
        f.Faults.DelayResponse = _ => TimeSpan.FromSeconds(30); // the answer comes after the restart
        var token = f.SendAsync(Purchase(1, 40_00));

        var report = Restart(f, downFor: TimeSpan.FromSeconds(2));
        f.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(1, Assert.Single(report.LostInFlight).Stan);
        Assert.Null(f.ResponseTo(token)); // the terminal heard nothing: its connection died with the process
        Assert.Empty(f.Switch.Tranlog);
        Assert.Equal(1, f.Switch.Counters.UnmatchedResponses);
        Assert.Equal(1_000_00 - 40_00, f.Available(Card)); // the issuer still holds it: nothing at the acquirer will release it
    }

    [Fact]
    public void Reversal_advices_waiting_for_the_issuer_are_sent_again_after_a_restart_and_not_twice_by_old_timers()
    {
        var f = new AcquirerFixture(new SwitchOptions { ReversalMaxTries = 100 });
        f.EnableFaults();
        f.Faults.DropResponse = m => m.Mti is "0210" or "0430"; // approved, but the switch hears nothing: it times out and reverses
        f.SendAsync(Purchase(1, 70_00));
        f.Advance(f.Switch.Options.IssuerTimeout + TimeSpan.FromSeconds(1));
        Assert.Single(f.Switch.Queue);
        f.Faults.DropRequest = m => m.Mti is "0420" or "0421"; // and the reversals do not get through for now

        var report = Restart(f, downFor: TimeSpan.FromSeconds(1));
        Assert.Equal(1, report.AdvicesResent);
        var sentAtRestart = f.Faults.SeenRequests.Count(m => m.Mti is "0420" or "0421");
        f.Advance(f.Switch.Options.ReversalAckTimeout - TimeSpan.FromMilliseconds(500));
        Assert.Equal(sentAtRestart, f.Faults.SeenRequests.Count(m => m.Mti is "0420" or "0421")); // no extra send from a timer of the dead process

        f.Faults.DropRequest = _ => false;
        f.Faults.DropResponse = _ => false;
        f.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(f.Switch.Queue);
        Assert.Equal(1_000_00, f.Available(Card)); // the hold is released after all
    }

    [Fact]
    public void While_the_switch_is_down_requests_get_no_answer_and_timers_do_nothing()
    {
        var f = new AcquirerFixture();
        f.Acquirer.CrashSwitch();

        var token = f.SendAsync(Purchase(1, 10_00));
        f.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(f.ResponseTo(token));
        Assert.Equal(0, f.Switch.Counters.Requests);
        Assert.Equal(1_000_00, f.Available(Card));
    }

    [Fact]
    public void Clearing_after_a_restart_presents_every_live_transaction_once()
    {
        var f = new AcquirerFixture();
        var office = new BackOffice(f.Switch, f.Ledger, issuer: f.Issuer);
        office.CatchUp(f.Clock.GetUtcNow());
        f.EnableFaults();
        f.Send(Purchase(1, 10_00));
        f.Faults.DelayResponse = _ => TimeSpan.FromMinutes(1);
        f.SendAsync(Purchase(2, 20_00)); // lost in the restart: a gap in the rows the switch rebuilds
        f.Faults.DelayResponse = _ => TimeSpan.Zero;
        f.Send(Purchase(3, 30_00));

        Restart(f);
        f.Send(Purchase(4, 40_00));
        f.Clock.Advance(TimeSpan.FromHours(10)); // past 23:00 local: the business date closes
        var cleared = office.CatchUp(f.Clock.GetUtcNow()).SelectMany(r => r.Cleared).ToList();

        Assert.Equal([10_00, 30_00, 40_00], cleared.Select(c => c.AmountMinor).Order());
    }

    [Fact]
    public void Recover_refuses_a_switch_that_has_already_handled_requests()
    {
        var f = new AcquirerFixture();
        f.Send(Purchase(1, 10_00));

        Assert.Throws<InvalidOperationException>(() => f.Switch.Recover(f.Switch.StoredState));
    }

    [Fact]
    public void A_new_switch_recovered_from_the_stored_state_answers_as_the_old_one_would()
    {
        var f = new AcquirerFixture();
        var purchase = f.Send(Purchase(1, 300_00))!;
        var stored = f.Switch.StoredState;

        var g = new AcquirerFixture();
        g.Switch.Recover(stored);

        Assert.Equal(300_00, g.Switch.Terminals.All.Single(t => t.TerminalId == AcquirerFixture.Terminal).DebitAmount);
        Assert.Equal("13", g.Send(Refund(2, 300_01, purchase.Rrn!))!.ResponseCode); // more than the purchase: it knows the original
        Assert.Equal(stored.LastIssuedTxnId + 1, g.Send(Purchase(3, 1_00)) is { ResponseCode: "00" } ? g.Switch.Tranlog[^1].TxnId : -1);
    }

    private static SwitchRestartReport Restart(AcquirerFixture f, TimeSpan? downFor = null)
    {
        f.Acquirer.CrashSwitch();
        f.Advance(downFor ?? TimeSpan.FromSeconds(5));
        return f.Acquirer.RestartSwitch();
    }
}
