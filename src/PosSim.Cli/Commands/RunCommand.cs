using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PosSim.Host.Export;
using PosSim.Interchange;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Support.Cases;
using PosSim.Core.Cases;
using Spectre.Console;

namespace PosSim.Cli.Commands;

/// <summary><c>possim run</c>: a scenario in deterministic simulation, with its report.</summary>
internal static class RunCommand
{
    private const string Description =
        "Run a scenario in deterministic simulation: terminals, switch, issuer, ledger, clearing, settlement and the " +
        "merchants' bank on one virtual clock, with the scenario's faults injected; then reconcile the run and check " +
        "the matcher's findings against the faults.\n\n" +
        "Writes to --out: recon/ (the interchange files, and exceptions.csv and summary.json of `possim match`), " +
        "ground-truth.csv (every fault that took effect and the exception it should raise), events.ndjson (every " +
        "message, posting, timer and fault in virtual time, card numbers masked), run.sqlite (the run as tables to " +
        "query) and report.html (open it in a browser). The same scenario and seed give byte-identical files.\n\n" +
        "Exit codes: 0 when every expectation of the scenario held; 1 when one failed (each named on stderr); 2 on a " +
        "bad scenario or option ('error: FILE:LINE:COLUMN: WHAT', or 'error: --set KEY=VALUE: WHAT' for a " +
        "value given with --set), with nothing written.\n\n" +
        "Examples:\n" +
        "  possim run scenarios/01-lost-response.yaml\n" +
        "  possim run scenarios/00-happy-week.yaml --seed 7 --out out/week --set traffic.purchases_per_day=20000";

