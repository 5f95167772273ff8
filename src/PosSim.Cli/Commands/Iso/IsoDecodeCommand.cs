using System.CommandLine;
using PosSim.Iso8583.Json;

namespace PosSim.Cli.Commands.Iso;

/// <summary>`possim iso decode`: one JSON object per message, one per line (docs/cli.md).</summary>
internal static class IsoDecodeCommand
{
    public static Command Create()
    {
        return MessageReadingCommand.Create(
            "decode",
            "Decode ISO 8583 messages to JSON, one object per line: {\"mti\":\"0200\",\"fields\":{\"3\":\"000000\",...}}. " +
            "Card numbers and track data are masked (first 6 and last 4 digits kept) unless --unmasked. " +
            "A malformed message stops the run with exit code 2 and 'error: field N at offset M: WHAT' on stderr.\n\n" +
            "Examples:\n" +
            "  possim iso decode --dialect iso87-ascii --framing none --in purchase.bin\n" +
            "  possim iso decode --dialect iso87-binary --in capture.bin --unmasked\n" +
            "  possim iso encode --dialect iso87-ascii < msgs.jsonl | head -1 | xargs -I{} possim iso decode --dialect iso87-ascii --hex {}",
            (settings, unmasked, output) => m => output.WriteLine(MessageJson.Write(m.Message, settings.Dialect, unmasked)));
    }
}
