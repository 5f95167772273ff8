using System.Text;
using PosSim.Iso8583.Cards;

namespace PosSim.Simulation.Support.Cases.Evidence;

/// <summary>
/// The last guard on what the pack prints: any run of 12 to 19 digits that passes the Luhn check is shown masked
/// (first 6, last 4), because a merchant may read a card number out and an agent type it into a note or a reason.
/// The RRNs of the case's own records are 12 digits and pass the check one time in ten; they are identifiers the
/// pack must show as they are, so they are let through.
/// </summary>
internal sealed class CardNumberGuard(IReadOnlySet<string> rrns)
{
    public string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text) || !HasCardNumber(text))
        {
            return text ?? "";
        }

        var result = new StringBuilder(text.Length);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                var run = text[start..i];
                result.Append(IsCardNumber(run) ? Pan.Mask(run) : run);
                start = -1;
            }

            if (i < text.Length)
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    private bool HasCardNumber(string text)
    {
        var digits = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                digits++;
                continue;
            }

            if (digits >= 12 && IsCardNumber(text.Substring(i - digits, digits)))
            {
                return true;
            }

            digits = 0;
        }

        return false;
    }

    private bool IsCardNumber(string run) => Pan.IsValid(run) && !rrns.Contains(run);
}
