using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using PosSim.Desk;
using PosSim.Host.Serve;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Support;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Cli.Commands;

/// <summary>`possim desk` (docs/desk.md): the support desk in a browser, over a run folder, through the same cases as `possim case`.</summary>
internal static class DeskCommand
{
    private const string Description =
        "Serve the support desk: web pages where a merchant's complaint is taken, the transaction log searched, a transaction's " +
        "journey and the merchant's account looked at, and the case worked through the procedure (confirm, diagnose, contact the " +
        "customer, apply for the refund, submit, review) until the money is back. The desk works the cases of a run folder " +
        "through the same case engine and the same DIR/cases.ndjson as `possim case`: a case opened on the desk can be continued " +
        "with `possim case`, and the other way round. Approving a case carries it out by playing the run again, as " +
        "`possim case review --approve` does.\n\n" +
        "It listens on loopback unless told otherwise, and prints 'listening on http://HOST:PORT' when ready; stop it with Ctrl+C. " +
        "On any other address it refuses to start without --token: each browser then opens http://HOST:PORT/?token=TOKEN once " +
        "(a cookie keeps it), and tools send the header X-Desk-Token.\n\n" +
        "Examples:\n" +
        "  possim run scenarios/05-clearing-records.yaml --out runs/05 && possim desk --run runs/05\n" +
        "  possim desk --scenario scenarios/16-support-cases.yaml --lang zh-CN     (plays it first, as possim run would)\n" +
        "  possim desk --run runs/05 --listen 0.0.0.0:5880 --token \"$(openssl rand -hex 16)\"\n\n" +
        "Exit codes: 0 when stopped; 2 on bad input (not a run folder, a damaged case log, a bad option, a non-loopback address " +
        "without --token), with one line 'error: WHAT' on stderr; 1 when it could not listen (the port is taken).";

    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "The run folder to serve (`possim run --out DIR`).", HelpName = "DIR" };
        var scenario = new Option<string?>("--scenario") { Description = "Play this scenario first, as `possim run` would, and serve its folder.", HelpName = "FILE" };
        var seed = new Option<int?>("--seed") { Description = "With --scenario: the seed (default: the scenario's).", HelpName = "N" };
        var output = new Option<string?>("--out") { Description = "With --scenario: the folder to play it into (default: runs/NAME-seedN, as `possim run`).", HelpName = "DIR" };
        var listen = new Option<string>("--listen") { Description = "Address to serve on, HOST:PORT (port 0: any free port). Loopback by default.", HelpName = "HOST:PORT", DefaultValueFactory = _ => "127.0.0.1:5880" };
        var lang = new Option<string>("--lang") { Description = "The desk's language until a page switches it: en or zh-CN.", HelpName = "en|zh-CN", DefaultValueFactory = _ => "en" };
        var token = new Option<string?>("--token") { Description = "Access token every request must carry; required on an address other than loopback (at least 12 characters).", HelpName = "TOKEN" };
        var command = new Command("desk", Description) { run, scenario, seed, output, listen, lang, token };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            int Fail(string message)
            {
                stderr.WriteLine($"error: {message}");
                return ExitCodes.BadInput;
            }

            if (CaseLanguages.Find(parse.GetValue(lang)!) is not { } language)
            {
                return Fail($"--lang '{parse.GetValue(lang)}' is not a language the desk speaks; use en or zh-CN");
            }

            if (!Endpoints.TryParse(parse.GetValue(listen)!, out var endPoint, out var problem))
            {
                return Fail($"--listen: {problem}");
            }

            var runDir = parse.GetValue(run);
            var scenarioFile = parse.GetValue(scenario);
            if ((runDir is null) == (scenarioFile is null))
            {
                return Fail("give the run folder (--run DIR) or a scenario to play first (--scenario FILE), one of the two");
            }

            if (runDir is not null && (parse.GetValue(seed) is not null || parse.GetValue(output) is not null))
            {
                return Fail("--seed and --out go with --scenario; a run folder already has its seed");
            }

            var options = new DeskOptions(runDir ?? "", endPoint, language, parse.GetValue(token));
            if (options.Problem() is { } refused)
            {
                return Fail(refused);
            }

            if (scenarioFile is not null)
            {
                // The scenario is played exactly as `possim run` plays it (its summary, its complaints worked by the agent).
                Scenario loaded;
                try
                {
                    loaded = ScenarioLoader.Load(scenarioFile, []);
                }
                catch (ScenarioException e)
                {
                    return Fail(e.Message);
                }

                var seedValue = parse.GetValue(seed) ?? loaded.Seed;
                runDir = parse.GetValue(output) ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"{loaded.Name}-seed{seedValue}"));
                if (RunCommand.Run(loaded, RunRecipe.Of(scenarioFile, [], seedValue), runDir, stdout, stderr) == ExitCodes.BadInput)
                {
                    return ExitCodes.BadInput;
                }

                options = options with { RunDir = runDir };
            }

            return await ServeAsync(options, stdout, stderr, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ServeAsync(DeskOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // Ctrl+C and SIGTERM stop the desk cleanly (exit 0), as they stop `possim serve`.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        DeskServer desk;
        try
        {
            desk = await DeskServer.StartAsync(options, stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TraceInputException or CaseInputException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            await stderr.WriteLineAsync($"error: {options.RunDir}: cannot read run.sqlite ({e.Message}); rerun `possim run` to write it again").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            // Most often the port is taken: one line a person can act on.
            await stderr.WriteLineAsync($"error: the desk could not listen on {options.Listen}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await using (desk.ConfigureAwait(false))
        {
            await stdout.WriteLineAsync($"listening on {desk.Address.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            await stdout.WriteLineAsync($"serving the cases of {Path.GetFullPath(options.RunDir)}{(options.Token is null ? "" : "; open /?token=TOKEN once in each browser")}").ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped: Ctrl+C, SIGTERM or the caller's token.
            }
        }

        return ExitCodes.Ok;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }
}
