using System.Globalization;
using PosSim.Core.Cases.Grading;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Training;

namespace PosSim.Cli.Commands.Case;

/// <summary>A grade as plain lines: the score, each step's points with its mistakes and the procedure's word, then the answer.</summary>
internal static class CaseTrainPrinter
{
    public static void Grade(TextWriter output, Grade grade, TrainingKey key, ICaseText text)
    {
        output.WriteLine(text.GradeTitle(grade.CaseId, grade.Score, grade.OutOf));
        output.WriteLine(text.Verdict(grade.Verdict, grade.Stage));
        output.WriteLine();
        foreach (var step in grade.Steps)
        {
            var points = step.Step == GradedStep.Order
                ? step.Points.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{step.Points}/{step.OutOf}");
            var reached = step.Reached || step.Mistakes.Length > 0 ? "" : " " + text.NotReached;
            output.WriteLine($"{points,6}  {(step.FullMarks ? "ok" : "  ")} {text.StepTitle(step.Step)}{reached}");
            foreach (var mistake in step.Mistakes)
            {
                output.WriteLine($"           x {text.Mistake(mistake, key.Answer)}");
                if (mistake.Corrected)
                {
                    output.WriteLine($"             {text.CorrectedMistake}");
                }
            }

            if (!step.FullMarks)
            {
                output.WriteLine($"             {text.StepProcedure(step.Step)}");
            }
        }

        output.WriteLine();
        output.WriteLine(text.AnswerHeading);
        output.WriteLine(text.TheAnswer(key.Answer, key.Fault, key.Finding));
    }
}
