using System.Globalization;
using System.Text;

namespace PosSim.Reconciliation.Outputs;

/// <summary>Writes exceptions.csv: fixed column order, RFC 4180 quoting where needed, "\n" line ends, UTF-8 without BOM.</summary>
public static class ExceptionsCsvWriter
{
    public static readonly string Header = string.Join(',', InterchangeFiles.Exceptions.Columns);

    public static void Write(TextWriter writer, IEnumerable<ExceptionRow> rows)
    {
        writer.Write(Header);
        writer.Write('\n');
        foreach (var row in rows)
        {
            Field(writer, row.Kind.Name());
            writer.Write(',');
            Field(writer, row.MerchantId);
            writer.Write(',');
            Field(writer, row.TerminalId);
            writer.Write(',');
            Field(writer, row.Rrn);
            writer.Write(',');
            Field(writer, row.PayoutId);
            writer.Write(',');
            Field(writer, row.StatementId);
            writer.Write(',');
            Field(writer, row.BusinessDate);
            writer.Write(',');
            Field(writer, row.ExpectedMinor?.ToString(CultureInfo.InvariantCulture) ?? "");
            writer.Write(',');
            Field(writer, row.ActualMinor?.ToString(CultureInfo.InvariantCulture) ?? "");
            writer.Write(',');
            Field(writer, row.Detail);
            writer.Write('\n');
        }
    }

    public static string ToText(IEnumerable<ExceptionRow> rows)
    {
        var sb = new StringWriter(CultureInfo.InvariantCulture);
        Write(sb, rows);
        return sb.ToString();
    }

    internal static void Field(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    internal static UTF8Encoding Utf8 { get; } = new(encoderShouldEmitUTF8Identifier: false);
}
