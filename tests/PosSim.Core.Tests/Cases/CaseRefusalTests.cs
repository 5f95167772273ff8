using PosSim.Core.Cases;
using static PosSim.Core.Tests.Cases.CaseWorld;

namespace PosSim.Core.Tests.Cases;

/// <summary>Every step out of its turn, every step that contradicts the records, and every kind of bad application is refused with its reason.</summary>
public class CaseRefusalTests
{
    private static readonly IReadOnlyList<CaseAction> Steps = Procedure(MoneyState.HeldAtIssuer, ResolutionPath.ReleaseHold);

    /// <summary>Each stage the procedure passes (reached by the first n steps), with each step that is not its turn there.</summary>
    public static TheoryData<int, int> OutOfTurn()
    {
        var data = new TheoryData<int, int>();
        for (var reached = 0; reached < Steps.Count; reached++)
        {
            for (var step = 0; step < Steps.Count; step++)
            {
                if (step != reached && !(reached == 4 && step == 3)) // an application may be amended until it is submitted
                {
                    data.Add(reached, step);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OutOfTurn))]
    public void A_step_out_of_its_turn_is_refused_and_names_the_stage_the_case_is_at(int reached, int step)
    {
        var world = new CaseWorld();
        var c = world.Run(Open(), Steps.Take(reached));

        var decision = CaseEngine.Apply(c, Steps[step], world, CasePolicy.Default);

        Assert.Equal(RefusalReason.OutOfOrder, decision.Refusal?.Reason);
        Assert.Equal(c.Stage, decision.Refusal!.Expected);
        Assert.Same(c, decision.Case);
    }

    public static TheoryData<string, ConfirmRecords, RefusalReason> WrongRecords() => new()
    {
        { "unknown RRN", new ConfirmRecords("ana", Now, Terminal, "999999999999"), RefusalReason.TransactionNotFound },
        { "unknown terminal", new ConfirmRecords("ana", Now, "T0000009", Rrn), RefusalReason.TransactionNotFound },
    };

    [Theory]
    [MemberData(nameof(WrongRecords))]
    public void Confirming_a_transaction_the_records_do_not_hold_is_refused(string name, ConfirmRecords confirm, RefusalReason reason)
    {
        Assert.Equal(reason, CaseEngine.Apply(Open(), confirm, new CaseWorld(), CasePolicy.Default).Refusal?.Reason);
        Assert.NotNull(name);
    }

    [Fact]
    public void Confirming_a_transaction_that_does_not_fit_the_complaint_is_refused()
    {
        var world = new CaseWorld();
        var confirm = new ConfirmRecords("ana", Now, Terminal, Rrn);

        Assert.Equal(RefusalReason.OtherMerchant, CaseEngine.Apply(CaseEngine.Open(1, "ana", Now, Complaint() with { MerchantId = "M0002" }), confirm, world, CasePolicy.Default).Refusal?.Reason);
        Assert.Equal(RefusalReason.TimeTooFarFromComplaint, CaseEngine.Apply(CaseEngine.Open(1, "ana", Now, Complaint() with { ApproximateTime = SaleTime.AddHours(3) }), confirm, world, CasePolicy.Default).Refusal?.Reason);
        Assert.Equal(RefusalReason.AmountDiffersFromComplaint, CaseEngine.Apply(CaseEngine.Open(1, "ana", Now, Complaint(300_00)), confirm, world, CasePolicy.Default).Refusal?.Reason);
    }

    [Fact]
    public void A_diagnosis_that_contradicts_the_records_is_refused()
    {
        var world = new CaseWorld(MoneyState.Paid);
        var c = world.Run(Open(), Steps.Take(1));

        var decision = CaseEngine.Apply(c, new Diagnose("ana", Now, MoneyState.HeldAtIssuer), world, CasePolicy.Default);

        Assert.Equal(RefusalReason.DiagnosisContradictsRecords, decision.Refusal?.Reason);
        Assert.Contains("records=Paid", decision.Refusal!.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, Func<TransactionFacts, TransactionFacts>, RefundApplication, DateTime, RefusalReason> BadApplications() => new()
    {
        { "more than the sale", t => t, Application(ResolutionPath.ReleaseHold, 350_01), Now, RefusalReason.AmountOverRefundable },
        { "more than is left after refunds", t => t with { RefundedMinor = 300_00 }, Application(ResolutionPath.ReleaseHold, 60_00), Now, RefusalReason.AmountOverRefundable },
        { "refunded in full meanwhile", t => t with { RefundedMinor = 350_00 }, Application(ResolutionPath.ReleaseHold), Now, RefusalReason.AlreadyRefunded },
        { "reversed meanwhile", t => t with { Money = MoneyState.Reversed, Cancelled = true }, Application(ResolutionPath.ReleaseHold), Now, RefusalReason.NothingWasTaken },
        { "to another card", t => t, Application(ResolutionPath.ReleaseHold, counterparty: "476173******0127"), Now, RefusalReason.WrongCounterparty },
        { "another time", t => t, Application(ResolutionPath.ReleaseHold) with { TransactionTime = SaleTime.AddMinutes(5) }, Now, RefusalReason.TransactionTimeMismatch },
        { "past the refund window", t => t, Application(ResolutionPath.ReleaseHold), SaleTime.AddDays(181), RefusalReason.OutsideRefundWindow },
        { "the money moved meanwhile", t => t with { Money = MoneyState.Paid }, Application(ResolutionPath.ReleaseHold), Now, RefusalReason.PathDisagreesWithMoney },
    };

    [Theory]
    [MemberData(nameof(BadApplications))]
    public void Review_refuses_to_approve_a_bad_application_and_says_why(string name, Func<TransactionFacts, TransactionFacts> change, RefundApplication application, DateTime at, RefusalReason reason)
    {
        var world = new CaseWorld(MoneyState.HeldAtIssuer);
        var c = world.Run(Open(), [.. Steps.Take(3), new ApplyForRefund("ana", Now, application), new SubmitForReview("ana", Now)]);
        world.Put(change(world.Current));

        var decision = CaseEngine.Apply(c, new Review("li", at, true, "looks fine"), world, CasePolicy.Default);

        Assert.True(decision.Refusal?.Reason == reason, $"{name}: {decision.Refusal}");
        Assert.Equal(CaseStage.UnderReview, decision.Case.Stage);
        Assert.Contains(CaseEngine.Check(c, application, at, world, CasePolicy.Default), r => r.Reason == reason);
    }

    [Fact]
    public void An_application_for_nothing_is_refused_at_once_and_a_rejection_needs_a_reason()
    {
        var world = new CaseWorld();
        var c = world.Run(Open(), Steps.Take(3));
        Assert.Equal(RefusalReason.AmountNotPositive, CaseEngine.Apply(c, new ApplyForRefund("ana", Now, Application(ResolutionPath.ReleaseHold, 0)), world, CasePolicy.Default).Refusal?.Reason);

        c = world.Run(c, Steps.Skip(3).Take(2));
        Assert.Equal(RefusalReason.ReasonMissing, CaseEngine.Apply(c, new Review("li", Now, false, ""), world, CasePolicy.Default).Refusal?.Reason);
    }
}
