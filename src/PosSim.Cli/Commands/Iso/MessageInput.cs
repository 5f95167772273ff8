using System.Buffers;
using System.CommandLine;
using System.IO.Pipelines;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;

namespace PosSim.Cli.Commands.Iso;

/// <summary>One decoded message and where it came from.</summary>
internal readonly record struct InputMessage(int Index, long ByteOffset, int FrameLength, byte[] Header, IsoMessage Message);

/// <summary>
/// The `--hex HEX | --in FILE` input of the decoding commands: splits it into frames, decodes each,
/// and reports the first problem as one `error:` line.
/// </summary>
internal sealed class MessageInput
{
    public Option<string> Hex { get; } = new("--hex")
    {
        Description = "One message as hex (spaces allowed), with its length header unless --framing none.",
        HelpName = "HEX",
    };

    public Option<FileInfo> In { get; } = new("--in", "-i")
    {
        Description = "A file of raw bytes: any number of framed messages back to back, or exactly one message with --framing none.",
        HelpName = "FILE",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Hex);
        command.Options.Add(In);
        command.Validators.Add(result =>
        {
            var hasHex = result.GetResult(Hex) is not null;
            var hasIn = result.GetResult(In) is not null;
            if (hasHex == hasIn)
            {
                result.AddError("Give the message either as --hex HEX or as --in FILE (one of them).");
            }
        });
    }

    /// <summary>
    /// Decodes every message of the input, calling <paramref name="onMessage"/> for each. Returns an exit code:
    /// 0 when all decoded, 2 (after one error line) at the first that did not.
    /// </summary>
    public async Task<int> ForEachAsync(ParseResult parse, IsoSettings settings, TextWriter error, Action<InputMessage> onMessage, CancellationToken cancellationToken)
    {
        Stream stream;
        string source;
        var hex = parse.GetValue(Hex);
        if (hex is not null)
        {
            if (!TryParseHex(hex, out var bytes, out var problem))
            {
                error.WriteLine($"error: --hex: {problem}");
                return ExitCodes.BadInput;
            }

            stream = new MemoryStream(bytes);
            source = "the --hex input";
        }
        else
        {
            var file = parse.GetValue(In)!;
            try
            {
                stream = file.OpenRead();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: cannot read {file.FullName}: {e.Message}");
                return ExitCodes.BadInput;
            }

            source = file.Name;
        }

        await using (stream.ConfigureAwait(false))
        {
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
            try
            {
                return await ReadAllAsync(reader, settings, source, hex is not null, error, onMessage, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> ReadAllAsync(
        PipeReader reader, IsoSettings settings, string source, bool exactlyOne, TextWriter error, Action<InputMessage> onMessage, CancellationToken cancellationToken)
    {
        var framing = settings.Framing;
        var wholeInputIsOneFrame = framing.LengthHeader == LengthHeader.None;
        long offset = 0;
        var index = 0;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (wholeInputIsOneFrame && !result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start, buffer.End); // with no framing the message ends where the input ends
                continue;
            }

            if (wholeInputIsOneFrame && buffer.IsEmpty)
            {
                error.WriteLine($"error: {source} is empty; expected one message.");
                return ExitCodes.BadInput;
            }

            while (!buffer.IsEmpty)
            {
                var before = buffer.Length;
                var status = framing.TryReadFrame(ref buffer, out var frame, out var frameError);
                if (status == FrameStatus.Incomplete)
                {
                    break;
                }

                index++;
                if (status == FrameStatus.Invalid)
                {
                    error.WriteLine($"error: message {index} at byte {offset + frameError.Offset} of {source}: {frameError.Reason}.");
                    return ExitCodes.BadInput;
                }

                if (exactlyOne && index > 1)
                {
                    error.WriteLine($"error: --hex takes one message, but {before} more bytes follow the first at byte {offset}.");
                    return ExitCodes.BadInput;
                }

                var message = new IsoMessage();
                if (!settings.Codec.TryDecode(frame.Message, message, out var isoError))
                {
                    var where = exactlyOne || wholeInputIsOneFrame ? "" : $" (message {index}, which starts at byte {offset} of {source})";
                    error.WriteLine($"error: {isoError}{where}");
                    return ExitCodes.BadInput;
                }

                var frameLength = (int)(before - buffer.Length);
                onMessage(new InputMessage(index, offset, frameLength, frame.Header.ToArray(), message));
                offset += frameLength;
            }

            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    error.WriteLine($"error: message {index + 1} at byte {offset} of {source} is cut short: the input ends {buffer.Length} bytes into it, before the length its header gives.");
                    return ExitCodes.BadInput;
                }

                if (index == 0)
                {
                    error.WriteLine($"error: {source} holds no message.");
                    return ExitCodes.BadInput;
                }

                return ExitCodes.Ok;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryParseHex(string text, out byte[] bytes, out string problem)
    {
        var compact = new string([.. text.Where(c => !char.IsWhiteSpace(c))]);
        bytes = [];
        problem = "";
        if (compact.Length == 0)
        {
            problem = "no hex digits given.";
            return false;
        }

        for (var i = 0; i < compact.Length; i++)
        {
            if (!char.IsAsciiHexDigit(compact[i]))
            {
                problem = $"character {i + 1} '{compact[i]}' is not a hex digit.";
                return false;
            }
        }

        if (compact.Length % 2 != 0)
        {
            problem = $"{compact.Length} hex digits is an odd number; each byte takes two.";
            return false;
        }

        bytes = Convert.FromHexString(compact);
        return true;
    }
}
