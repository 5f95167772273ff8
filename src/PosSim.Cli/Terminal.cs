using Spectre.Console;

namespace PosSim.Cli;

/// <summary>Spectre.Console bound to a given writer: colour on a real terminal, plain text when redirected or in tests.</summary>
internal static class Terminal
{
    public static IAnsiConsole For(TextWriter writer)
    {
        var interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Files and pipes have no width; 80 columns would wrap every table row.
            console.Profile.Width = 132;
        }

        return console;
    }
}
