using System.Globalization;
using PosSim.Iso8583.Framing;
using PosSim.Simulation.Scenarios;

namespace PosSim.Load;

/// <summary>Parsers of `possim load`'s option values; each says in its form constant what it accepts.</summary>
public static class LoadInputs
{
    public const string RateForm = "requests per second, as 20000/s, 20000 or 600/m";
    public const string DurationForm = ScenarioFormats.DurationForm;

    /// <summary>The highest rate accepted: far above what one machine sends, low enough to keep intervals in range.</summary>
    public const double MaxRate = 10_000_000;

    /// <summary>A rate as N/s, N (per second) or N/m (per minute); false for anything else or out of (0, <see cref="MaxRate"/>].</summary>
    public static bool TryRate(string text, out double perSecond)
    {
        ArgumentNullException.ThrowIfNull(text);
        perSecond = 0;
        var (number, divisor) = text.Trim() switch
        {
            var t when t.EndsWith("/s", StringComparison.Ordinal) => (t[..^2], 1.0),
            var t when t.EndsWith("/m", StringComparison.Ordinal) => (t[..^2], 60.0),
            var t => (t, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= 0 || n / divisor > MaxRate)
        {
            return false;
        }

        perSecond = n / divisor;
        return true;
    }

    /// <summary>A duration as scenarios write it: 250ms, 5s, 2m, 1h.</summary>
    public static bool TryDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ScenarioFormats.TryDuration(text.Trim(), out duration);
    }

    /// <summary>
    /// The fixed header sent before each message: a 5-byte header is a TPDU (id 60, destination 0001, source
    /// 0000), which switches that route by TPDU expect; other lengths are zeros.
    /// </summary>
    public static byte[] DefaultHeader(int length) =>
        length == Tpdu.Length ? [0x60, 0x00, 0x01, 0x00, 0x00] : new byte[length];
}
