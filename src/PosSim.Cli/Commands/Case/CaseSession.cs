using System.CommandLine;
using System.Globalization;
using PosSim.Core.Cases;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Training;
using Spectre.Console;

namespace PosSim.Cli.Commands.Case;

/// <summary>
/// <c>possim case session</c>: a case worked in the terminal, guided. It offers only the steps the procedure takes
/// next, asks for their values with the records' as defaults, and takes each through the case book, as the step
/// commands do: the same engine, the same cases.ndjson.
/// </summary>
internal static class CaseSession
{
    public static Command Create(TextReader stdin)
    {
        var run = new Option<string>("--run") { Description = "The run folder (`possim run --out DIR`, or the one `possim case train` wrote).", HelpName = "DIR", Required = true };
        var caseId = new Option<long?>("--case") { Description = "The case to work (default: pick one, or open a new one).", HelpName = "N" };
        var by = new Option<string>("--by") { Description = "Who takes the steps (for the audit trail).", HelpName = "NAME", DefaultValueFactory = _ => "support" };
        var lang = new Option<string>("--lang") { Description = "Language: en or zh-CN.", HelpName = "en|zh-CN", DefaultValueFactory = _ => "en" };
        var command = new Command("session",
            "Work a case guided, in the terminal: the complaint, the transactions that fit it as a table, then only the steps " +
            "allowed next, each asking for its values (the records' are the defaults). A refused step says why and what to do " +
            "instead. Ends on quit, at the end of the input, or when the case is completed or escalated. With stdin not a " +
            "terminal it reads one answer a line: a choice's number or name, or an empty line for the default.")
        {
            run, caseId, by, lang,
        };
        command.SetAction(parse =>
        {
            long? worked = null;
            ICaseText? text = null;
            var code = CaseRun.Execute(parse, run, null, by, lang, (ctx, book) =>
            {
                var console = Terminal.For(ctx.Out);
                ISessionPrompts prompts = ReferenceEquals(stdin, Console.In) && !Console.IsInputRedirected && console.Profile.Capabilities.Interactive
                    ? new SpectrePrompts(console)
                    : new LinePrompts(stdin, ctx.Out, ctx.Text);
                text = ctx.Text;
                worked = new CaseSessionLoop(book, ctx.By, ctx.Text, prompts, console, ctx.Out).Run(ctx.Get(caseId));

                // An approval is carried out as `possim case review` does it: once the case book is closed.
                ctx.CarryOutAfter = worked is { } id && CaseExecution.AnyWaiting([book.Get(id)]);
            });
            if (code == ExitCodes.Ok && worked is { } id)
            {
                Ended(parse.GetValue(run)!, id, text!, parse.InvocationConfiguration.Output);
            }

            return code;
        });
        return command;
    }

    /// <summary>Where the session left the case (after any carrying out), and how to grade it when it is a training case.</summary>
    private static void Ended(string runDir, long id, ICaseText text, TextWriter output)
    {
        using (var book = CaseBook.Open(runDir))
        {
            output.WriteLine(text.SessionEnded(id, book.Get(id).Stage));
        }

        if (TrainingKey.ReadAllOrNone(runDir).Any(k => k.Answer.CaseId == id))
        {
            output.WriteLine(text.SessionGradeHint(runDir, id));
        }
    }
}

/// <summary>One session: the case it works, and the questions each step asks.</summary>
internal sealed class CaseSessionLoop(CaseBook book, string actor, ICaseText text, ISessionPrompts prompts, IAnsiConsole console, TextWriter output)
{
    private const string DateFormat = "yyyy-MM-dd";
    private const string MinuteFormat = "yyyy-MM-dd HH:mm";
    private const string SecondFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>The date promised to the customer unless told: a week, as long as a reversal or re-issue takes with room to spare.</summary>
    private static readonly TimeSpan Promise = TimeSpan.FromDays(7);

    /// <summary>
    /// Works a case until quit, the end of the input, or the case closes or is approved (support has nothing more to
    /// do: the back office carries it out); returns the case worked, or null when none was.
    /// </summary>
    public long? Run(long? caseId)
    {
        if ((caseId ?? PickOrOpen()) is not { } id)
        {
            return null;
        }

        var c = book.Get(id);
        output.WriteLine(text.CaseTitle(c.Id, c.Stage));
        output.WriteLine(text.Complaint(c.Complaint));
        if (c.Stage == CaseStage.Registered)
        {
            Candidates(book.Search(id, actor));
        }

        while (!c.IsClosed && !CaseExecution.AnyWaiting([c]))
        {
            output.WriteLine(text.NextStep(c.Stage, c.Id));
            var moves = CaseMoves.For(c.Stage);
            var choices = moves.Select(m => new SessionChoice(CaseNames.Of(m), text.Move(m))).ToList();
            if (prompts.Choose(text.SessionWhatNext, choices, moves.ToList().IndexOf(CaseMoves.Default(c.Stage))) is not { } chosen
                || moves[chosen] == CaseMove.Quit || !Take(c, moves[chosen]))
            {
                break;
            }

            c = book.Get(id);
        }

        return id;
    }

