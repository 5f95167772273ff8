namespace PosSim.Core.Time;

/// <summary>
/// Field 7, transmission date and time (MMDDhhmmss), which carries no year. Read as the instant nearest to "now" among
/// the year before, this year and the next, so a message sent on 31 December and read on 1 January is last year's.
/// Read on the hot path (the issuer checks every new purchase against its forgetting horizon), so it parses the
/// digits itself and allocates nothing.
/// </summary>
public static class TransmissionTime
{
    /// <summary>
    /// Field 7 as an instant in <paramref name="localNow"/>'s offset (the local time the terminals write it in), in the
    /// year that puts it nearest to <paramref name="localNow"/>. False when it is not ten digits of a real date and time.
    /// </summary>
    public static bool TryRead(string? field7, DateTimeOffset localNow, out DateTimeOffset sent)
    {
        sent = default;
        if (field7 is not { Length: 10 } ||
            !TwoDigits(field7, 0, out var month) || !TwoDigits(field7, 2, out var day) || !TwoDigits(field7, 4, out var hour) ||
            !TwoDigits(field7, 6, out var minute) || !TwoDigits(field7, 8, out var second) ||
            month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2000, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false; // 2000 is a leap year, so 29 February is not refused here
        }

        var found = false;
        for (var year = localNow.Year - 1; year <= localNow.Year + 1; year++)
        {
            if (day > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var candidate = new DateTimeOffset(year, month, day, hour, minute, second, localNow.Offset);
            if (!found || (candidate - localNow).Duration() < (sent - localNow).Duration())
            {
                sent = candidate;
                found = true;
            }
        }

        return found;
    }

    private static bool TwoDigits(string text, int at, out int value)
    {
        var tens = text[at] - '0';
        var ones = text[at + 1] - '0';
        value = (tens * 10) + ones;
        return tens is >= 0 and <= 9 && ones is >= 0 and <= 9;
    }
}
