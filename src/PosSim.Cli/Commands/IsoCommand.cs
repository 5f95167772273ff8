using System.CommandLine;
using PosSim.Cli.Commands.Iso;

namespace PosSim.Cli.Commands;

/// <summary>`possim iso`: the codec on the command line.</summary>
internal static class IsoCommand
{
    public static Command Create(TextReader stdin)
    {
        var command = new Command(
            "iso",
            "ISO 8583 tools: decode messages to JSON, encode JSON to messages, and describe messages as tables. " +
            "Works in the built-in dialects (iso87-ascii, iso87-binary, iso87-ascii-binary-bitmap) or your own dialect file.");
        command.Subcommands.Add(IsoDecodeCommand.Create());
        command.Subcommands.Add(IsoEncodeCommand.Create(stdin));
        command.Subcommands.Add(IsoDescribeCommand.Create());
        return command;
    }
}
