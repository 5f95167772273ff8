using System.Buffers;
using System.CommandLine;
using PosSim.Iso8583;
using PosSim.Iso8583.Json;

namespace PosSim.Cli.Commands.Iso;

/// <summary>`possim iso encode`: JSON lines on stdin to hex lines on stdout (docs/cli.md).</summary>
internal static class IsoEncodeCommand
{
    public static Command Create(TextReader stdin)
    {
        var command = new Command(
            "encode",
            "Encode messages given as JSON lines on stdin ({\"mti\":\"0200\",\"fields\":{\"3\":\"000000\",\"4\":\"000000005000\"}}) " +
            "and print each as one line of upper-case hex, with its length header unless --framing none. " +
            "Binary fields are given as hex; short fixed fields are padded as the dialect says (numbers with leading zeros, text with trailing spaces). " +
            "A bad line stops the run with exit code 2 and 'error: field N at offset M: WHAT' on stderr.\n\n" +
            "Example:\n" +
            "  echo '{\"mti\":\"0800\",\"fields\":{\"7\":\"1129143000\",\"11\":\"000001\",\"70\":\"301\"}}' | possim iso encode --dialect iso87-ascii");
        var iso = new IsoOptions();
        iso.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!iso.TryResolve(parse, error, out var settings))
            {
                return ExitCodes.BadInput;
            }

            var message = new IsoMessage();
            var frame = new ArrayBufferWriter<byte>(1024);
            var header = new byte[settings.Framing.HeaderLength];
            var lineNumber = 0;
            while (stdin.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var where = $"line {lineNumber} of the input";
                if (!MessageJson.TryRead(line, settings.Codec, message, out var jsonError))
                {
                    error.WriteLine(jsonError.Field is null ? $"error: {where}: {jsonError}" : $"error: {jsonError} ({where})");
                    return ExitCodes.BadInput;
                }

                frame.ResetWrittenCount();
                IsoError isoError;
                try
                {
                    if (!settings.Framing.TryWriteFrame(frame, header, settings.Codec, message, out isoError))
                    {
                        error.WriteLine($"error: {isoError} ({where})");
                        return ExitCodes.BadInput;
                    }
                }
                catch (ArgumentException e)
                {
                    error.WriteLine($"error: {where}: {e.Message}");
                    return ExitCodes.BadInput;
                }

                output.WriteLine(Convert.ToHexString(frame.WrittenSpan));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
