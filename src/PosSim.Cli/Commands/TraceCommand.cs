using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using PosSim.Cli.Commands.Trace;
using PosSim.Simulation.Support;

namespace PosSim.Cli.Commands;

/// <summary><c>possim trace</c>: the story of one transaction of a simulated run, for support staff (docs/trace.md).</summary>
internal static partial class TraceCommand
{
    private const string Usage = "give --rrn RRN, or --terminal ID --stan NNNNNN, or --around \"yyyy-MM-dd HH:mm\" --amount 350.00";

    private const string Description =
        "Tell the story of one transaction of a simulated run, hop by hop: terminal, switch, issuer, back to the " +
        "terminal, clearing, settlement, payout, the merchant's bank. Then where the money is now, what to tell the " +
        "merchant and what to do next. Reads DIR/run.sqlite as `possim run --out DIR` wrote it, read-only.\n\n" +
        "Find the transaction the way the merchant can name it:\n" +
        "  by the RRN on the receipt:        possim trace --run runs/lost --rrn 606114000092\n" +
        "  by terminal and trace number:     possim trace --run runs/lost --terminal T0000002 --stan 000041\n" +
        "  by \"about 14:02, 350.00\":         possim trace --run runs/lost --around \"2026-03-02 14:02\" --amount 350.00\n" +
        "--around looks 10 minutes either side for that exact amount. When several transactions fit, they are listed; " +
        "trace one with --rrn.\n\n" +
        "In Chinese for the merchant:        possim trace --run runs/lost --rrn 606114000092 --lang zh-CN\n" +
        "As one JSON object for a script:    possim trace --run runs/lost --rrn 606114000092 --json\n\n" +
        "Exit codes: 0 when it printed a story or a list; 2 on bad input (not a run folder, bad option value, unknown " +
        "language) or when nothing fits, with one line 'error: WHAT' on stderr.";

