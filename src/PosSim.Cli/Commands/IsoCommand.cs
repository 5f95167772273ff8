using System.CommandLine;

namespace PosSim.Cli.Commands;

internal static class IsoCommand
{
    public static Command Create() => new("iso", "ISO 8583 tools: decode, encode and describe messages.");
}
