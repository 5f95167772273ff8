using System.Text;

namespace PosSim.Reconciliation.Csv;

/// <summary>Allocation-free parsers for the cell formats of docs/interchange-files.md.</summary>
internal static class Fields
{
    /// <summary>An integer: optional minus sign and ASCII digits, within <see cref="long"/>.</summary>
    public static bool TryLong(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        var negative = s[0] == (byte)'-';
        if (negative)
        {
            s = s[1..];
            if (s.IsEmpty)
            {
                return false;
            }
        }

        ulong acc = 0;
        foreach (var b in s)
        {
            var d = unchecked((uint)(b - '0'));
            if (d > 9 || acc > (ulong.MaxValue - 9) / 10)
            {
                return false;
            }

            acc = (acc * 10) + d;
        }

        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = acc == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)acc;
            return true;
        }

        if (acc > long.MaxValue)
        {
            return false;
        }

        value = (long)acc;
        return true;
    }

    private static ReadOnlySpan<byte> DaysInMonth => [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>A date <c>yyyy-MM-dd</c> as <see cref="DateOnly.DayNumber"/>, by arithmetic (no calendar calls).</summary>
    public static bool TryDate(ReadOnlySpan<byte> s, out int dayNumber)
    {
        dayNumber = 0;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-')
        {
            return false;
        }

        if (!TryDigits(s[..4], out var y) || !TryDigits(s.Slice(5, 2), out var m) || !TryDigits(s.Slice(8, 2), out var d))
        {
            return false;
        }

        if (y < 1 || m < 1 || m > 12 || d < 1)
        {
            return false;
        }

        var leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (d > DaysInMonth[m] + (m == 2 && leap ? 1 : 0))
        {
            return false;
        }

        // Days from civil (H. Hinnant), shifted so that 0001-01-01 is day 0 like DateOnly.DayNumber.
        var yy = m <= 2 ? y - 1 : y;
        var era = yy / 400;
        var yoe = yy - (era * 400);
        var doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        dayNumber = (era * 146097) + doe - 306;
        return true;
    }

    /// <summary>A local time <c>yyyy-MM-ddTHH:mm:ss</c> as seconds since 0001-01-01.</summary>
    public static bool TryTime(ReadOnlySpan<byte> s, out long seconds)
    {
        seconds = 0;
        return s.Length == 19 && TryDate(s[..10], out var day) && TryTimeOfDay(s, day, out seconds);
    }

    /// <summary>The <c>THH:mm:ss</c> part of a 19-byte local time, added to the day number of its date part.</summary>
    public static bool TryTimeOfDay(ReadOnlySpan<byte> s, int day, out long seconds)
    {
        seconds = 0;
        if (s.Length != 19 || s[10] != (byte)'T' || s[13] != (byte)':' || s[16] != (byte)':')
        {
            return false;
        }

        if (!TryDigits(s.Slice(11, 2), out var h) || !TryDigits(s.Slice(14, 2), out var min) || !TryDigits(s.Slice(17, 2), out var sec))
        {
            return false;
        }

        if (h > 23 || min > 59 || sec > 59)
        {
            return false;
        }

        seconds = (day * 86400L) + (h * 3600) + (min * 60) + sec;
        return true;
    }

    /// <summary>Exactly 12 ASCII digits (the ISO 8583 RRN), as a number below 10^12.</summary>
    public static bool TryTwelveDigits(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.Length != 12)
        {
            return false;
        }

        long acc = 0;
        foreach (var b in s)
        {
            var d = unchecked((uint)(b - '0'));
            if (d > 9)
            {
                return false;
            }

            acc = (acc * 10) + d;
        }

        value = acc;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var b in s)
        {
            var d = unchecked((uint)(b - '0'));
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }

    /// <summary>Cell text for error messages: decoded, shortened, quoted.</summary>
    public static string Show(ReadOnlySpan<byte> s)
    {
        var text = Encoding.UTF8.GetString(s.Length > 40 ? s[..40] : s);
        return s.Length > 40 ? $"'{text}...'" : $"'{text}'";
    }

    public static string Text(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s);

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
