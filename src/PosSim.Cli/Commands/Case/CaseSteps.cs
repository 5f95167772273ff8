using System.CommandLine;
using System.Globalization;
using PosSim.Core.Cases;
using PosSim.Simulation.Support;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Cli.Commands.Case;

/// <summary>The subcommands of <c>possim case</c>: one per step of the procedure, and the listings.</summary>
internal static class CaseSteps
{
    private static readonly Option<string> RunOption = new("--run") { Description = "The run folder (`possim run --out DIR`).", HelpName = "DIR", Required = true };
    private static readonly Option<long> CaseOption = new("--case") { Description = "The case number, as `possim case open` printed it.", HelpName = "N", Required = true };
    private static readonly Option<string> ByOption = new("--by") { Description = "Who takes the step (for the audit trail).", HelpName = "NAME", DefaultValueFactory = _ => "support" };
    private static readonly Option<string> LangOption = new("--lang") { Description = "Language: en or zh-CN.", HelpName = "en|zh-CN", DefaultValueFactory = _ => "en" };

    public static IEnumerable<Command> Commands()
    {
        yield return Open();
        yield return Listing("list", "List the run's cases with their stage.", (ctx, book) => CasePrinter.List(ctx.Out, book, ctx.Text));
        yield return Listing("show", "Show a case: the complaint, the transaction, where the money is, the advice, the audit trail and what comes next.",
            (ctx, book) => CasePrinter.Show(ctx.Out, book.Get(ctx.Case), ctx.Text), withCase: true);
        var search = Listing("search", "List the merchant's purchases that fit the complaint (amount, within two hours of the time); the case log notes the search.",
            (ctx, book) => CasePrinter.Candidates(ctx.Out, book.Search(ctx.Case, ctx.By), ctx.Text), withCase: true);
        search.Options.Add(ByOption);
        yield return search;

        var rrn = new Option<string>("--rrn") { Description = "The RRN of the purchase the merchant means.", HelpName = "RRN", Required = true };
        var terminal = new Option<string?>("--terminal") { Description = "Its terminal (default: the complaint's, or the only one with that RRN).", HelpName = "ID" };
        yield return Step("confirm", "Confirm the transaction the merchant means, from the records.", [rrn, terminal], (ctx, book, at) =>
        {
            var c = book.Get(ctx.Case);
            var id = ctx.Get(terminal) ?? c.Complaint.TerminalId ?? book.TerminalOf(c.Complaint.MerchantId, ctx.Get(rrn)!) ?? "";
            return new ConfirmRecords(ctx.By, at, id, ctx.Get(rrn)!);
        });

        var money = new Option<string>("--money") { Description = $"Where the money is: {CaseNames.All<MoneyState>()}.", HelpName = "STATE", Required = true };
        yield return Step("diagnose", "Say where the money is now (as `possim trace` shows it).", [money], (ctx, _, at) =>
            new Diagnose(ctx.By, at, CaseRun.Enum<MoneyState>(ctx.Get(money), money.Name)));

        var path = new Option<string>("--path") { Description = $"The way back agreed: {CaseNames.All<ResolutionPath>()}.", HelpName = "PATH", Required = true };
        var byDate = new Option<string>("--by-date") { Description = "The date promised to the customer.", HelpName = "yyyy-MM-dd", Required = true };
        var note = new Option<string>("--note") { Description = "What was said.", HelpName = "TEXT", DefaultValueFactory = _ => "" };
        yield return Step("contact", "Record the call with the customer: the way back and the date agreed.", [path, byDate, note], (ctx, _, at) =>
            new ContactCustomer(ctx.By, at, CaseRun.Enum<ResolutionPath>(ctx.Get(path), path.Name), ctx.Date(byDate), ctx.Get(note)!));

        var closeNote = new Option<string>("--note") { Description = "What the customer was told.", HelpName = "TEXT", DefaultValueFactory = _ => "" };
        yield return Step("close", "Close a case whose transaction took no money (declined, reversed or voided).", [closeNote], (ctx, _, at) =>
            new CloseWithoutRefund(ctx.By, at, ctx.Get(closeNote)!));

        var amount = new Option<string?>("--amount") { Description = "Amount to give back (default: all that is refundable).", HelpName = "AMOUNT" };
        var time = new Option<string?>("--time") { Description = "The transaction's time (default: the record's).", HelpName = "yyyy-MM-dd HH:mm:ss" };
        var to = new Option<string?>("--to") { Description = "Counterparty: the card, masked (default: the card that paid; the merchant id for pay-merchant-late).", HelpName = "CARD" };
        var reason = new Option<string>("--reason") { Description = "Why.", HelpName = "TEXT", DefaultValueFactory = _ => "the money never arrived" };
        var applyPath = new Option<string?>("--path") { Description = "The way back (default: the one agreed with the customer).", HelpName = "PATH" };
        yield return Step("apply", "Fill in (or amend) the refund application, prefilled from the transaction.", [amount, time, to, reason, applyPath], (ctx, book, at) =>
        {
            var c = book.Get(ctx.Case);
            var t = c.Transaction is { } chosen ? book.Facts.Find(chosen.TerminalId, chosen.Rrn) ?? chosen : null;
            var way = ctx.Get(applyPath) is { } p ? CaseRun.Enum<ResolutionPath>(p, applyPath.Name) : c.AgreedPath ?? ResolutionPath.ReleaseHold;
            var minor = ctx.Get(amount) is { } a ? TraceCommand.ParseAmount(a) ?? throw new CaseInputException($"--amount '{a}' is not an amount; write it with a decimal point, e.g. 350.00") : t?.RefundableMinor ?? 0;
            var when = ctx.Get(time) is { } s ? ctx.Time(s, "--time", "yyyy-MM-dd HH:mm:ss") : t?.LocalTime ?? c.Complaint.ApproximateTime;
            var counterparty = ctx.Get(to) ?? (way == ResolutionPath.PayMerchantLate ? c.Complaint.MerchantId : t?.PanMasked ?? "");
            return new ApplyForRefund(ctx.By, at, new RefundApplication(when, minor, counterparty, ctx.Get(reason)!, way));
        });

        yield return Step("submit", "Submit the refund application for review.", [], (ctx, _, at) => new SubmitForReview(ctx.By, at));

        var approve = new Option<bool>("--approve") { Description = "Approve: every check must pass." };
        var reject = new Option<bool>("--reject") { Description = "Reject, with --reason: the application goes back to be amended." };
        var reviewReason = new Option<string>("--reason") { Description = "The reviewer's reason (required to reject).", HelpName = "TEXT", DefaultValueFactory = _ => "" };
        yield return Step("review", "Approve or reject the application under review.", [approve, reject, reviewReason], (ctx, _, at) =>
            ctx.Get(approve) == ctx.Get(reject)
                ? throw new CaseInputException("say --approve or --reject")
                : new Review(ctx.By, at, ctx.Get(approve), ctx.Get(reviewReason)!));

        var escalateReason = new Option<string>("--reason") { Description = "Why it is handed on.", HelpName = "TEXT", Required = true };
        yield return Process();

        yield return CaseEvidenceCommand.WritingThePack(
            Step("escalate", "Hand the case on, with its evidence.", [escalateReason], (ctx, _, at) => new Escalate(ctx.By, at, ctx.Get(escalateReason)!)));
        yield return CaseEvidenceCommand.Create();
    }

