using System.Buffers;
using System.Buffers.Binary;
using PosSim.Iso8583.Framing;

namespace PosSim.Iso8583.Tests.Support;

/// <summary>
/// What must hold for ANY input bytes, valid or not. Shared by the FsCheck properties and the fuzz loop.
/// Returns null when every rule holds, else a description of the broken one (with the input in hex),
/// so the loop can run millions of cases without the cost of assertion machinery.
/// </summary>
internal static class Oracle
{
    /// <summary>
    /// Decoding never throws; a failure is an <see cref="IsoError"/> with a field in 0..192 and an offset
    /// inside the input, and <see cref="IsoCodec.Decode(ReadOnlySpan{byte})"/> throws exactly that as an
    /// <see cref="IsoFormatException"/>; a success re-encodes without exception, to bytes that decode to
    /// the same message and re-encode to themselves.
    /// </summary>
    public static string? CheckDecode(IsoCodec codec, byte[] input, IsoMessage scratch) => CheckDecode(codec, input, scratch, checkThrowingOverload: true, out _);

    /// <param name="checkThrowingOverload">False skips the Decode call: exceptions cost microseconds, and the fuzz loop checks it on a sample.</param>
    /// <param name="outcome">None when the input decoded, else the kind of error; the fuzz loop counts them to prove its reach.</param>
    public static string? CheckDecode(IsoCodec codec, byte[] input, IsoMessage scratch, bool checkThrowingOverload, out IsoErrorKind outcome)
    {
        outcome = IsoErrorKind.None;
        bool ok;
        IsoError error;
        try
        {
            ok = codec.TryDecode(input, scratch, out error);
        }
        catch (Exception e)
        {
            return Fail("TryDecode threw " + e, input);
        }

        outcome = ok ? IsoErrorKind.None : error.Kind;
        IsoError thrown = default;
        try
        {
            if (checkThrowingOverload)
            {
                codec.Decode(input);
            }
        }
        catch (IsoFormatException e)
        {
            thrown = e.Error;
        }
        catch (Exception e)
        {
            return Fail("Decode threw something other than IsoFormatException: " + e, input);
        }

        if (!ok)
        {
            if (error.Kind == IsoErrorKind.None)
            {
                return Fail("TryDecode returned false without an error kind", input);
            }

            if (error.Field is < 0 or > IsoMessage.MaxField)
            {
                return Fail($"error field {error.Field} is outside 0..{IsoMessage.MaxField}: {error}", input);
            }

            if (error.Offset < 0 || error.Offset > input.Length)
            {
                return Fail($"error offset {error.Offset} is outside [0, {input.Length}]: {error}", input);
            }

            if (checkThrowingOverload && thrown != error)
            {
                return Fail($"Decode threw {thrown} but TryDecode reported {error}", input);
            }

            return string.IsNullOrEmpty(error.ToString()) ? Fail("the error has no text", input) : null;
        }

        if (error != default || thrown != default)
        {
            return Fail($"a successful decode reported an error ({error}) or Decode threw ({thrown})", input);
        }

        byte[] again;
        try
        {
            again = codec.Encode(scratch);
        }
        catch (Exception e)
        {
            return Fail("a decoded message failed to re-encode: " + e, input);
        }

        var second = new IsoMessage();
        if (!codec.TryDecode(again, second, out var secondError))
        {
            return Fail($"the re-encoding {TestBytes.ToHex(again)} does not decode: {secondError}", input);
        }

        if (!second.ContentEquals(scratch))
        {
            return Fail($"the re-encoding decodes to {MessageGenerators.Describe(second)}, not {MessageGenerators.Describe(scratch)}", input);
        }

        return codec.Encode(second).AsSpan().SequenceEqual(again) ? null : Fail("re-encoding is not stable", input);
    }

