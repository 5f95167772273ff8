using FsCheck;
using FsCheck.Fluent;
using PosSim.Core.Switch;

namespace PosSim.Core.Tests.Settlement;

/// <summary>
/// Random but well-behaved POS traffic for the settlement properties: sales, partial refunds of live sales,
/// same-batch voids of sales not refunded, immediate reversals, on any day of the week between 08:00 and 22:50,
/// with every terminal closing its batch in balance at 22:55. The world it makes owes nobody an exception:
/// whatever the matcher finds must come from the settlement side.
/// </summary>
internal static class Traffic
{
    public enum Op
    {
        Purchase,
        Refund,
        Void,
        Reverse,
    }

    public readonly record struct Step(Op Op, int Terminal, int Amount, int Pick, int GapMinutes);

    public static Gen<Step> StepGen { get; } =
        from op in Gen.Frequency((8, Gen.Constant(Op.Purchase)), (2, Gen.Constant(Op.Refund)), (1, Gen.Constant(Op.Void)), (1, Gen.Constant(Op.Reverse)))
        from terminal in Gen.Choose(0, 1000)
        from amount in Gen.Frequency((6, Gen.Choose(1, 500_00)), (1, Gen.Choose(1, 200)), (1, Gen.Choose(500_00, 5_000_00)))
        from pick in Gen.Choose(0, 1000)
        from gap in Gen.Frequency((6, Gen.Choose(0, 30)), (2, Gen.Choose(30, 240)), (1, Gen.Choose(240, 1440)))
        select new Step(op, terminal, amount, pick, gap);

    /// <summary>Plays all the steps from the world's current time, then closes the last day's batches.</summary>
    public static void Play(SettlementWorld w, IEnumerable<Step> steps)
    {
        var player = new Player(w);
        foreach (var step in steps)
        {
            player.Play(step);
        }

        player.Finish();
    }

    /// <summary>Plays steps one at a time, remembering which sales may still be refunded or voided.</summary>
    public sealed class Player(SettlementWorld w)
    {
        private readonly List<TranlogEntry> _purchases = [];
        private readonly HashSet<long> _refunded = [];
        private TranlogEntry? _justSent;

        public void Play(Step step)
        {
            // A terminal reverses at once what got no answer; a reversal the next day is a break of its own.
            MoveOn(w, step.Op == Op.Reverse ? 0 : step.GapMinutes);
            var terminal = w.Terminals[step.Terminal % w.Terminals.Count];
            var previous = _justSent;
            _justSent = null;
            switch (step.Op)
            {
                case Op.Purchase:
                    _justSent = w.Purchase(terminal, step.Amount).Entry;
                    if (_justSent is { IsApproved: true } sale)
                    {
                        _purchases.Add(sale);
                    }

                    break;
                case Op.Refund when Pick(_purchases, step.Pick, p => p.IsLive) is { } original:
                    var refundable = original.AmountMinor - Refunded(w, original);
                    if (refundable > 0)
                    {
                        _justSent = w.Refund(original, 1 + (step.Amount % refundable)).Entry;
                        _refunded.Add(original.TxnId);
                    }

                    break;
                case Op.Void when Pick(_purchases, step.Pick, p => p.IsLive && !_refunded.Contains(p.TxnId)) is { } original:
                    w.Void(original);
                    break;
                case Op.Reverse when previous is not null:
                    // Only what the step before sent (a later reversal of cleared money is cleared-after-reversal, and unbalances its batch).
                    w.Reverse(previous);
                    break;
            }
        }

        /// <summary>Finishes the day as every other: batches closed before the cut-over.</summary>
        public void Finish()
        {
            MoveOn(w, 0);
            w.AdvanceTo(w.LocalNow.Date.AddHours(22).AddMinutes(55));
            w.CloseBatches();
        }
    }

    private static void MoveOn(SettlementWorld w, int minutes)
    {
        var now = w.LocalNow;
        var next = now.AddMinutes(minutes);
        var close = now.Date.AddHours(22).AddMinutes(50);
        if (now < now.Date.AddHours(8))
        {
            w.AdvanceTo(now.Date.AddHours(8));
            return;
        }

        if (next <= close)
        {
            w.AdvanceTo(next);
            return;
        }

        // The evening: close every batch, let the cut-over run, start again at 08:00 the next morning.
        w.AdvanceTo(now.Date.AddHours(22).AddMinutes(55));
        w.CloseBatches();
        w.AdvanceTo(now.Date.AddDays(1).AddHours(8));
    }

    private static long Refunded(SettlementWorld w, TranlogEntry purchase) =>
        w.Switch.Tranlog.Where(e => e.Kind == TransactionKind.Refund && e.IsLive && e.TerminalId == purchase.TerminalId && e.OriginalRrn == purchase.Rrn)
            .Sum(e => e.AmountMinor);

    private static TranlogEntry? Pick(List<TranlogEntry> from, int pick, Func<TranlogEntry, bool> fits)
    {
        var candidates = from.Where(fits).ToList();
        return candidates.Count == 0 ? null : candidates[pick % candidates.Count];
    }
}
