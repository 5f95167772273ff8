using System.Globalization;

namespace PosSim.Iso8583;

/// <summary>
/// Field 90, original data elements: which earlier request a reversal or void refers to. Layout (42 digits):
/// original MTI (4), original STAN (6), original transmission date and time, field 7 (10), acquiring
/// institution id (11) and forwarding institution id (11), numbers right-justified with zeros.
/// </summary>
public readonly record struct OriginalData(string Mti, int Stan, string TransmissionDateTime, string AcquirerId = "", string ForwarderId = "")
{
    /// <summary>The digits a reader needs: MTI, STAN and transmission time. The institution ids may be missing.</summary>
    public const int MinimumLength = 20;

    /// <summary>The 42 digits of field 90.</summary>
    public string Format() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Mti}{Stan:D6}{TransmissionDateTime.PadLeft(10, '0')}{AcquirerId.PadLeft(11, '0')}{ForwarderId.PadLeft(11, '0')}");

    /// <summary>Reads field 90 of <paramref name="message"/>; false when it is missing, short or not digits where numbers go.</summary>
    public static bool TryRead(IsoMessage message, out OriginalData data)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TryParse(message.GetString(IsoMessage.FieldOriginalData), out data);
    }

    public static bool TryParse(string? value, out OriginalData data)
    {
        data = default;
        if (value is not { Length: >= MinimumLength } ||
            !int.TryParse(value.AsSpan(4, 6), NumberStyles.None, CultureInfo.InvariantCulture, out var stan))
        {
            return false;
        }

        data = new OriginalData(
            value[..4],
            stan,
            value.Substring(10, 10),
            value.Length >= 31 ? value.Substring(20, 11) : "",
            value.Length >= 42 ? value.Substring(31, 11) : "");
        return true;
    }
}
