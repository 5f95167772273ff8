using System.CommandLine;
using PosSim.Cli.Commands.Case;

namespace PosSim.Cli.Commands;

/// <summary><c>possim case</c>: support cases over a simulated run, worked step by step through the procedure (docs/cases.md).</summary>
internal static class CaseCommand
{
    private const string Description =
        "Work a merchant's complaint (\"I took 350.00 at 14:02 and it never arrived\") through the support procedure, " +
        "over a run written by `possim run --out DIR`. Each step is its own command; a step out of turn, or one the " +
        "run's records contradict, is refused with the reason and what to do instead. Steps are kept in " +
        "DIR/cases.ndjson (the run's own files are only read, until an approval plays the run again to carry the case out), so a case can be continued later, by anyone.\n\n" +
        "The procedure, in order:\n" +
        "  possim case open     --run DIR --merchant M0001 --around \"2026-03-02 09:10\" --amount 56.00 --words \"...\"\n" +
        "  possim case search   --run DIR --case 1          (the purchases that fit the complaint)\n" +
        "  possim case confirm  --run DIR --case 1 --rrn RRN\n" +
        "  possim case diagnose --run DIR --case 1 --money held-at-issuer\n" +
        "  possim case contact  --run DIR --case 1 --path release-hold --by-date 2026-03-12\n" +
        "  possim case apply    --run DIR --case 1          (prefilled from the transaction; override any field)\n" +
        "  possim case submit   --run DIR --case 1\n" +
        "  possim case review   --run DIR --case 1 --approve   (or --reject --reason TEXT)\n" +
        "At any point: possim case escalate --reason TEXT; when no money was taken: possim case close.\n" +
        "See a case and its audit trail with `possim case show`, all cases with `possim case list`.\n" +
        "Write a case's evidence pack (an escalation writes it by itself): possim case evidence --run DIR --case N.\n" +
        "An approval carries the case out by itself; after an interrupted one: possim case process --run DIR.\n\n" +
        "Guided, in the terminal (only the steps allowed next, values prefilled from the records):\n" +
        "  possim case session  --run DIR [--case 1]\n\n" +
        "Training: run a scenario, get a merchant's call about a purchase that never arrived, work it, be graded:\n" +
        "  possim case train    --scenario scenarios/05-clearing-records.yaml --seed 5   (prints the run folder DIR and the case)\n" +
        "  possim case grade    --run DIR --case 1   (points per step, each mistake, what the procedure says, the answer)\n\n" +
        "Exit codes: 0 when the step was taken (or the listing printed); 2 on bad input or a refused step, with one " +
        "line 'error: WHAT' on stderr.";

    public static Command Create(TextReader stdin)
    {
        var command = new Command("case", Description);
        foreach (var sub in CaseSteps.Commands())
        {
            command.Subcommands.Add(sub);
        }

        command.Subcommands.Add(CaseSession.Create(stdin));
        command.Subcommands.Add(CaseTrain.Train());
        command.Subcommands.Add(CaseTrain.Grade());
        return command;
    }
}
