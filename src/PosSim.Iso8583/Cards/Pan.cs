namespace PosSim.Iso8583.Cards;

/// <summary>
/// Card number helpers. A PAN is never shown in clear to people: <see cref="Mask(string)"/> keeps the
/// first 6 and last 4 digits (PCI DSS display rule) and replaces the rest.
/// </summary>
public static class Pan
{
    public const char MaskChar = '*';

    /// <summary>True when <paramref name="pan"/> is all digits, 12 to 19 long, and passes the Luhn check.</summary>
    public static bool IsValid(ReadOnlySpan<char> pan) =>
        pan.Length is >= 12 and <= 19 && !pan.ContainsAnyExceptInRange('0', '9') && LuhnCheck(pan);

    /// <summary>The Luhn (mod 10) check over a string of digits; false for anything else.</summary>
    public static bool LuhnCheck(ReadOnlySpan<char> digits)
    {
        if (digits.Length == 0)
        {
            return false;
        }

        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (unchecked((uint)d) > 9)
            {
                return false;
            }

            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>The check digit that makes <paramref name="partial"/> + digit pass the Luhn check.</summary>
    public static char LuhnDigit(ReadOnlySpan<char> partial)
    {
        Span<char> buffer = stackalloc char[partial.Length + 1];
        partial.CopyTo(buffer);
        for (var d = '0'; d <= '9'; d++)
        {
            buffer[^1] = d;
            if (LuhnCheck(buffer))
            {
                return d;
            }
        }

        throw new ArgumentException("Only digits can carry a Luhn check digit.", nameof(partial));
    }

    /// <summary>
    /// Masks a PAN for display: first 6 and last 4 kept. Shorter numbers keep less, so that at least
    /// half of the digits (and never more than the last 4) show: a 10-digit number shows only its last 4.
    /// </summary>
    public static string Mask(string pan)
    {
        ArgumentNullException.ThrowIfNull(pan);
        var (head, tail) = Keep(pan.Length);
        return string.Create(pan.Length, (pan, head, tail), static (span, s) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = i < s.head || i >= span.Length - s.tail ? s.pan[i] : MaskChar;
            }
        });
    }

    /// <summary>
    /// Masks track data (field 35 or 45): the PAN inside keeps its first 6 and last 4 digits; everything
    /// else but the separators (<c>=</c>, <c>^</c>, <c>D</c> in track 2) and the track 1 format code is
    /// replaced, because the discretionary data holds the card verification value.
    /// </summary>
    public static string MaskTrack(string track)
    {
        ArgumentNullException.ThrowIfNull(track);
        var chars = track.ToCharArray();
        var panStart = chars.Length > 0 && char.IsAsciiLetter(chars[0]) ? 1 : 0; // track 1 format code, such as 'B'
        var panEnd = track.AsSpan(panStart).IndexOfAny('=', '^', 'D');
        panEnd = panEnd < 0 ? chars.Length : panStart + panEnd;
        var (head, tail) = Keep(panEnd - panStart);
        for (var i = panStart; i < chars.Length; i++)
        {
            var inPan = i < panEnd;
            var keep = inPan
                ? i - panStart < head || i >= panEnd - tail
                : i == panEnd || chars[i] is '=' or '^'; // the separator that ended the PAN, whichever it is
            if (!keep)
            {
                chars[i] = MaskChar;
            }
        }

        return new string(chars);
    }

    /// <summary>True for the fields that carry a PAN: 2 (PAN), 34 (extended PAN), 35 and 45 (track data).</summary>
    public static bool IsSensitiveField(int field) => field is 2 or 34 or 35 or 36 or 45;

    /// <summary>Masks the value of a sensitive field as its kind requires; other values are returned as given.</summary>
    public static string MaskField(int field, string value) => field switch
    {
        2 or 34 => Mask(value),
        35 or 36 or 45 => MaskTrack(value),
        _ => value,
    };

    private static (int Head, int Tail) Keep(int length)
    {
        if (length >= 13)
        {
            return (6, 4);
        }

        // Short numbers: show at most the last 4 and never more than half.
        return (0, Math.Min(4, length / 2));
    }
}