    /// <summary>
    /// Reads frames from a stream until it ends or a frame is not Complete. Never throws; each status is
    /// one of the three; a Complete frame is exactly prefix + announced length, never more than the maximum;
    /// Incomplete and Invalid consume nothing; Incomplete only waits for a length within the maximum.
    /// Adds each Complete frame to <paramref name="frames"/>; returns null when every rule holds, else what broke.
    /// </summary>
    public static string? CheckFraming(MessageFraming framing, ReadOnlySequence<byte> stream, List<(byte[] Header, byte[] Message)>? frames = null)
    {
        var buffer = stream;
        for (var guard = 0; guard < 100_000; guard++)
        {
            var before = buffer;
            FrameStatus status;
            Frame frame;
            FrameError error;
            try
            {
                status = framing.TryReadFrame(ref buffer, out frame, out error);
            }
            catch (Exception e)
            {
                return Fail($"{framing}: TryReadFrame threw {e}", stream.ToArray());
            }

            var announced = Announced(framing, before);
            switch (status)
            {
                case FrameStatus.Complete:
                    var consumed = before.Length - buffer.Length;
                    var body = frame.Header.Length + frame.Message.Length;
                    if (frame.Header.Length != framing.HeaderLength || consumed != framing.PrefixLength + body)
                    {
                        return Fail($"{framing}: a Complete frame of {consumed} bytes has a {frame.Header.Length}-byte header and {frame.Message.Length}-byte message", stream.ToArray());
                    }

                    if (framing.LengthHeader != LengthHeader.None && (body != announced || body > framing.MaxFrameSize))
                    {
                        return Fail($"{framing}: a Complete frame has {body} bytes after the length header, which announced {announced} (max {framing.MaxFrameSize})", stream.ToArray());
                    }

                    frames?.Add((frame.Header.ToArray(), frame.Message.ToArray()));
                    if (framing.LengthHeader == LengthHeader.None)
                    {
                        return buffer.Length == 0 ? null : Fail($"{framing}: the none framing left {buffer.Length} bytes", stream.ToArray());
                    }

                    if (buffer.Length == 0)
                    {
                        return null;
                    }

                    break;
                case FrameStatus.Incomplete:
                    if (!buffer.Start.Equals(before.Start) || buffer.Length != before.Length)
                    {
                        return Fail($"{framing}: Incomplete consumed bytes", stream.ToArray());
                    }

                    if (announced is { } a && (a > framing.MaxFrameSize || a < framing.HeaderLength || before.Length >= framing.PrefixLength + a))
                    {
                        return Fail($"{framing}: Incomplete with {before.Length} bytes buffered and {a} announced (max {framing.MaxFrameSize})", stream.ToArray());
                    }

                    return null;
                case FrameStatus.Invalid:
                    if (!buffer.Start.Equals(before.Start) || buffer.Length != before.Length || string.IsNullOrEmpty(error.Reason))
                    {
                        return Fail($"{framing}: Invalid consumed bytes or gave no reason", stream.ToArray());
                    }

                    return null;
                default:
                    return Fail($"{framing}: status {status} is not one of the three", stream.ToArray());
            }
        }

        return Fail($"{framing}: more than 100000 frames from one stream", stream.ToArray());
    }

    /// <summary>The length the header at the start of <paramref name="buffer"/> announces, parsed independently of the code under test; null when there is no whole length header or it is not a number.</summary>
    public static int? Announced(MessageFraming framing, ReadOnlySequence<byte> buffer)
    {
        if (framing.LengthHeader == LengthHeader.None || buffer.Length < framing.PrefixLength)
        {
            return null;
        }

        var p = buffer.Slice(0, framing.PrefixLength).ToArray();
        switch (framing.LengthHeader)
        {
            case LengthHeader.Binary2:
                return BinaryPrimitives.ReadUInt16BigEndian(p);
            case LengthHeader.Ascii4:
                return p.All(b => b is >= (byte)'0' and <= (byte)'9') ? int.Parse(System.Text.Encoding.ASCII.GetString(p), System.Globalization.CultureInfo.InvariantCulture) : null;
            default:
                var hex = Convert.ToHexString(p);
                return hex.All(char.IsAsciiDigit) ? int.Parse(hex, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
    }

    private static string Fail(string what, byte[] input) => $"{what}\ninput ({input.Length} bytes): {TestBytes.ToHex(input)}";
}
