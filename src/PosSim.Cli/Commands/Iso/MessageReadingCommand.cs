using System.CommandLine;

namespace PosSim.Cli.Commands.Iso;

/// <summary>
/// The shape `iso decode` and `iso describe` share: dialect and framing options, `--hex | --in`, `--unmasked`,
/// and an action that decodes every message of the input and hands each to a writer of its own.
/// </summary>
internal static class MessageReadingCommand
{
    /// <param name="writerFor">Given the settings, whether to unmask, and stdout: what to do with each decoded message.</param>
    public static Command Create(string name, string description, Func<IsoSettings, bool, TextWriter, Action<InputMessage>> writerFor)
    {
        var command = new Command(name, description);
        var iso = new IsoOptions();
        var input = new MessageInput();
        var unmasked = new Option<bool>("--unmasked") { Description = "Show PANs and track data in clear. Take care where the output goes." };
        iso.AddTo(command);
        input.AddTo(command);
        command.Options.Add(unmasked);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!iso.TryResolve(parse, error, out var settings))
            {
                return ExitCodes.BadInput;
            }

            var write = writerFor(settings, parse.GetValue(unmasked), parse.InvocationConfiguration.Output);
            return await input.ForEachAsync(parse, settings, error, write, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
