using PosSim.Simulation.Support.Cases;
using Spectre.Console;

namespace PosSim.Cli.Commands.Case;

/// <summary>One choice offered: the name a script types, and the words a person reads.</summary>
internal sealed record SessionChoice(string Name, string Label);

/// <summary>
/// How a guided session asks: Spectre.Console's prompts in a terminal, plain numbered lines when stdin is a pipe or a
/// file (Spectre's prompts need an interactive console, and piped answers keep the session scriptable and testable).
/// Both return null when the input ends, which ends the session.
/// </summary>
internal interface ISessionPrompts
{
    int? Choose(string title, IReadOnlyList<SessionChoice> choices, int defaultIndex = 0);

    /// <param name="check">The problem with an answer, or null when it will do; asked again until it will.</param>
    string? Ask(string question, string? defaultValue, Func<string, string?> check);
}

/// <summary>Arrow keys and validation in a terminal.</summary>
internal sealed class SpectrePrompts(IAnsiConsole console) : ISessionPrompts
{
    public int? Choose(string title, IReadOnlyList<SessionChoice> choices, int defaultIndex = 0) =>
        console.Prompt(new SelectionPrompt<int>()
            .Title(Markup.Escape(title))
            .AddChoices(Enumerable.Range(0, choices.Count))
            .UseConverter(i => Markup.Escape(choices[i].Label))
            .DefaultValue(defaultIndex)
            .PageSize(Math.Max(3, choices.Count)));

    public string? Ask(string question, string? defaultValue, Func<string, string?> check)
    {
        var prompt = new TextPrompt<string>(Markup.Escape(question))
            .Validate(answer => check(answer) is { } problem ? ValidationResult.Error(Markup.Escape(problem)) : ValidationResult.Success());
        if (defaultValue is not null)
        {
            prompt.DefaultValue(defaultValue);
            if (defaultValue.Length == 0)
            {
                prompt.AllowEmpty();
            }
        }

        return console.Prompt(prompt);
    }
}

/// <summary>
/// Numbered choices and plain questions, one answer a line: a choice by its number or its name (held-at-issuer), an
/// empty line for the default. Answers are echoed, so a transcript of a piped session reads like one typed.
/// </summary>
internal sealed class LinePrompts(TextReader input, TextWriter output, ICaseText text) : ISessionPrompts
{
    public int? Choose(string title, IReadOnlyList<SessionChoice> choices, int defaultIndex = 0)
    {
        output.WriteLine(title);
        for (var i = 0; i < choices.Count; i++)
        {
            output.WriteLine($"  {i + 1}) {choices[i].Name}: {choices[i].Label}");
        }

        while (true)
        {
            output.Write($"> [{choices[defaultIndex].Name}] ");
            if (input.ReadLine() is not { } line)
            {
                output.WriteLine();
                return null;
            }

            var answer = line.Trim();
            output.WriteLine(answer);
            if (answer.Length == 0)
            {
                return defaultIndex;
            }

            if (int.TryParse(answer, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= choices.Count)
            {
                return n - 1;
            }

            for (var i = 0; i < choices.Count; i++)
            {
                if (string.Equals(choices[i].Name, answer, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            output.WriteLine(text.SessionNotAChoice(answer));
        }
    }

    public string? Ask(string question, string? defaultValue, Func<string, string?> check)
    {
        while (true)
        {
            output.Write(defaultValue is { Length: > 0 } ? $"{question} [{defaultValue}]: " : $"{question}: ");
            if (input.ReadLine() is not { } line)
            {
                output.WriteLine();
                return null;
            }

            var answer = line.Trim();
            output.WriteLine(answer);
            if (answer.Length == 0 && defaultValue is not null)
            {
                answer = defaultValue;
            }

            if (check(answer) is not { } problem)
            {
                return answer;
            }

            output.WriteLine(problem);
        }
    }
}
