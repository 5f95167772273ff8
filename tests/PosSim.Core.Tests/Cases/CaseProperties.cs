using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Core.Cases;
using static PosSim.Core.Tests.Cases.CaseWorld;

namespace PosSim.Core.Tests.Cases;

/// <summary>
/// Random steps, in random order with random values, against records that change underneath: whatever is tried, the
/// case only ever moves along the procedure, and what it sends to be processed is always money that can go that way.
/// </summary>
public class CaseProperties
{
    private static readonly Gen<CaseAction> Actions =
        from kind in Gen.Choose(0, 9)
        from money in Gen.Elements(Enum.GetValues<MoneyState>())
        from path in Gen.Elements(Enum.GetValues<ResolutionPath>())
        from amount in Gen.Choose(-10, 400_00)
        from minutes in Gen.Choose(0, 300_000)
        from approve in Gen.Elements(true, false)
        select kind switch
        {
            0 => new ConfirmRecords("a", Now, Terminal, amount % 2 == 0 ? Rrn : "000000000000"),
            1 => new Diagnose("a", Now, money),
            2 => new ContactCustomer("a", Now, path, DateOnly.FromDateTime(Now), ""),
            3 => new ApplyForRefund("a", Now, Application(path, amount, amount % 3 == 0 ? "476173******9999" : null)),
            4 => new SubmitForReview("a", Now),
            5 => new Review("r", Now.AddMinutes(minutes), approve, approve ? "" : "no"),
            6 => new RecordResolution("s", Now, new ResolutionOutcome(path, amount, amount % 2 == 0 ? "T-1" : "")),
            7 => new Escalate("a", Now, amount % 5 == 0 ? "" : "stuck"),
            8 => new CloseWithoutRefund("a", Now, ""),
            _ => (CaseAction)new Diagnose("a", Now, money),
        };

    private static readonly Gen<(MoneyState Money, long Refunded)> Changes =
        from money in Gen.Elements(Enum.GetValues<MoneyState>())
        from refunded in Gen.Choose(0, 350_00)
        select (money, (long)refunded);

    [Property(MaxTest = 500)]
    public Property A_case_moves_only_along_the_procedure_and_only_sends_money_where_it_can_go() =>
        Prop.ForAll(Gen.ListOf(Gen.Zip(Actions, Gen.Frequency((4, Gen.Constant<(MoneyState, long)?>(null)), (1, Changes.Select(c => ((MoneyState, long)?)c))))).ToArbitrary(), steps =>
        {
            var world = new CaseWorld(MoneyState.HeldAtIssuer);
            var c = Open();
            var replay = new List<CaseAction>();
            foreach (var (action, change) in steps)
            {
                if (change is { } ch)
                {
                    world.Put(world.Current with { Money = ch.Item1, RefundedMinor = ch.Item2, Cancelled = ch.Item1 is MoneyState.Reversed });
                }

                var decision = CaseEngine.Apply(c, action, world, CasePolicy.Default);
                if (!decision.Accepted)
                {
                    Assert.Same(c, decision.Case);
                    continue;
                }

                var before = c.Stage;
                c = decision.Case;
                Assert.True(Allowed(before, c.Stage), $"{before} -> {c.Stage} by {action.GetType().Name}");
                if (decision.Command is { } command)
                {
                    var t = world.Current;
                    Assert.True(CaseEngine.Fits(command.Path, t.Money), $"{command.Path} from {t.Money}");
                    Assert.InRange(command.AmountMinor, 1, t.RefundableMinor);
                    Assert.True(command.Path != ResolutionPath.RefundFromMerchant || t.Money == MoneyState.Paid);
                }

                Assert.Equal(replay.Count + 1, c.Audit.Count - 1); // one audit line per accepted step, after the opening
                replay.Add(action);
            }

            Assert.True(c.Stage != CaseStage.Completed || c.Outcome is { Done: true } || c.Diagnosis is MoneyState.Declined or MoneyState.Reversed);
        });

    /// <summary>The moves the procedure allows: one step on, back to amend after a rejection, staying to amend or after a failed resolution, and escalation from anywhere open.</summary>
    private static bool Allowed(CaseStage from, CaseStage to) =>
        to == CaseStage.Escalated ||
        (int)to == (int)from + 1 ||
        (from, to) is (CaseStage.UnderReview, CaseStage.RefundAppliedFor) or (CaseStage.RefundAppliedFor, CaseStage.RefundAppliedFor)
            or (CaseStage.Processing, CaseStage.Processing) or (CaseStage.Processing, CaseStage.Completed) or (CaseStage.Diagnosed, CaseStage.Completed);
}