    private static Command Open()
    {
        var merchant = new Option<string>("--merchant") { Description = "The merchant who calls.", HelpName = "ID", Required = true };
        var terminal = new Option<string?>("--terminal") { Description = "The terminal, when the merchant knows it.", HelpName = "ID" };
        var around = new Option<string>("--around") { Description = "About when the sale was, local time.", HelpName = "yyyy-MM-dd HH:mm", Required = true };
        var amount = new Option<string>("--amount") { Description = "The amount, with a decimal point: 350.00.", HelpName = "AMOUNT", Required = true };
        var words = new Option<string>("--words") { Description = "What the merchant says, as said.", HelpName = "TEXT", DefaultValueFactory = _ => "the money never arrived" };
        var command = new Command("open", "Register a merchant's complaint as a new case.") { RunOption, merchant, terminal, around, amount, words, ByOption, LangOption };
        command.SetAction(parse => CaseRun.Execute(parse, RunOption, null, ByOption, LangOption, (ctx, book) =>
        {
            var minor = TraceCommand.ParseAmount(ctx.Get(amount)!) ?? throw new CaseInputException($"--amount '{ctx.Get(amount)}' is not an amount; write it with a decimal point, e.g. 350.00");
            var complaint = new Complaint(ctx.Get(merchant)!, ctx.Get(terminal), ctx.Time(ctx.Get(around)!, "--around", "yyyy-MM-dd HH:mm"), minor, ctx.Get(words)!);
            var opened = book.OpenCase(ctx.By, complaint);
            CasePrinter.Accepted(ctx.Out, opened, ctx.Text);
        }));
        return command;
    }

    private static Command Listing(string name, string description, Action<CaseRun, CaseBook> print, bool withCase = false)
    {
        var command = new Command(name, description) { RunOption, LangOption };
        if (withCase)
        {
            command.Options.Add(CaseOption);
        }

        command.SetAction(parse => CaseRun.Execute(parse, RunOption, withCase ? CaseOption : null, ByOption, LangOption, print));
        return command;
    }

