using System.Globalization;

namespace PosSim.Simulation.Scenarios;

/// <summary>
/// The text formats of scenario values (docs/scenarios.md, "Formats"): durations (<c>5s</c>, <c>250ms</c>,
/// <c>2m</c>, <c>1h</c>), times (<c>HH:mm</c> or <c>HH:mm:ss</c>), dates (<c>yyyy-MM-dd</c>), UTC offsets
/// (<c>+08:00</c>), time windows (<c>08:00-20:00</c>) and count bounds (<c>3</c>, <c>2..5</c>, <c>2..</c>, <c>..5</c>).
/// Each parser says nothing about why text is wrong; the caller names the key and the expected form.
/// </summary>
internal static class ScenarioFormats
{
    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss"];

    public const string DurationForm = "a whole number with a unit: ms, s, m or h (250ms, 5s, 2m, 1h)";
    public const string TimeForm = "a time of day HH:mm or HH:mm:ss (23:00, 07:30:15)";
    public const string DateForm = "a date yyyy-MM-dd (2025-03-14)";
    public const string OffsetForm = "an offset from UTC +HH:mm or -HH:mm (+08:00)";
    public const string WindowForm = "a window HH:mm-HH:mm (08:00-20:00)";
    public const string BoundForm = "a count N, or a range N..M, N.. or ..M";

    public static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        // Nine digits keep every unit inside TimeSpan's range (999,999,999 hours is not, but is caught below).
        if (digits is 0 or > 9 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        var ms = text[digits..] switch
        {
            "ms" => n,
            "s" => n * 1000,
            "m" => n * 60_000,
            "h" => n * 3_600_000,
            _ => -1,
        };
        if (ms < 0 || ms > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    /// <summary>A duration as scenarios write it, in the largest unit that keeps it whole: 250ms, 5s, 2m, 1h.</summary>
    public static string Duration(TimeSpan t)
    {
        var ms = (long)t.TotalMilliseconds;
        return ms % 3_600_000 == 0 && ms != 0 ? $"{ms / 3_600_000}h"
            : ms % 60_000 == 0 && ms != 0 ? $"{ms / 60_000}m"
            : ms % 1000 == 0 ? $"{ms / 1000}s"
            : $"{ms}ms";
    }

    public static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>An offset between -14:00 and +14:00, the range real time zones use.</summary>
    public static bool TryOffset(string text, out TimeSpan offset)
    {
        offset = default;
        if (text.Length != 6 || text[0] is not ('+' or '-') || text[3] != ':'
            || !int.TryParse(text.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes >= 60 || hours * 60 + minutes > 14 * 60)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    public static bool TryWindow(string text, out TimeOnly from, out TimeOnly to)
    {
        to = default;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        from = default;
        return dash > 0 && TryTime(text[..dash].Trim(), out from) && TryTime(text[(dash + 1)..].Trim(), out to);
    }

    /// <summary>Reads a bound; both ends are non-negative, and a range needs at least one end.</summary>
    public static bool TryBound(string text, out CountBound bound)
    {
        bound = default;
        var dots = text.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            if (!TryCount(text, out var n))
            {
                return false;
            }

            bound = CountBound.Exactly(n);
            return true;
        }

        var low = text[..dots].Trim();
        var high = text[(dots + 2)..].Trim();
        long? min = null;
        long? max = null;
        if (low.Length > 0)
        {
            if (!TryCount(low, out var lo))
            {
                return false;
            }

            min = lo;
        }

        if (high.Length > 0)
        {
            if (!TryCount(high, out var hi))
            {
                return false;
            }

            max = hi;
        }

        bound = new CountBound(min, max);
        return min is not null || max is not null;
    }

    private static bool TryCount(string text, out long n) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n);
}
