using PosSim.Iso8583.Cards;

namespace PosSim.Simulation.Outputs.Database;

/// <summary>
/// The last guard on free text (details, outcomes) written by code outside the database writer: any run of 12 to 19
/// digits that passes the Luhn check is shown masked, so a PAN someone put in a message never lands in run.sqlite.
/// Structured columns never hold a PAN to begin with: the switch log keeps only the masked PAN and its hash.
/// </summary>
internal static class Redaction
{
    public static string FreeText(string text) => FreeText(text, null);

    /// <summary>
    /// The same, letting through the runs <paramref name="keep"/> names: identifiers a page must show as they are even
    /// when, by chance, they pass the Luhn check.
    /// </summary>
    public static string FreeText(string text, Func<string, bool>? keep)
    {
        var span = text.AsSpan();
        var digits = 0;
        for (var i = 0; i <= span.Length; i++)
        {
            if (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                digits++;
                continue;
            }

            if (digits >= 12 && Pan.IsValid(span.Slice(i - digits, digits)) && (keep is null || !keep(text.Substring(i - digits, digits))))
            {
                return Mask(text, keep);
            }

            digits = 0;
        }

        return text; // the common case: nothing to mask, nothing allocated
    }

    private static string Mask(string text, Func<string, bool>? keep)
    {
        var result = new System.Text.StringBuilder(text.Length);
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
                result.Append(run.Length >= 12 && Pan.IsValid(run) && (keep is null || !keep(run)) ? Pan.Mask(run) : run);
                start = -1;
            }

            if (i < text.Length)
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }
}
