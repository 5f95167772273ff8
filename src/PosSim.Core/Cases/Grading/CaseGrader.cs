using System.Collections.Immutable;

namespace PosSim.Core.Cases.Grading;

/// <summary>
/// Grades a trainee's case against the procedure and the answer key: points for each part of the procedure, and
/// every mistake with the values that show it, so the feedback can teach. Pure: the same case, work and key give
/// the same grade.
/// </summary>
/// <remarks>
/// Implementation note: a mistake that stuck (the case went on with it) costs the step's points; one the engine
/// refused and the trainee then put right costs half, because the records caught it and not the trainee. A case
/// that reached <see cref="CaseStage.Processing"/> has had every step support takes: it gets the finishing points,
/// as <see cref="GradeVerdict.AwaitingProcessing"/>; so does a <see cref="CaseStage.Completed"/> one.
/// </remarks>
public static class CaseGrader
{
    // Naming the right transaction matters most: every later step depends on it.
    public const int SearchPoints = 10;
    public const int ConfirmPoints = 20;
    public const int DiagnosePoints = 15;
    public const int ContactPoints = 15;
    public const int AmountPoints = 10;
    public const int CounterpartyPoints = 10;
    public const int TimePoints = 5;
    public const int FinishPoints = 15;

    /// <summary>Each step tried out of turn; capped, as one confusion often produces several refusals in a row.</summary>
    public const int OutOfOrderPoints = 5;
    public const int OutOfOrderCap = 10;

    private static readonly TimeSpan TimeTolerance = TimeSpan.FromMinutes(1);

    public static Grade Grade(SupportCase graded, IReadOnlyList<CaseWork> work, AnswerKey key)
    {
        ArgumentNullException.ThrowIfNull(graded);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(key);
        var refused = Refusals(work);
        var steps = new List<StepGrade> { GradeSearch(work), GradeConfirm(graded, refused, key), GradeDiagnose(graded, refused, key) };
        if (key.MoneyTaken)
        {
            steps.Add(GradeContact(graded, refused, key));
            steps.Add(GradeApply(graded, refused, key));
        }

        var (finish, verdict) = GradeFinish(graded, refused, key);
        steps.Add(finish);
        if (GradeOrder(graded, refused) is { } order)
        {
            steps.Add(order);
        }

        return new Grade(graded.Id, Math.Max(0, steps.Sum(s => s.Points)), steps.Sum(s => s.OutOf), verdict, graded.Stage, [.. steps]);
    }

    /// <summary>A refused step, with the application on file when it was tried (review refusals are about that).</summary>
    private sealed record Refused(CaseAction Action, CaseRefusal Refusal, RefundApplication? Application);

    private static List<Refused> Refusals(IReadOnlyList<CaseWork> work)
    {
        var refused = new List<Refused>();
        RefundApplication? application = null;
        foreach (var tried in work.OfType<TriedStep>())
        {
            if (tried.Refusal is { } refusal)
            {
                refused.Add(new Refused(tried.Action, refusal, application));
            }
            else if (tried.Action is ApplyForRefund apply)
            {
                application = apply.Application;
            }
        }

        return refused;
    }

    private static StepGrade GradeSearch(IReadOnlyList<CaseWork> work)
    {
        foreach (var w in work)
        {
            switch (w)
            {
                case SearchedRecords:
                    return Full(GradedStep.Search, SearchPoints);
                case TriedStep { Action: ConfirmRecords }:
                    return new StepGrade(GradedStep.Search, 0, SearchPoints, true, [new NotSearched()]);
            }
        }

        return new StepGrade(GradedStep.Search, 0, SearchPoints, false, []);
    }

    private static StepGrade GradeConfirm(SupportCase c, List<Refused> refused, AnswerKey key)
    {
        var reached = c.Transaction is not null;
        var tried = refused.FirstOrDefault(r => r.Action is ConfirmRecords && r.Refusal.Reason is RefusalReason.TransactionNotFound
            or RefusalReason.OtherMerchant or RefusalReason.TimeTooFarFromComplaint or RefusalReason.AmountDiffersFromComplaint)?.Action as ConfirmRecords;
        var stuck = reached && !key.IsTransaction(c.Transaction) ? new WrongTransaction(c.Transaction!.TerminalId, c.Transaction.Rrn, false) : null;
        return Judge(GradedStep.Confirm, ConfirmPoints, reached, stuck, tried is null ? null : new WrongTransaction(tried.TerminalId, tried.Rrn, reached));
    }

    private static StepGrade GradeDiagnose(SupportCase c, List<Refused> refused, AnswerKey key)
    {
        var reached = c.Diagnosis is not null;
        var tried = refused.FirstOrDefault(r => r.Action is Diagnose && r.Refusal.Reason == RefusalReason.DiagnosisContradictsRecords)?.Action as Diagnose;
        var stuck = c.Diagnosis is { } said && said != key.Money ? new WrongMoneyState(said, false) : null;
        return Judge(GradedStep.Diagnose, DiagnosePoints, reached, stuck, tried is null ? null : new WrongMoneyState(tried.Money, reached));
    }

    private static StepGrade GradeContact(SupportCase c, List<Refused> refused, AnswerKey key)
    {
        var reached = c.AgreedPath is not null;
        var stuck = c.AgreedPath is { } agreed && !key.WaysBack.Contains(agreed) ? new WrongWayBack(agreed, false)
            : c.Application is { } a && !key.WaysBack.Contains(a.Path) ? new WrongWayBack(a.Path, false)
            : null;
        var tried = refused.Select(r => (r.Action, r.Refusal.Reason, r.Application) switch
        {
            (ContactCustomer contact, RefusalReason.PathDisagreesWithMoney or RefusalReason.NothingWasTaken, _) => new WrongWayBack(contact.Path, reached),
            (CloseWithoutRefund, RefusalReason.MoneyWasTaken, _) => new WrongWayBack(null, reached),
            (Review, RefusalReason.PathDisagreesWithMoney, { } application) => new WrongWayBack(application.Path, reached),
            _ => null,
        }).FirstOrDefault(m => m is not null);
        return Judge(GradedStep.Contact, ContactPoints, reached, stuck, tried);
    }