    public static Command Create()
    {
        var scenarioArgument = new Argument<string>("SCENARIO") { Description = "The scenario file (YAML; keys in docs/scenarios.md)." };
        var seedOption = new Option<int?>("--seed") { Description = "Seed of every random draw (default: the scenario's seed).", HelpName = "N" };
        var outOption = new Option<string?>("--out") { Description = "Folder for the run's files (default: runs/NAME-seedN). Replaced files only; other files are left alone.", HelpName = "DIR" };
        var daysOption = new Option<int?>("--days") { Description = "Trading days to simulate instead of the scenario's; the scenario's faults and planned transactions must fall within them.", HelpName = "N" };
        var setOption = new Option<string[]>("--set")
        {
            Description = "Override one scenario key, by its dotted path: --set traffic.purchases_per_day=5000 (repeatable).",
            HelpName = "key=value",
            AllowMultipleArgumentsPerToken = false,
        };

        var command = new Command("run", Description) { scenarioArgument, seedOption, outOption, daysOption, setOption };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(scenarioArgument)!;
            var overrides = new List<string>(parse.GetValue(setOption) ?? []);
            if (parse.GetValue(daysOption) is { } days)
            {
                if (days < 1 || days > 3660)
                {
                    stderr.WriteLine($"error: --days {days}: give a number of days from 1 to 3660");
                    return ExitCodes.BadInput;
                }

                // Read as the scenario's own days, so faults and holds are checked against the days that will run.
                overrides.Add(string.Create(CultureInfo.InvariantCulture, $"days={days}"));
            }

            // Everything is checked before the output folder is made: a bad scenario or option writes nothing.
            Scenario scenario;
            try
            {
                scenario = ScenarioLoader.Load(path, overrides);
            }
            catch (ScenarioException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }

            var seed = parse.GetValue(seedOption) ?? scenario.Seed;
            var outDir = parse.GetValue(outOption) ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}-seed{seed}"));
            return Run(scenario, RunRecipe.Of(path, overrides, seed), outDir, stdout, stderr);
        });
        return command;
    }

    /// <summary>Runs a scenario into a folder and prints its summary: `possim run`, `possim case train` before it opens a case, and `possim desk --scenario`.</summary>
    internal static int Run(Scenario scenario, RunRecipe recipe, string outDir, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            Directory.CreateDirectory(outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot write to {outDir}: {e.Message}");
            return ExitCodes.BadInput;
        }

        var console = Terminal.For(stdout);
        var wall = Stopwatch.StartNew();
        var simulated = TimeSpan.Zero;
        if (SetAsideCaseLog(outDir) is { } kept)
        {
            console.WriteLine($"the cases of the run this folder held were moved to {kept}: they belong to that run, not this one");
        }

        var result = recipe.Play(scenario, outDir, [], run =>
        {
            var outcome = WithProgress(console, $"simulating {scenario.Days} day(s) of {scenario.Name}", run);
            simulated = wall.Elapsed;
            return outcome;
        });

        IReadOnlyList<SupportCase> cases = [];
        if (scenario.Support is { Agent: true, Complaints.Count: > 0 } support)
        {
            // The automatic agent works each complaint through the procedure; carrying the approved ones out plays the run again.
            var worked = AutomaticAgent.Work(outDir, support.Complaints, run => WithProgress(console, "carrying out the support cases", run));
            result = worked.Run ?? result;
            cases = worked.Cases;
        }

        PrintSummary(console, result, simulated, wall.Elapsed, outDir, cases);
        foreach (var failed in result.Expectations.Where(e => !e.Held))
        {
            stderr.WriteLine($"expectation failed: {failed.Name}: expected {failed.Expected}, got {failed.Actual}");
        }

        return result.AllExpectationsHeld ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>Runs the simulation with a progress bar when the console is a terminal.</summary>
    internal static SimulationOutcome WithProgress(IAnsiConsole console, string title, SimulationRun run) =>
        console.Profile.Capabilities.Interactive
            ? console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(title), maxValue: 1.0);
                    return run.Simulate(share => task.Value = share);
                })
            : run.Simulate();

    /// <summary>Moves a case log left by an earlier run of the folder aside (cases.ndjson.N), so nothing is lost; returns its new name.</summary>
    private static string? SetAsideCaseLog(string outDir)
    {
        var log = Path.Combine(outDir, CaseLog.FileName);
        if (!File.Exists(log))
        {
            return null;
        }

        var n = 1;
        while (File.Exists(log + "." + n.ToString(CultureInfo.InvariantCulture)))
        {
            n++;
        }

        var kept = log + "." + n.ToString(CultureInfo.InvariantCulture);
        File.Move(log, kept);
        return kept;
    }

    private static void PrintSummary(IAnsiConsole console, RunResult result, TimeSpan simulating, TimeSpan wall, string outDir, IReadOnlyList<SupportCase> cases)
    {
        var inv = CultureInfo.InvariantCulture;
        var c = result.Counters;
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().Title($"{Markup.Escape(result.Scenario.Name)}, seed {result.Seed}");
        table.AddColumn("");
        table.AddColumn(new TableColumn("").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("simulated", string.Create(inv, $"{result.SimulatedFrom:yyyy-MM-dd HH:mm} to {result.SimulatedTo:yyyy-MM-dd HH:mm}"));
        Row("transactions logged", c.GetValueOrDefault("transactions").ToString("N0", inv));
        Row("purchases sent / approved", string.Create(inv, $"{c.GetValueOrDefault("purchases_sent"):N0} / {c.GetValueOrDefault("purchases_approved"):N0}"));
        Row("refunds / voids / reversals sent", string.Create(inv, $"{c.GetValueOrDefault("refunds_sent"):N0} / {c.GetValueOrDefault("voids_sent"):N0} / {c.GetValueOrDefault("reversals_sent"):N0}"));
        Row("payouts", c.GetValueOrDefault("payouts").ToString("N0", inv));
        Row("faults injected", result.Faults.Count.ToString("N0", inv));
        foreach (var kind in ExceptionKinds.InOutputOrder)
        {
            if (result.Match.Counts.GetValueOrDefault(kind) is > 0 and var n)
            {
                Row("exceptions: " + kind.Name(), n.ToString("N0", inv));
            }
        }

        Row("findings vs faults", result.Missed.Count == 0 && result.Unexplained.Count == 0
            ? string.Create(inv, $"all {result.Expected.Count} found, nothing more")
            : string.Create(inv, $"{result.Missed.Count} missed, {result.Unexplained.Count} unexplained"));
        if (cases.Count > 0)
        {
            Row("support cases", string.Create(inv,
                $"{cases.Count} worked: {cases.Count(k => k.Stage == CaseStage.Completed)} completed, {cases.Count(k => k.Stage == CaseStage.Escalated)} escalated, {cases.Count(k => !k.IsClosed)} open"));
            foreach (var worked in cases)
            {
                Row(string.Create(inv, $"  case {worked.Id}"), string.Create(inv,
                    $"{CaseNames.Of(worked.Stage)}{(worked.Command is { } k ? $" by {CaseNames.Of(k.Path)}" : "")}{(worked.EscalationReason is { } why ? ": " + why : "")}"));
            }
        }

        Row("money conserved", result.LedgerProblems.Count == 0 ? "yes" : "NO: " + result.LedgerProblems[0]);
        Row("expectations", string.Create(inv, $"{result.Expectations.Count(e => e.Held)} passed, {result.Expectations.Count(e => !e.Held)} failed"));
        Row("wall time", string.Create(inv, $"{wall.TotalSeconds:0.00} s ({simulating.TotalSeconds:0.00} s simulating)"));
        console.Write(table);
        console.WriteLine($"wrote {outDir}{Path.DirectorySeparatorChar}: recon/, {RunOutputs.GroundTruth}, {RunOutputs.Events}, {RunOutputs.Database}, {RunOutputs.Report}, {RunRecipe.FileName}{(cases.Count > 0 ? ", " + CaseLog.FileName : "")}");
    }
}