    public static Command Create()
    {
        var runOption = new Option<string>("--run") { Description = "The run folder (`possim run --out DIR`), holding run.sqlite.", HelpName = "DIR", Required = true };
        var rrnOption = new Option<string?>("--rrn") { Description = "Retrieval reference number, as printed on the receipt.", HelpName = "RRN" };
        var terminalOption = new Option<string?>("--terminal") { Description = "Terminal id from the slip (with --stan).", HelpName = "ID" };
        var stanOption = new Option<string?>("--stan") { Description = "Trace number (STAN) from the slip, up to 6 digits (with --terminal).", HelpName = "NNNNNN" };
        var aroundOption = new Option<string?>("--around") { Description = "About when, local time; looks 10 minutes either side (with --amount).", HelpName = "yyyy-MM-dd HH:mm" };
        var amountOption = new Option<string?>("--amount") { Description = "The exact amount, with a decimal point: 350.00 (with --around).", HelpName = "AMOUNT" };
        var langOption = new Option<string>("--lang") { Description = "Language of the story: en or zh-CN.", HelpName = "en|zh-CN", DefaultValueFactory = _ => "en" };
        var jsonOption = new Option<bool>("--json") { Description = "Print one JSON object (the story, or the list of candidates) instead of tables." };

        var command = new Command("trace", Description) { runOption, rrnOption, terminalOption, stanOption, aroundOption, amountOption, langOption, jsonOption };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            int Fail(string message)
            {
                stderr.WriteLine($"error: {message}");
                return ExitCodes.BadInput;
            }

            var langCode = parseResult.GetValue(langOption)!;
            var text = TraceLanguages.Find(langCode);
            if (text is null)
            {
                return Fail($"--lang '{langCode}' is not a language trace speaks; use en or zh-CN");
            }

            var query = ParseQuery(
                parseResult.GetValue(rrnOption), parseResult.GetValue(terminalOption), parseResult.GetValue(stanOption),
                parseResult.GetValue(aroundOption), parseResult.GetValue(amountOption), out var problem);
            if (query is null)
            {
                return Fail(problem!);
            }

            var runDir = parseResult.GetValue(runOption)!;
            try
            {
                using var reader = TransactionStoryReader.Open(runDir);
                var found = reader.Find(query);
                if (found.Count == 0)
                {
                    return Fail(NothingFits(query, runDir));
                }

                var json = parseResult.GetValue(jsonOption);
                if (found.Count > 1)
                {
                    if (json)
                    {
                        TraceJson.WriteCandidates(stdout, found, text);
                    }
                    else
                    {
                        TracePrinter.WriteCandidates(Terminal.For(stdout), found, text);
                    }

                    return ExitCodes.Ok;
                }

                var story = TransactionStory.Tell(reader.Read(found[0]), text);
                if (json)
                {
                    TraceJson.WriteStory(stdout, story, text);
                }
                else
                {
                    TracePrinter.WriteStory(Terminal.For(stdout), story, text);
                }

                return ExitCodes.Ok;
            }
            catch (TraceInputException e)
            {
                return Fail(e.Message);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                return Fail($"{runDir}: cannot read run.sqlite ({e.Message}); rerun `possim run` to write it again");
            }
        });
        return command;
    }

    /// <summary>The one way of finding the transaction the options give, or null with <paramref name="problem"/> saying what to fix.</summary>
    internal static TraceQuery? ParseQuery(string? rrn, string? terminal, string? stan, string? around, string? amount, out string? problem)
    {
        problem = null;
        var ways = (rrn is null ? 0 : 1) + (terminal is null && stan is null ? 0 : 1) + (around is null && amount is null ? 0 : 1);
        if (ways != 1)
        {
            problem = ways == 0 ? $"say which transaction: {Usage}" : $"use one way to name the transaction: {Usage}";
            return null;
        }

        if (rrn is not null)
        {
            if (!RrnPattern().IsMatch(rrn))
            {
                problem = $"--rrn '{rrn}' is not an RRN (12 letters or digits, as on the receipt)";
                return null;
            }

            return new TraceQuery.ByRrn(rrn);
        }

        if (terminal is not null || stan is not null)
        {
            if (terminal is null || stan is null)
            {
                problem = terminal is null
                    ? "--stan needs --terminal ID (the terminal the trace number belongs to)"
                    : "--terminal needs --stan NNNNNN (the trace number printed on the slip)";
                return null;
            }

            if (!StanPattern().IsMatch(stan))
            {
                problem = $"--stan '{stan}' is not a trace number (1 to 6 digits, e.g. 000041)";
                return null;
            }

            return new TraceQuery.ByTerminalStan(terminal, int.Parse(stan, CultureInfo.InvariantCulture));
        }

        if (around is null || amount is null)
        {
            problem = around is null
                ? "--amount needs --around \"yyyy-MM-dd HH:mm\" (about when the sale was made)"
                : "--around needs --amount, e.g. --amount 350.00";
            return null;
        }

        if (!DateTime.TryParseExact(around, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var when))
        {
            problem = $"--around '{around}' is not a time of the form \"yyyy-MM-dd HH:mm\", e.g. \"2026-03-02 14:02\"";
            return null;
        }

        var minor = ParseAmount(amount);
        if (minor is null)
        {
            problem = $"--amount '{amount}' is not an amount; write it with a decimal point and at most 2 decimals, e.g. 350.00";
            return null;
        }

        return new TraceQuery.Around(when, minor.Value);
    }

    /// <summary>"350.00", "350.5" or "350" in minor units; a comma is refused, as "3,50" could mean 3.50 or 350.</summary>
    internal static long? ParseAmount(string amount)
    {
        var match = AmountPattern().Match(amount);
        if (!match.Success)
        {
            return null;
        }

        var whole = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var cents = match.Groups[2].Success ? int.Parse(match.Groups[2].Value.PadRight(2, '0'), CultureInfo.InvariantCulture) : 0;
        return whole > 1_000_000_000_000 ? null : (whole * 100) + cents;
    }

    private static string NothingFits(TraceQuery query, string runDir) => query switch
    {
        TraceQuery.ByRrn q => $"no transaction with RRN {q.Rrn} in {runDir}; check the number on the receipt, or try --terminal ID --stan NNNNNN",
        TraceQuery.ByTerminalStan q => $"no transaction with STAN {q.Stan:D6} on terminal {q.TerminalId} in {runDir}; check the slip, or try --around with the amount",
        TraceQuery.Around q => string.Create(CultureInfo.InvariantCulture,
            $"no purchase or refund of {q.AmountMinor / 100m:0.00} between {q.From.Replace('T', ' ')} and {q.To.Replace('T', ' ')} in {runDir}; check the amount and the day, or widen the time"),
        _ => $"nothing fits in {runDir}",
    };

    [GeneratedRegex("^[0-9A-Za-z]{1,12}$")]
    private static partial Regex RrnPattern();

    [GeneratedRegex("^[0-9]{1,6}$")]
    private static partial Regex StanPattern();

    [GeneratedRegex(@"^([0-9]{1,15})(?:\.([0-9]{1,2}))?$")]
    private static partial Regex AmountPattern();
}