    /// <summary>An open case to work, or a new one; null when the input ended first.</summary>
    private long? PickOrOpen()
    {
        var open = book.Cases.Where(c => !c.IsClosed).ToList();
        if (open.Count > 0)
        {
            var choices = open.Select(c => new SessionChoice(c.Id.ToString(CultureInfo.InvariantCulture), $"{text.CaseTitle(c.Id, c.Stage)} | {text.Complaint(c.Complaint)}"))
                .Append(new SessionChoice("new", text.SessionNewCase)).ToList();
            if (prompts.Choose(text.SessionPickCase, choices) is not { } picked)
            {
                return null;
            }

            if (picked < open.Count)
            {
                return open[picked].Id;
            }
        }

        var merchant = prompts.Ask(text.SessionAskMerchant, null, a => a.Length == 0 ? text.SessionNotAValue(a, "M0001") : null);
        var around = merchant is null ? null : prompts.Ask(text.SessionAskAround, null, a => TimeOf(a, MinuteFormat) is null ? text.SessionNotAValue(a, MinuteFormat) : null);
        var amount = around is null ? null : prompts.Ask(text.SessionAskAmount, null, a => TraceCommand.ParseAmount(a) is null ? text.SessionNotAnAmount(a) : null);
        var words = amount is null ? null : prompts.Ask(text.SessionAskWords, text.DefaultRefundReason, _ => null);
        if (words is null)
        {
            return null;
        }

        return book.OpenCase(actor, new Complaint(merchant!, null, TimeOf(around!, MinuteFormat)!.Value, TraceCommand.ParseAmount(amount!)!.Value, words)).Id;
    }

    /// <summary>Asks for a step's values and takes it; false when the input ended on the way.</summary>
    private bool Take(SupportCase c, CaseMove move)
    {
        switch (move)
        {
            case CaseMove.Search:
                Candidates(book.Search(c.Id, actor));
                return true;
            case CaseMove.Show:
                CasePrinter.Show(output, c, text);
                return true;
        }

        var step = Ask(c, move);
        if (step is null)
        {
            return false;
        }

        var decision = book.Do(c.Id, step);
        output.WriteLine(decision.Refusal is { } refusal ? $"{text.Refused}: {text.Refusal(refusal)}" : text.CaseTitle(decision.Case.Id, decision.Case.Stage));
        return true;
    }

