using System.CommandLine;
using System.Globalization;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Support;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Training;

namespace PosSim.Cli.Commands.Case;

/// <summary><c>possim case train</c> and <c>possim case grade</c>: training cases over a fresh run, graded against the procedure.</summary>
internal static class CaseTrain
{
    public static Command Train()
    {
        var scenario = new Option<string>("--scenario") { Description = "The scenario to run, e.g. scenarios/05-clearing-records.yaml.", HelpName = "FILE", Required = true };
        var seed = new Option<string>("--seed") { Description = "Seed of the run and of the choice of case: the same seed gives the same case.", HelpName = "N", Required = true };
        var output = new Option<string?>("--out") { Description = "Folder for the run (default: runs/train-NAME-SEED, or the first free -2, -3...). It must hold no case yet.", HelpName = "DIR" };
        var pick = new Option<string?>("--pick") { Description = "Which of the run's breaks the case is about, 1 being the first to happen (default: drawn by the seed).", HelpName = "K" };
        var words = new Option<string?>("--merchant-words") { Description = "The merchant's words, instead of made-up ones; {amount} and {when} are filled in.", HelpName = "TEXT" };
        var lang = new Option<string>("--lang") { Description = "Language of the complaint and the instructions: en or zh-CN.", HelpName = "en|zh-CN", DefaultValueFactory = _ => "en" };
        var command = new Command("train",
            "Training: run a scenario, pick a purchase a merchant would call about (taken from the card, never paid to the merchant) " +
            "and open a case with the merchant's complaint in their words. Work it with the steps below or `possim case session`, " +
            "then `possim case grade`. The answer key goes to DIR/training.json: do not open it before grading.")
        {
            scenario, seed, output, pick, words, lang,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            int Fail(string message)
            {
                stderr.WriteLine($"error: {message}");
                return ExitCodes.BadInput;
            }

            if (CaseLanguages.Find(parse.GetValue(lang)!) is not { } text)
            {
                return Fail($"--lang '{parse.GetValue(lang)}' is not a language cases speak; use en or zh-CN");
            }

            if (!int.TryParse(parse.GetValue(seed), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                return Fail($"--seed '{parse.GetValue(seed)}' is not a seed; give a whole number, e.g. --seed 5");
            }

            int? k = null;
            if (parse.GetValue(pick) is { } p)
            {
                if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var chosen) || chosen < 1)
                {
                    return Fail($"--pick '{p}' is not a break's number; give 1 for the first break of the run, 2 for the next...");
                }

                k = chosen;
            }

            Scenario loaded;
            try
            {
                loaded = ScenarioLoader.Load(parse.GetValue(scenario)!);
            }
            catch (ScenarioException e)
            {
                return Fail(e.Message);
            }

            var runDir = parse.GetValue(output) ?? Trainer.DefaultFolder(loaded.Name, n);
            if (Trainer.HeldWork(runDir) is { } held)
            {
                return Fail($"{runDir} holds cases already ({held}); give --out another folder, or remove it to train there again");
            }

            // The run's own summary names the exceptions it found: the trainee must find them, so it is not shown.
            var runErrors = new StringWriter();
            if (RunCommand.Run(loaded, RunRecipe.Of(parse.GetValue(scenario)!, [], n), runDir, TextWriter.Null, runErrors) == ExitCodes.BadInput)
            {
                stderr.Write(runErrors.ToString());
                return ExitCodes.BadInput;
            }

            try
            {
                var training = Trainer.Start(runDir, new TrainingRequest(parse.GetValue(scenario)!, loaded.Name, n, k, parse.GetValue(words)), text);
                stdout.WriteLine(text.TrainingOpened(training.Case.Id, loaded.Name, n, training.Key.Pick, training.Key.Breaks));
                stdout.WriteLine(text.Complaint(training.Case.Complaint));
                stdout.WriteLine();
                foreach (var line in text.TrainingHowTo(runDir, training.Case.Id))
                {
                    stdout.WriteLine(line);
                }

                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is CaseInputException or TraceInputException)
            {
                return Fail(e.Message);
            }
        });
        return command;
    }

    public static Command Grade()
    {
        var run = new Option<string>("--run") { Description = "The folder `possim case train` wrote.", HelpName = "DIR", Required = true };
        var caseId = new Option<long>("--case") { Description = "The training case.", HelpName = "N", Required = true };
        // The shared invocation wants a --by; grading takes no step, so the command does not offer it.
        var by = new Option<string>("--by");
        var lang = new Option<string>("--lang") { Description = "Language of the feedback: en or zh-CN.", HelpName = "en|zh-CN", DefaultValueFactory = _ => "en" };
        var command = new Command("grade",
            "Grade a training case against the procedure: points for each step, and for each mistake what was wrong, what was " +
            "missed and what the procedure says; then the answer. A case approved and awaiting processing has had every step " +
            "support takes, and can get full marks.")
        {
            run, caseId, lang,
        };
        command.SetAction(parse => CaseRun.Execute(parse, run, caseId, by, lang, (ctx, _) =>
        {
            var (grade, key) = Trainer.Grade(parse.GetValue(run)!, ctx.Case);
            CaseTrainPrinter.Grade(ctx.Out, grade, key, ctx.Text);
        }));
        return command;
    }
}
