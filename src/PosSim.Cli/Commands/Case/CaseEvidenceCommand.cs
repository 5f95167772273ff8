using System.CommandLine;
using System.CommandLine.Invocation;
using PosSim.Simulation.Support;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Evidence;

namespace PosSim.Cli.Commands.Case;

/// <summary>
/// The evidence pack on the command line: <c>possim case evidence</c> writes any case's, and an escalation writes its
/// own, because a case is handed on with its evidence (docs/cases.md, "The evidence pack").
/// </summary>
internal static class CaseEvidenceCommand
{
    private const string Description =
        "Write the evidence pack of a case: one self-contained HTML file (nothing fetched, no script, printable) with " +
        "the complaint and every step taken on it, the audit trail, the transaction's journey hop by hop, its ISO 8583 " +
        "messages (from the switch log, and from DIR/events.ndjson as they went on the wire, lost ones included), its " +
        "holds and ledger transfers, its clearing, settlement, payouts and statement lines, and the reconciliation " +
        "findings and injected faults that touch it. Card numbers are masked. Any case can have one, escalated or not " +
        "(the page says which); `possim case escalate` writes it by itself to DIR/evidence/case-N.html. The same case " +
        "of the same run gives the same file, byte for byte: it is dated in the run's time, not the wall clock.\n\n" +
        "Examples:\n" +
        "  possim case evidence --run runs/05 --case 1\n" +
        "  possim case evidence --run runs/05 --case 1 --lang zh-CN --out case-1.zh-CN.html\n\n" +
        "Exit codes: 0 when the pack was written (its path is printed); 2 on bad input (not a run folder, no such " +
        "case, unknown language, a file that cannot be written), with one line 'error: WHAT' on stderr.";

    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "The run folder (`possim run --out DIR`).", HelpName = "DIR", Required = true };
        var caseId = new Option<long>("--case") { Description = "The case number, as `possim case open` printed it.", HelpName = "N", Required = true };
        var output = new Option<string?>("--out") { Description = "Where to write it (default: DIR/evidence/case-N.html).", HelpName = "FILE" };
        var lang = new Option<string>("--lang") { Description = "Language of the pack: en or zh-CN.", HelpName = "en|zh-CN", DefaultValueFactory = _ => "en" };
        var command = new Command("evidence", Description) { run, caseId, output, lang };
        command.SetAction(parse => Write(parse, parse.GetValue(run)!, parse.GetValue(caseId), parse.GetValue(lang)!, parse.GetValue(output), escalated: false));
        return command;
    }

    /// <summary>Makes the escalate step write the case's pack once the escalation is on record, and print where.</summary>
    public static Command WritingThePack(Command escalate)
    {
        if (escalate.Action is not SynchronousCommandLineAction step)
        {
            throw new InvalidOperationException("the escalate step has no action to add the evidence pack to");
        }

        escalate.Description += " Writes the case's evidence pack to DIR/evidence/case-N.html (see `possim case evidence`).";
        escalate.SetAction(parse =>
        {
            var code = step.Invoke(parse);
            return code != ExitCodes.Ok
                ? code
                : Write(parse, parse.GetValue<string>("--run")!, parse.GetValue<long>("--case"), parse.GetValue<string>("--lang")!, null, escalated: true);
        });
        return escalate;
    }

    private static int Write(ParseResult parse, string runDir, long caseId, string langCode, string? output, bool escalated)
    {
        var stderr = parse.InvocationConfiguration.Error;
        int Fail(string message)
        {
            stderr.WriteLine($"error: {message}");
            return ExitCodes.BadInput;
        }

        var text = CaseLanguages.Find(langCode);
        if (text is null)
        {
            return Fail($"--lang '{langCode}' is not a language cases speak; use en or zh-CN");
        }

        var path = output ?? CaseEvidence.DefaultPath(runDir, caseId);
        if (Directory.Exists(path))
        {
            return Fail($"--out {path} is a folder; give the file to write, e.g. {Path.Combine(path, $"case-{caseId}.html")}");
        }

        try
        {
            using var book = CaseBook.Open(runDir);
            CaseEvidence.Write(runDir, book.Get(caseId), text, path);
        }
        catch (Exception e) when (e is TraceInputException or CaseInputException)
        {
            return Fail(e.Message);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            return Fail($"{runDir}: cannot read run.sqlite ({e.Message}); rerun `possim run` to write it again");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The escalation itself is on record by now; only its pack is missing, and it can be written again.
            var retry = escalated ? $"; the case is escalated, write its pack with `possim case evidence --run {runDir} --case {caseId} --out FILE`" : "";
            return Fail($"cannot write the evidence pack to {path} ({e.Message}){retry}");
        }

        parse.InvocationConfiguration.Output.WriteLine(text.EvidenceWritten(path));
        return ExitCodes.Ok;
    }
}