    private static Command Step(string name, string description, Option[] options, Func<CaseRun, CaseBook, DateTime, CaseAction> make)
    {
        var command = new Command(name, description) { RunOption, CaseOption, ByOption, LangOption };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CaseRun.Execute(parse, RunOption, CaseOption, ByOption, LangOption, (ctx, book) =>
        {
            var decision = book.Do(ctx.Case, at => make(ctx, book, at));
            if (decision.Refusal is { } refusal)
            {
                throw new CaseInputException($"{ctx.Text.Refused}: {ctx.Text.Refusal(refusal)}");
            }

            CasePrinter.Accepted(ctx.Out, decision.Case, ctx.Text);
            ctx.CarryOutAfter = CaseExecution.AnyWaiting([decision.Case]);
        }));
        return command;
    }

    /// <summary><c>possim case process</c>: carries out every approved case still waiting (review does it by itself).</summary>
    private static Command Process()
    {
        var command = new Command("process",
            "Carry out every approved case still waiting: plays the run again with their ways back, so the money moves on the switch " +
            "and the ledger, and records each outcome. `possim case review --approve` does this by itself; use it after an interrupted review.")
        { RunOption, ByOption, LangOption };
        command.SetAction(parse => CaseRun.Execute(parse, RunOption, null, ByOption, LangOption, (ctx, book) =>
        {
            ctx.CarryOutAfter = CaseExecution.AnyWaiting(book.Cases);
            if (!ctx.CarryOutAfter)
            {
                ctx.Out.WriteLine(ctx.Text.NothingToProcess);
            }
        }));
        return command;
    }
}

/// <summary>One invocation of a case subcommand: its options, its language, and the error handling every one shares.</summary>
internal sealed class CaseRun
{
    private readonly ParseResult _parse;

    private CaseRun(ParseResult parse, ICaseText text, long caseId, string by)
    {
        _parse = parse;
        Text = text;
        Case = caseId;
        By = by;
    }

    public ICaseText Text { get; }

    public long Case { get; }

    public string By { get; }

    /// <summary>Set by a step that left an approved case waiting: its way back is carried out once the case book is closed.</summary>
    public bool CarryOutAfter { get; set; }

    public TextWriter Out => _parse.InvocationConfiguration.Output;

    public T? Get<T>(Option<T> option) => _parse.GetValue(option);

    /// <summary>A value named in kebab case (held-at-issuer), or a clear error listing the names.</summary>
    public static T Enum<T>(string? value, string optionName)
        where T : struct, System.Enum =>
        CaseNames.TryParse<T>(value, out var parsed) ? parsed
            : throw new CaseInputException($"{optionName} '{value}' is not one of {CaseNames.All<T>()}");

    public DateOnly Date(Option<string> option) =>
        DateOnly.TryParseExact(Get(option), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new CaseInputException($"{option.Name} '{Get(option)}' is not a date of the form yyyy-MM-dd");

    public DateTime Time(string value, string name, string format) =>
        DateTime.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t
            : throw new CaseInputException($"{name} '{value}' is not a time of the form \"{format}\"");

    public static int Execute(ParseResult parse, Option<string> run, Option<long>? caseOption, Option<string> by, Option<string> lang, Action<CaseRun, CaseBook> body)
    {
        var stderr = parse.InvocationConfiguration.Error;
        int Fail(string message)
        {
            stderr.WriteLine($"error: {message}");
            return ExitCodes.BadInput;
        }

        var text = CaseLanguages.Find(parse.GetValue(lang)!);
        if (text is null)
        {
            return Fail($"--lang '{parse.GetValue(lang)}' is not a language cases speak; use en or zh-CN");
        }

        var runDir = parse.GetValue(run)!;
        try
        {
            var ctx = new CaseRun(parse, text, caseOption is null ? 0 : parse.GetValue(caseOption), parse.GetValue(by)!);
            using (var book = CaseBook.Open(runDir))
            {
                body(ctx, book);
            }

            if (ctx.CarryOutAfter)
            {
                // The run is played again, which rewrites run.sqlite: only with the case book closed.
                var console = Terminal.For(ctx.Out);
                foreach (var done in CaseExecution.CarryOut(runDir, sim => RunCommand.WithProgress(console, text.Processing, sim)).Cases)
                {
                    CasePrinter.Accepted(ctx.Out, done, text);
                }
            }

            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is TraceInputException or CaseInputException)
        {
            return Fail(e.Message);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            return Fail($"{runDir}: cannot read run.sqlite ({e.Message}); rerun `possim run` to write it again");
        }
        catch (IOException e)
        {
            return Fail($"{runDir}: cannot write {CaseLog.FileName} ({e.Message})");
        }
    }
}
