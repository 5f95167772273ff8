using PosSim.Interchange;
using System.CommandLine;
using System.Globalization;
using PosSim.Reconciliation;

namespace PosSim.Cli.Commands;

/// <summary><c>possim match</c>: the reconciliation engine on a folder of interchange files.</summary>
internal static class MatchCommand
{
    private const string Description =
        "Reconcile the switch log against clearing, settlement and the merchant's bank statement, and list every " +
        "transaction whose money went missing and why.\n\n" +
        "Reads from --in: merchants.csv, transactions.csv, clearing.csv, settlements.csv, payouts.csv, and optionally " +
        "batches.csv, holidays.csv and adjustments.csv (formats: docs/reconciliation.md). Writes to --out: exceptions.csv " +
        "(one row per exception, sorted, with a sentence a support agent can read out), summary.json (counts per kind, " +
        "matched, pending) and resolved.csv (the exceptions a support case has since resolved, with the proof). Steps " +
        "that are not yet due by --as-of are pending, not exceptions.\n\n" +
        "Exit codes: 0 when it ran, whatever it found; 2 on bad input, with 'error: FILE line L, column C: WHAT' on " +
        "stderr and nothing written.\n\n" +
        "Example: possim match --in scenarios/recon-sample --out out/recon --as-of 2026-03-09";

    public static Command Create()
    {
        var inOption = new Option<string>("--in")
        {
            Description = "Folder with the input CSV files.",
            HelpName = "DIR",
            Required = true,
        };
        var outOption = new Option<string>("--out")
        {
            Description = "Folder for exceptions.csv, summary.json and resolved.csv (created if missing; files replaced only on success).",
            HelpName = "DIR",
            Required = true,
        };
        var asOfOption = new Option<string?>("--as-of")
        {
            Description = "Cut-off date yyyy-MM-dd: anything due on or after it is pending. Default: the day after the latest date in the inputs.",
            HelpName = "yyyy-MM-dd",
        };

        var command = new Command("match", Description) { inOption, outOption, asOfOption };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var inDir = parseResult.GetValue(inOption)!;
            var outDir = parseResult.GetValue(outOption)!;
            var asOfText = parseResult.GetValue(asOfOption);
            DateOnly? asOf = null;
            if (asOfText is not null)
            {
                if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    stderr.WriteLine($"error: --as-of '{asOfText}' is not a date of the form yyyy-MM-dd");
                    return ExitCodes.BadInput;
                }

                asOf = date;
            }

            if (!Directory.Exists(inDir))
            {
                stderr.WriteLine($"error: {inDir}: no such folder");
                return ExitCodes.BadInput;
            }

            MatchResult result;
            try
            {
                result = Matcher.Run(inDir, asOf);
            }
            catch (ReconciliationInputException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }

            try
            {
                Matcher.WriteOutputs(result, outDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot write to {outDir}: {e.Message}");
                return ExitCodes.Failure;
            }

            PrintSummary(stdout, result, outDir);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void PrintSummary(TextWriter stdout, MatchResult result, string outDir)
    {
        var inv = CultureInfo.InvariantCulture;
        var asOf = result.AsOf?.ToString("yyyy-MM-dd", inv) ?? "(no dates in the inputs)";
        stdout.WriteLine(string.Create(inv,
            $"as of {asOf}: {result.Live:N0} live transactions, {result.Matched:N0} matched, {result.Pending:N0} pending, {result.Touched:N0} touched by an exception"));
        if (result.Exceptions.Count == 0)
        {
            stdout.WriteLine("no exceptions");
        }
        else
        {
            stdout.WriteLine(string.Create(inv, $"{result.Exceptions.Count:N0} exceptions:"));
            foreach (var kind in ExceptionKinds.InOutputOrder)
            {
                var n = result.Counts[kind];
                if (n > 0)
                {
                    stdout.WriteLine(string.Create(inv, $"  {kind.Name(),-26}{n,10:N0}"));
                }
            }
        }

        if (result.HasAdjustments)
        {
            stdout.WriteLine(string.Create(inv,
                $"{result.Adjustments.Count:N0} adjustments: {result.Resolved.Count:N0} exceptions resolved, {result.UnprovenAdjustments.Count:N0} adjustments unproven"));
            foreach (var a in result.UnprovenAdjustments)
            {
                stdout.WriteLine(string.Create(inv, $"  case {a.CaseId} ({a.WayBack.Name()}) unproven: {a.Missing}"));
            }
        }

        stdout.WriteLine($"wrote {Path.Combine(outDir, InterchangeFiles.Exceptions.Name)}, {Path.Combine(outDir, InterchangeFiles.Summary.Name)} and {Path.Combine(outDir, InterchangeFiles.Resolved.Name)}");
    }
}