    private static StepGrade GradeApply(SupportCase c, List<Refused> refused, AnswerKey key)
    {
        if (c.Application is not { } application)
        {
            return new StepGrade(GradedStep.Apply, 0, AmountPoints + CounterpartyPoints + TimePoints, false, []);
        }

        Mistake? TriedFirst(Func<Refused, Mistake?> pick) => refused.Select(pick).FirstOrDefault(m => m is not null);
        var amount = Judge(GradedStep.Apply, AmountPoints, true,
            application.AmountMinor != key.RefundableMinor ? new WrongAmount(application.AmountMinor, false) : null,
            TriedFirst(r => (r.Action, r.Refusal.Reason, r.Application) switch
            {
                (ApplyForRefund apply, RefusalReason.AmountNotPositive, _) => new WrongAmount(apply.Application.AmountMinor, true),
                (Review, RefusalReason.AmountOverRefundable or RefusalReason.AmountNotPositive, { } a) => new WrongAmount(a.AmountMinor, true),
                _ => null,
            }));
        var counterparty = Judge(GradedStep.Apply, CounterpartyPoints, true,
            application.Counterparty != key.CounterpartyFor(application.Path) ? new WrongCounterparty(application.Counterparty, false) : null,
            TriedFirst(r => r is { Action: Review, Refusal.Reason: RefusalReason.WrongCounterparty, Application: { } a } ? new WrongCounterparty(a.Counterparty, true) : null));
        var time = Judge(GradedStep.Apply, TimePoints, true,
            (application.TransactionTime - key.TransactionTime).Duration() > TimeTolerance ? new WrongTransactionTime(application.TransactionTime, false) : null,
            TriedFirst(r => r is { Action: Review, Refusal.Reason: RefusalReason.TransactionTimeMismatch, Application: { } a } ? new WrongTransactionTime(a.TransactionTime, true) : null));
        StepGrade[] parts = [amount, counterparty, time];
        return new StepGrade(GradedStep.Apply, parts.Sum(p => p.Points), parts.Sum(p => p.OutOf), true, [.. parts.SelectMany(p => p.Mistakes)]);
    }

    private static (StepGrade, GradeVerdict) GradeFinish(SupportCase c, List<Refused> refused, AnswerKey key)
    {
        switch (c.Stage)
        {
            case CaseStage.Completed:
                return (Full(GradedStep.Finish, FinishPoints), GradeVerdict.Completed);
            case CaseStage.Processing:
                return (Full(GradedStep.Finish, FinishPoints), GradeVerdict.AwaitingProcessing);
            case CaseStage.Escalated when c.Outcome is { Done: false }:
                // The back office could not move the money: handing it on is what the procedure says.
                return (Full(GradedStep.Finish, FinishPoints), GradeVerdict.Escalated);
            case CaseStage.Escalated:
                return (new StepGrade(GradedStep.Finish, 0, FinishPoints, true, [new EscalatedNeedlessly(c.Audit[^1].From, c.EscalationReason ?? "")]), GradeVerdict.Escalated);
        }

        // With no money taken, trying a way back is the wrong end; it is graded here as there is no contact step.
        var wrongEnd = key.MoneyTaken ? null : refused.Select(r => r is { Action: ContactCustomer contact, Refusal.Reason: RefusalReason.NothingWasTaken } ? contact.Path : (ResolutionPath?)null)
            .FirstOrDefault(p => p is not null);
        Mistake[] mistakes = wrongEnd is { } path ? [new WrongWayBack(path, false), new NotFinished(c.Stage)] : [new NotFinished(c.Stage)];
        return (new StepGrade(GradedStep.Finish, 0, FinishPoints, false, [.. mistakes]), GradeVerdict.NotFinished);
    }

    private static StepGrade? GradeOrder(SupportCase c, List<Refused> refused)
    {
        var outOfTurn = refused.Where(r => r.Refusal.Reason is RefusalReason.OutOfOrder or RefusalReason.CaseClosed).ToList();
        if (outOfTurn.Count == 0)
        {
            return null;
        }

        var first = outOfTurn[0];
        var stage = first.Refusal.Expected ?? c.Stage;
        var lost = Math.Min(OutOfOrderCap, checked(OutOfOrderPoints * outOfTurn.Count));
        return new StepGrade(GradedStep.Order, -lost, 0, true, [new OutOfOrder(CaseEngine.NameOf(first.Action), stage, outOfTurn.Count)]);
    }

    /// <summary>
    /// Full points, or none when a mistake stuck, or half when the only mistake was refused and put right. A step never
    /// reached gets nothing, and keeps the mistake it was refused for, uncorrected.
    /// </summary>
    private static StepGrade Judge(GradedStep step, int outOf, bool reached, Mistake? stuck, Mistake? tried) =>
        !reached ? new StepGrade(step, 0, outOf, false, tried is null ? [] : [tried with { Corrected = false }])
        : stuck is not null ? new StepGrade(step, 0, outOf, true, [stuck])
        : tried is not null ? new StepGrade(step, outOf / 2, outOf, true, [tried with { Corrected = true }])
        : Full(step, outOf);

    private static StepGrade Full(GradedStep step, int outOf) => new(step, outOf, outOf, true, []);
}
