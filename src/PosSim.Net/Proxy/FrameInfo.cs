using PosSim.Iso8583;
using PosSim.Iso8583.Cards;

namespace PosSim.Net.Proxy;

/// <summary>What the hit log says about the frame a fault touched. The PAN is masked here, at the only place it is read.</summary>
public readonly record struct FrameInfo(string? Mti, string? Stan, string? Terminal, string? MaskedPan)
{
    /// <summary>A frame that did not decode (or was not decoded): the log shows no message fields.</summary>
    public static FrameInfo None => default;

    public static FrameInfo Of(IsoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new FrameInfo(MessageTypes.Of(message), message.GetString(IsoMessage.FieldStan), message.TerminalId, MaskedPanOf(message));
    }

    private static string? MaskedPanOf(IsoMessage message)
    {
        if (message.Pan is { } pan)
        {
            return Pan.Mask(pan);
        }

        // No field 2: the PAN leads track 2 (field 35), up to its separator.
        if (message.GetString(35) is { } track)
        {
            var end = track.AsSpan().IndexOfAny('=', 'D');
            return Pan.Mask(end < 0 ? track : track[..end]);
        }

        return null;
    }
}
