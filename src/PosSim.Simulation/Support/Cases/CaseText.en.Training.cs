using System.Globalization;
using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using PosSim.Simulation.Support.Cases.Training;

namespace PosSim.Simulation.Support.Cases;

public sealed partial class CaseTextEn
{
    private static readonly string[] Hours = ["twelve", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"];

    public string SpokenWhen(DateTime around)
    {
        var hour = around.Minute == 45 ? around.Hour + 1 : around.Hour;
        var name = Hours[hour % 12];
        var time = (around.Hour, around.Minute) switch
        {
            (0, 0) => "midnight",
            (12, 0) => "noon",
            (_, 0) => name,
            (_, 15) => $"a quarter past {name}",
            (_, 30) => $"half past {name}",
            _ => $"a quarter to {name}",
        };
        var part = around.Hour switch
        {
            _ when around is { Minute: 0, Hour: 0 or 12 } => "",
            < 5 => " at night",
            < 12 => " in the morning",
            < 18 => " in the afternoon",
            _ => " in the evening",
        };
        return string.Create(CultureInfo.InvariantCulture, $"on {around:dddd d MMMM}, around {time}{part}");
    }

    public string MerchantWords(int variant, string amount, string when) => variant switch
    {
        1 => $"A customer paid {amount} {when}. The terminal printed the slip, but the money is not on my statement.",
        2 => $"I sold something for {amount} {when}; the customer says their card was charged, but I never got the money.",
        _ => $"I took {amount} {when} and it never arrived in my account.",
    };

    public string TrainingOpened(long caseId, string scenarioName, int seed, int pick, int breaks) =>
        $"Training case {caseId} ({scenarioName}, seed {seed}, break {pick} of {breaks}). A merchant calls:";

    public IReadOnlyList<string> TrainingHowTo(string runDir, long caseId) =>
    [
        "Work it through the procedure, one step at a time (each command says what comes next):",
        $"  possim case search   --run {runDir} --case {caseId}",
        $"  possim case confirm  --run {runDir} --case {caseId} --rrn RRN",
        $"  possim case diagnose --run {runDir} --case {caseId} --money STATE",
        $"  possim case contact  --run {runDir} --case {caseId} --path PATH --by-date yyyy-MM-dd",
        $"  possim case apply    --run {runDir} --case {caseId}",
        $"  possim case submit   --run {runDir} --case {caseId}",
        $"  possim case review   --run {runDir} --case {caseId} --approve",
        $"`possim trace --run {runDir} --rrn RRN` tells a transaction's story. Or be guided through the steps:",
        $"  possim case session  --run {runDir} --case {caseId}",
        $"When you are done, grade it: possim case grade --run {runDir} --case {caseId}",
        $"The answer key is in {TrainingKey.PathIn(runDir)}: do not open it before you are graded.",
    ];

    public string GradeTitle(long caseId, int score, int outOf) => $"Training case {caseId}: {score}/{outOf}";

    public string Verdict(GradeVerdict verdict, CaseStage stage) => verdict switch
    {
        GradeVerdict.Completed => "Completed: the procedure was followed to the end.",
        GradeVerdict.AwaitingProcessing => "Procedure followed, awaiting processing: the refund is approved and the back office moves the money next.",
        GradeVerdict.Escalated => "Escalated: the case was handed on.",
        _ => $"Not finished: the case is at '{Stage(stage)}'.",
    };

    public string StepTitle(GradedStep step) => step switch
    {
        GradedStep.Search => "Search the transaction records",
        GradedStep.Confirm => "Confirm the transaction",
        GradedStep.Diagnose => "Say where the money is",
        GradedStep.Contact => "Agree the way back with the customer",
        GradedStep.Apply => "Fill in the refund application",
        GradedStep.Finish => "Submit, review, finish",
        GradedStep.Order => "Order of the steps",
        _ => step.ToString(),
    };

    public string StepProcedure(GradedStep step) => step switch
    {
        GradedStep.Search => "The procedure: first confirm the money really did not arrive; check the POS transaction records (possim case search) before naming a transaction.",
        GradedStep.Confirm => "The procedure: name the one purchase the merchant means: theirs, of the amount they named, near the time they gave.",
        GradedStep.Diagnose => "The procedure: say where the money is now as the records show it; `possim trace --rrn RRN` tells it.",
        GradedStep.Contact => "The procedure: explain to the customer and agree a way back that takes the money from where it is; a merchant who was never paid is never debited.",
        GradedStep.Apply => "The procedure: the application gives the transaction's time, the amount still to give back and the counterparty: the card that paid, or the merchant when it is paid late.",
        GradedStep.Finish => "The procedure: submit the application for review; once approved the back office moves the money. Escalate only what the procedure cannot resolve.",
        GradedStep.Order => "The procedure: one step at a time, in its order; every command says what comes next.",
        _ => step.ToString(),
    };

    public string NotReached => "(not reached)";

    public string MistakeName(MistakeKind kind) => kind switch
    {
        MistakeKind.NotSearched => "Records not searched",
        MistakeKind.WrongTransaction => "Wrong transaction",
        MistakeKind.WrongMoneyState => "Wrong money state",
        MistakeKind.WrongWayBack => "Wrong way back",
        MistakeKind.WrongAmount => "Wrong amount",
        MistakeKind.WrongCounterparty => "Wrong counterparty",
        MistakeKind.WrongTransactionTime => "Wrong transaction time",
        MistakeKind.OutOfOrder => "Steps out of order",
        MistakeKind.EscalatedNeedlessly => "Escalated when it could be resolved",
        MistakeKind.NotFinished => "Not finished",
        _ => kind.ToString(),
    };

    public string Mistake(Mistake mistake, AnswerKey key)
    {
        ArgumentNullException.ThrowIfNull(mistake);
        ArgumentNullException.ThrowIfNull(key);
        var what = mistake switch
        {
            NotSearched => "you confirmed a transaction before searching the records.",
            WrongTransaction m => $"you named RRN {m.Rrn} on terminal {m.TerminalId}; the merchant meant RRN {key.Rrn} on terminal {key.TerminalId} ({key.TransactionTime:yyyy-MM-dd HH:mm:ss}, {TraceMoney.Amount(key.AmountMinor)}).",
            WrongMoneyState m => $"you said the money is '{Money(m.Said)}'; the records say '{Money(key.Money)}'.",
            WrongWayBack { Path: null } => $"you tried to close the case without a refund, but money was taken from the card: it is '{Money(key.Money)}'.",
            WrongWayBack m => $"'{Path(m.Path!.Value)}' does not fit money that is '{Money(key.Money)}'; what fits: {Ways(key)}.",
            WrongAmount m => $"the application is for {TraceMoney.Amount(m.GivenMinor)}; what is to give back is {TraceMoney.Amount(key.RefundableMinor)}.",
            WrongCounterparty m => $"the money was to go to {m.Given}; it goes back to the card that paid, {key.Card} (to the merchant, {key.MerchantId}, only when it is paid late).",
            WrongTransactionTime m => $"the application gives {m.Given:yyyy-MM-dd HH:mm:ss}; the record's time is {key.TransactionTime:yyyy-MM-dd HH:mm:ss}.",
            OutOfOrder m => $"you tried '{m.Step}' when the case was at '{Stage(m.Stage)}'{(m.Times > 1 ? $", and {m.Times - 1} more step(s) out of turn" : "")}.",
            EscalatedNeedlessly m => $"you handed the case on at '{Stage(m.Stage)}' (\"{m.Reason}\"), but the money is '{Money(key.Money)}' and can go back: {Ways(key)}.",
            NotFinished m => $"the case stopped at '{Stage(m.Stage)}'. {NextStep(m.Stage, key.CaseId)}",
            _ => mistake.ToString(),
        };
        return $"{MistakeName(mistake.Kind)}: {what}";
    }

    public string CorrectedMistake => "The records refused it and you put it right: half the points.";

    public string AnswerHeading => "The answer";

    public string TheAnswer(AnswerKey key, string? fault, string? finding)
    {
        ArgumentNullException.ThrowIfNull(key);
        var cause = (fault, finding) switch
        {
            (null, null) => "",
            (_, null) => $" What broke: {fault}.",
            (null, _) => $" The matcher found: {finding}.",
            _ => $" What broke: {fault} (the matcher found: {finding}).",
        };
        return $"RRN {key.Rrn} on terminal {key.TerminalId}, {key.TransactionTime:yyyy-MM-dd HH:mm:ss}, {TraceMoney.Amount(key.AmountMinor)}, card {key.Card}. " +
            $"The money is {Money(key.Money)}. Ways back that fit: {Ways(key)}; to give back: {TraceMoney.Amount(key.RefundableMinor)}.{cause}";
    }

    public string Move(CaseMove move) => move switch
    {
        CaseMove.Search => "search the records again",
        CaseMove.Confirm => "confirm the transaction the merchant means",
        CaseMove.Diagnose => "say where the money is",
        CaseMove.Contact => "record the call with the customer: the way back and by when",
        CaseMove.Close => "close the case: no money was taken",
        CaseMove.Apply => "fill in (or amend) the refund application",
        CaseMove.Submit => "submit the application for review",
        CaseMove.Approve => "approve it (as reviewer)",
        CaseMove.Reject => "reject it (as reviewer)",
        CaseMove.Escalate => "hand the case on, with its evidence",
        CaseMove.Show => "the case so far: complaint, steps, advice",
        CaseMove.Quit => "end the session (the case stays as it is)",
        _ => move.ToString(),
    };

    public string SessionPickCase => "Which case?";

    public string SessionNewCase => "open a new case";

    public string SessionAskMerchant => "Merchant id";

    public string SessionAskAround => "About when (yyyy-MM-dd HH:mm)";

    public string SessionAskAmount => "Amount (350.00)";

    public string SessionAskWords => "The merchant's words";

    public string SessionWhatNext => "What next?";

    public string SessionPickTransaction => "Which transaction does the merchant mean?";

    public string SessionOtherRrn => "another RRN (type it)";

    public string SessionAskRrn => "RRN";

    public string SessionAskMoney => "Where is the money now?";

    public string SessionAskPath => "Which way back did the customer agree to?";

    public string SessionAskByDate => "Promised by (yyyy-MM-dd)";

    public string SessionAskNote => "What was said";

    public string SessionAskRefundAmount => "Amount to give back";

    public string SessionAskTime => "Transaction time (yyyy-MM-dd HH:mm:ss)";

    public string SessionAskCounterparty => "Counterparty (the card, or the merchant when paid late)";

    public string SessionAskReason => "Reason";

    public string SessionAskRejection => "Why is it rejected";

    public string SessionAskEscalation => "Why is it handed on";

    public string DefaultRefundReason => "the money never arrived";

    public IReadOnlyList<string> CandidateColumns => ["RRN", "terminal", "time", "amount", "card", "where the money is"];

    public string SessionNotAChoice(string answer) => $"'{answer}' is not one of the choices: answer with its number or its name.";

    public string SessionNotAnAmount(string answer) => $"'{answer}' is not an amount: write it with a decimal point, e.g. 350.00.";

    public string SessionNotAValue(string answer, string format) => $"'{answer}' is not of the form {format}.";

    public string SessionEnded(long caseId, CaseStage stage) => $"Session ended: case {caseId} is at '{Stage(stage)}'.";

    public string SessionGradeHint(string runDir, long caseId) => $"Grade it: possim case grade --run {runDir} --case {caseId}";

    private string Ways(AnswerKey key) => key.WaysBack.Count == 0 ? "none, nothing was taken" : string.Join("; or ", key.WaysBack.Select(Path));
}
