using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using AuthorizationKind = PosSim.Core.Issuer.AuthorizationKind;
using AuthorizationStatus = PosSim.Core.Issuer.AuthorizationStatus;
using PosSim.Core.Switch;
using PosSim.Iso8583;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Switch;

/// <summary>
/// Random traffic (purchases, refunds, voids, reversals) over a link that drops and delays messages at
/// random. Once the network heals and the store-and-forward queue drains, the switch and the issuer must
/// agree on every transaction: what the switch counts as live is exactly what the issuer still holds. With
/// switch restarts among the traffic, the one difference allowed is the requests a restart reported lost (they
/// were at the issuer, never written): the issuer may hold those, and nothing else the switch does not know.
/// </summary>
public class SwitchIssuerAgreementProperties
{
    public enum Op
    {
        Purchase,
        Refund,
        Void,
        Reversal,
        Wait,
        Restart,
    }

    private static readonly Gen<(Op Op, int Card, int Amount, int Pick)> Step = Steps(restarts: 0);

    private static readonly Gen<(Op Op, int Card, int Amount, int Pick)> StepWithRestarts = Steps(restarts: 1);

    private static Gen<(Op Op, int Card, int Amount, int Pick)> Steps(int restarts) =>
        from op in Gen.Frequency(
            (6, Gen.Constant(Op.Purchase)),
            (2, Gen.Constant(Op.Refund)),
            (2, Gen.Constant(Op.Void)),
            (2, Gen.Constant(Op.Reversal)),
            (2, Gen.Constant(Op.Wait)),
            (restarts, Gen.Constant(Op.Restart)))
        from card in Gen.Choose(0, 1)
        from amount in Gen.Choose(1, 400_00)
        from pick in Gen.Choose(0, 1000)
        select (op, card, amount, pick);

    [Property(MaxTest = 150)]
    public Property Switch_and_issuer_agree_once_the_queue_drains()
    {
        var scenario = Gen.Zip(Gen.ListOf(Step), Gen.Choose(0, int.MaxValue)).ToArbitrary();
        return Prop.ForAll(scenario, s => Check(s.Item1, s.Item2));
    }

    [Property(MaxTest = 150)]
    public Property Switch_and_issuer_agree_across_restarts_but_for_what_each_restart_reported_lost()
    {
        var scenario = Gen.Zip(Gen.ListOf(StepWithRestarts), Gen.Choose(0, int.MaxValue)).ToArbitrary();
        return Prop.ForAll(scenario, s => Check(s.Item1, s.Item2));
    }

    private static bool Check(IList<(Op Op, int Card, int Amount, int Pick)> steps, int seed)
    {
        var f = new AcquirerFixture(new SwitchOptions { ReversalMaxTries = 1_000 });
        var random = new Random(seed);
        f.EnableFaults();
        f.Faults.DropRequest = _ => random.NextDouble() < 0.1;
        f.Faults.DropResponse = _ => random.NextDouble() < 0.1;
        f.Faults.DelayResponse = _ => random.NextDouble() < 0.1 ? TimeSpan.FromSeconds(random.Next(1, 12)) : TimeSpan.Zero;

        var cards = new[] { Card, PoorCard };
        var sent = new List<IsoMessage>();
        var lost = new List<TranlogEntry>(); // what restarts reported lost
        var stan = 0;
        foreach (var (op, cardIndex, amount, pick) in steps)
        {
            if (op == Op.Restart)
            {
                f.Acquirer.CrashSwitch();
                f.Advance(TimeSpan.FromSeconds(1 + (pick % 20)));
                lost.AddRange(f.Acquirer.RestartSwitch().LostInFlight);
                continue;
            }

            var approved = f.Switch.Tranlog.Where(e => e.IsApproved && e.Kind == TransactionKind.Purchase).ToList();
            IsoMessage? request = op switch
            {
                Op.Purchase => Purchase(++stan, amount, cards[cardIndex]),
                Op.Refund when approved.Count > 0 => RefundOf(approved[pick % approved.Count], ++stan, amount),
                Op.Void when approved.Count > 0 => VoidOf(approved[pick % approved.Count], ++stan),
                Op.Reversal when sent.Count > 0 => Reversal(sent[pick % sent.Count]),
                _ => null,
            };
            if (request is null)
            {
                f.Advance(TimeSpan.FromSeconds(1 + (pick % 10)));
                continue;
            }

            sent.Add(request);
            f.SendAsync(request);
        }

        // Heal the network and let every timer and queued advice run out.
        f.Faults.DropRequest = _ => false;
        f.Faults.DropResponse = _ => false;
        f.Faults.DelayResponse = _ => TimeSpan.Zero;
        f.Advance(TimeSpan.FromMinutes(30));

        Assert.Empty(f.Switch.Queue);
        Assert.Empty(f.Ledger.CheckInvariants());

        // Every hold the issuer has is live at the switch, or was a request a restart reported lost; every live
        // transaction at the switch is held at the issuer, or a lost void released it behind the switch's back.
        var held = f.Issuer.Authorizations.Where(a => a.Status == AuthorizationStatus.Held).ToList();
        var heldKeys = held.Select(a => (a.Key.TerminalId, a.Key.Stan)).ToHashSet();
        var live = f.Switch.Tranlog.Where(e => e.IsLive).ToList();
        var liveKeys = live.Select(e => (e.TerminalId, e.Stan)).ToHashSet();
        var releasedByLostVoid = lost.Where(l => l.Kind == TransactionKind.Void).Select(l => l.OriginalRrn).ToHashSet();
        Assert.All(held, a => Assert.True(liveKeys.Contains((a.Key.TerminalId, a.Key.Stan)) || lost.Any(l => (l.TerminalId, l.Stan) == (a.Key.TerminalId, a.Key.Stan)),
            $"the issuer holds {a.Amount} for STAN {a.Key.Stan} that the switch neither counts live nor lost"));
        Assert.All(live, e => Assert.True(heldKeys.Contains((e.TerminalId, e.Stan)) || releasedByLostVoid.Contains(e.Rrn),
            $"the switch counts {e.Kind} {e.Rrn} live but the issuer holds nothing for it"));
        var debits = 0L;
        var credits = 0L;
        foreach (var pan in cards)
        {
            Assert.True(f.Issuer.TryGetCard(pan, out var card));
            debits += f.Issuer.BalanceOf(card).DebitsPending;
            credits += f.Issuer.BalanceOf(card).CreditsPending;
        }

        Assert.Equal(held.Where(a => a.Kind == AuthorizationKind.Purchase).Sum(a => a.Amount), debits);
        Assert.Equal(held.Where(a => a.Kind == AuthorizationKind.Refund).Sum(a => a.Amount), credits);
        if (lost.Count == 0)
        {
            Assert.Equal(live.Where(e => e.Kind == TransactionKind.Purchase).Sum(e => e.AmountMinor), debits);
            Assert.Equal(live.Where(e => e.Kind == TransactionKind.Refund).Sum(e => e.AmountMinor), credits);
        }

        return true;
    }

    private static IsoMessage RefundOf(TranlogEntry purchase, int stan, int amount) =>
        Refund(stan, Math.Min(amount, purchase.AmountMinor), purchase.Rrn, PanOf(purchase));

    private static IsoMessage VoidOf(TranlogEntry purchase, int stan) => Void(stan, purchase.AmountMinor, purchase.Rrn, PanOf(purchase));

    private static string PanOf(TranlogEntry entry) => entry.PanMasked.EndsWith(Card[^4..], StringComparison.Ordinal) ? Card : PoorCard;
}