    private Func<DateTime, CaseAction>? Ask(SupportCase c, CaseMove move)
    {
        var t = c.Transaction is { } chosen ? book.Facts.Find(chosen.TerminalId, chosen.Rrn) ?? chosen : null;
        switch (move)
        {
            case CaseMove.Confirm:
                return Confirm(c);
            case CaseMove.Diagnose:
                var states = Enum.GetValues<MoneyState>();
                return Pick(text.SessionAskMoney, states, text.Money, t?.Money) is { } money ? at => new Diagnose(actor, at, money) : null;
            case CaseMove.Contact:
                var fits = c.Diagnosis is { } d ? CaseEngine.PathsFor(d) : [];
                if (Pick(text.SessionAskPath, Enum.GetValues<ResolutionPath>(), text.Path, fits.Count > 0 ? fits[0] : null) is not { } path)
                {
                    return null;
                }

                var promised = DateOnly.FromDateTime(book.NextAt + Promise).ToString(DateFormat, CultureInfo.InvariantCulture);
                var by = prompts.Ask(text.SessionAskByDate, promised, a => DateOnly.TryParseExact(a, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : text.SessionNotAValue(a, DateFormat));
                var note = by is null ? null : prompts.Ask(text.SessionAskNote, "", _ => null);
                return note is null ? null : at => new ContactCustomer(actor, at, path, DateOnly.ParseExact(by!, DateFormat, CultureInfo.InvariantCulture), note);
            case CaseMove.Close:
                return prompts.Ask(text.SessionAskNote, "", _ => null) is { } closing ? at => new CloseWithoutRefund(actor, at, closing) : null;
            case CaseMove.Apply:
                return Apply(c, t);
            case CaseMove.Submit:
                return at => new SubmitForReview(actor, at);
            case CaseMove.Approve:
                return at => new Review(actor, at, true, "");
            case CaseMove.Reject:
                return prompts.Ask(text.SessionAskRejection, null, _ => null) is { } why ? at => new Review(actor, at, false, why) : null;
            case CaseMove.Escalate:
                return prompts.Ask(text.SessionAskEscalation, null, _ => null) is { } reason ? at => new Escalate(actor, at, reason) : null;
            default:
                throw new ArgumentOutOfRangeException(nameof(move), move, "not a step");
        }
    }

    private Func<DateTime, CaseAction>? Confirm(SupportCase c)
    {
        var found = book.Candidates(c);
        var choices = found.Select(t => new SessionChoice(t.Rrn, $"{t.TerminalId} {t.LocalTime.ToString(SecondFormat, CultureInfo.InvariantCulture)} {Amount(t.AmountMinor)} {t.PanMasked}"))
            .Append(new SessionChoice("other", text.SessionOtherRrn)).ToList();
        if (prompts.Choose(text.SessionPickTransaction, choices) is not { } picked)
        {
            return null;
        }

        if (picked < found.Count)
        {
            var t = found[picked];
            return at => new ConfirmRecords(actor, at, t.TerminalId, t.Rrn);
        }

        if (prompts.Ask(text.SessionAskRrn, null, a => a.Length == 0 ? text.SessionNotAValue(a, "606109000046") : null) is not { } rrn)
        {
            return null;
        }

        var terminal = c.Complaint.TerminalId ?? book.TerminalOf(c.Complaint.MerchantId, rrn) ?? "";
        return at => new ConfirmRecords(actor, at, terminal, rrn);
    }

    private Func<DateTime, CaseAction>? Apply(SupportCase c, TransactionFacts? t)
    {
        var agreed = c.Application?.Path ?? c.AgreedPath ?? ResolutionPath.ReleaseHold;
        if (Pick(text.SessionAskPath, Enum.GetValues<ResolutionPath>(), text.Path, agreed) is not { } path)
        {
            return null;
        }

        var amount = prompts.Ask(text.SessionAskRefundAmount, Amount(c.Application?.AmountMinor ?? t?.RefundableMinor ?? 0),
            a => TraceCommand.ParseAmount(a) is null ? text.SessionNotAnAmount(a) : null);
        var time = amount is null ? null : prompts.Ask(text.SessionAskTime, (c.Application?.TransactionTime ?? t?.LocalTime ?? c.Complaint.ApproximateTime).ToString(SecondFormat, CultureInfo.InvariantCulture),
            a => TimeOf(a, SecondFormat) is null ? text.SessionNotAValue(a, SecondFormat) : null);
        var counterparty = time is null ? null : prompts.Ask(text.SessionAskCounterparty, path == ResolutionPath.PayMerchantLate ? c.Complaint.MerchantId : t?.PanMasked ?? "", _ => null);
        var reason = counterparty is null ? null : prompts.Ask(text.SessionAskReason, c.Application?.Reason ?? text.DefaultRefundReason, _ => null);
        if (reason is null)
        {
            return null;
        }

        var application = new RefundApplication(TimeOf(time!, SecondFormat)!.Value, TraceCommand.ParseAmount(amount!)!.Value, counterparty!, reason, path);
        return at => new ApplyForRefund(actor, at, application);
    }

    /// <summary>A value of an enum, listed by its names and words, the records' (or the agreed) one first as the default.</summary>
    private T? Pick<T>(string title, T[] values, Func<T, string> words, T? preferred)
        where T : struct, Enum
    {
        var index = preferred is { } p ? Array.IndexOf(values, p) : 0;
        return prompts.Choose(title, [.. values.Select(v => new SessionChoice(CaseNames.Of(v), words(v)))], Math.Max(0, index)) is { } i ? values[i] : null;
    }

    private void Candidates(IReadOnlyList<TransactionFacts> found)
    {
        if (found.Count == 0)
        {
            output.WriteLine(text.NoCandidates);
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(text.CandidatesHeading(found.Count)));
        foreach (var column in text.CandidateColumns)
        {
            table.AddColumn(Markup.Escape(column));
        }

        foreach (var t in found)
        {
            table.AddRow(Markup.Escape(t.Rrn), Markup.Escape(t.TerminalId), t.LocalTime.ToString(SecondFormat, CultureInfo.InvariantCulture),
                Amount(t.AmountMinor), Markup.Escape(t.PanMasked), Markup.Escape(text.Money(t.Money)));
        }

        console.Write(table);
    }

    /// <summary>An amount as it is typed back: a decimal point, no thousands separator.</summary>
    private static string Amount(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static DateTime? TimeOf(string value, string format) =>
        DateTime.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}
