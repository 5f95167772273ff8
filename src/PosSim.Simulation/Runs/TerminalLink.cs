using System.Buffers;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Runs;

/// <summary>
/// The bytes of the terminal links: messages framed and encoded in the scenario's dialect on the way out, read and
/// decoded on the way in, exactly as they would cross TCP, so a damaged field breaks the way it would on a wire.
/// </summary>
internal sealed class TerminalLink
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly IsoMessage _scratch = new();

    public TerminalLink(Scenario scenario, Dialect dialect)
    {
        Dialect = dialect;
        Codec = new IsoCodec(dialect);
        Framing = MessageFraming.Parse(scenario.Framing);
        Latency = scenario.Acquirer.LinkLatency;
    }

    public Dialect Dialect { get; }

    public IsoCodec Codec { get; }

    public MessageFraming Framing { get; }

    public TimeSpan Latency { get; }

    /// <summary>The message as a frame; with <paramref name="corruptField"/> &gt; 0 the first byte of that field is damaged.</summary>
    public byte[] Encode(IsoMessage message, int corruptField = 0)
    {
        _buffer.ResetWrittenCount();
        if (!Framing.TryWriteFrame(_buffer, default, Codec, message, out var error))
        {
            throw new InvalidOperationException($"A simulated {message.Mti} could not be encoded: {error}.");
        }

        var frame = _buffer.WrittenSpan.ToArray();
        if (corruptField > 0 && message.Has(corruptField))
        {
            var offset = FieldOffset(message, corruptField);
            frame[Framing.PrefixLength + Framing.HeaderLength + offset] ^= 0xFF;
        }

        return frame;
    }

    /// <summary>Reads one frame into <paramref name="message"/>; false with the decoder's error when it does not decode.</summary>
    public bool TryDecode(byte[] frame, IsoMessage message, out string error)
    {
        var sequence = new ReadOnlySequence<byte>(frame);
        var status = Framing.TryReadFrame(ref sequence, out var read, out var frameError);
        if (status != FrameStatus.Complete)
        {
            error = frameError.ToString();
            return false;
        }

        if (!Codec.TryDecode(read.Message, message, out var isoError))
        {
            error = isoError.ToString();
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>Where field <paramref name="field"/> starts in the encoded message: the length of everything before it.</summary>
    private int FieldOffset(IsoMessage message, int field)
    {
        message.CopyTo(_scratch);
        foreach (var f in message.Fields)
        {
            if (f >= field)
            {
                _scratch.Remove(f);
            }
        }

        // The bitmap keeps its size only when the secondary bitmap is still needed; the corrupt fault targets
        // primary fields of financial requests, which carry no secondary bitmap.
        return Codec.Encode(_scratch).Length;
    }
}
