using System.Globalization;
using PosSim.Interchange;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>
/// Escaping and formatting for report.html. Every string from a run goes through <see cref="Text"/> or
/// <see cref="Attr"/>: terminal ids, details and scenario names are data, and data must never become markup.
/// </summary>
internal static class Html
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes <paramref name="value"/> as element text.</summary>
    public static void Text(TextWriter w, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        // Most values need no escaping; write them in one call instead of char by char.
        if (value.AsSpan().IndexOfAny("<>&\"'") < 0)
        {
            w.Write(value);
            return;
        }

        foreach (var c in value)
        {
            switch (c)
            {
                case '<': w.Write("&lt;"); break;
                case '>': w.Write("&gt;"); break;
                case '&': w.Write("&amp;"); break;
                case '"': w.Write("&quot;"); break;
                case '\'': w.Write("&#39;"); break;
                default: w.Write(c); break;
            }
        }
    }

    /// <summary>Writes <paramref name="value"/> inside a double-quoted attribute (the same escaping covers both).</summary>
    public static void Attr(TextWriter w, string? value) => Text(w, value);

    public static string Escape(string? value)
    {
        using var s = new StringWriter(Inv);
        Text(s, value);
        return s.ToString();
    }

    public static string Int(long value) => value.ToString("N0", Inv);

    /// <summary>Raw number for a sort key: no grouping, invariant.</summary>
    public static string Raw(long value) => value.ToString(Inv);

    /// <summary>
    /// Minor units as money with the currency's two decimals: 123456 → 1,234.56. Integer arithmetic on purpose:
    /// a long of minor units has no exact double, and the report must show the ledger's exact amount.
    /// </summary>
    public static string Money(long minor)
    {
        var negative = minor < 0;
        var abs = negative ? (ulong)(-(minor + 1)) + 1 : (ulong)minor;
        var text = string.Create(Inv, $"{abs / 100:N0}.{abs % 100:D2}");
        return negative ? "-" + text : text;
    }

    public static string Money(long? minor) => minor is { } m ? Money(m) : "";

    /// <summary>ISO 4217 alphabetic code for the numeric ones PosSim's scenarios use; the number otherwise.</summary>
    public static string CurrencyName(Currency currency) => currency.NumericCode switch
    {
        156 => "CNY",
        344 => "HKD",
        392 => "JPY",
        446 => "MOP",
        702 => "SGD",
        826 => "GBP",
        840 => "USD",
        978 => "EUR",
        _ => currency.ToString(),
    };

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Inv);

    public static string DateTime(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", Inv);

    public static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", Inv);

    /// <summary>Writes a table cell with text, an optional class and an optional sort key.</summary>
    public static void Cell(TextWriter w, string? text, string? cssClass = null, string? sortKey = null)
    {
        w.Write("<td");
        if (cssClass is not null)
        {
            w.Write(" class=\"");
            w.Write(cssClass);
            w.Write('"');
        }

        if (sortKey is not null)
        {
            w.Write(" data-v=\"");
            Attr(w, sortKey);
            w.Write('"');
        }

        w.Write('>');
        Text(w, text);
        w.Write("</td>");
    }

    /// <summary>A money cell: right-aligned, with the minor units as its sort key (empty sorts first).</summary>
    public static void MoneyCell(TextWriter w, long? minor) =>
        Cell(w, Money(minor), "num", minor is { } m ? Raw(m) : "");

    public static void IntCell(TextWriter w, long value) => Cell(w, Int(value), "num", Raw(value));

    /// <summary>A pass/fail badge.</summary>
    public static void Badge(TextWriter w, bool ok, string okText = "pass", string failText = "fail")
    {
        w.Write(ok ? "<span class=\"badge ok\">" : "<span class=\"badge bad\">");
        Text(w, ok ? okText : failText);
        w.Write("</span>");
    }
}
