using System.Globalization;

namespace PosSim.Reconciliation.Outputs;

/// <summary>
/// Writes resolved.csv with the conventions of exceptions.csv: fixed column order, RFC 4180 quoting where needed,
/// "\n" line ends, UTF-8 without BOM; the header alone when nothing was resolved.
/// </summary>
public static class ResolvedCsvWriter
{
    public static readonly string Header = string.Join(',', InterchangeFiles.Resolved.Columns);

    public static void Write(TextWriter writer, IEnumerable<ResolvedRow> rows)
    {
        writer.Write(Header);
        writer.Write('\n');
        foreach (var row in rows)
        {
            ExceptionsCsvWriter.Field(writer, row.Kind.Name());
            writer.Write(',');
            ExceptionsCsvWriter.Field(writer, row.TerminalId);
            writer.Write(',');
            ExceptionsCsvWriter.Field(writer, row.Rrn);
            writer.Write(',');
            ExceptionsCsvWriter.Field(writer, row.PayoutId);
            writer.Write(',');
            writer.Write(row.CaseId.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(row.WayBack.Name());
            writer.Write(',');
            writer.Write(row.AmountMinor.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            ExceptionsCsvWriter.Field(writer, row.Evidence);
            writer.Write('\n');
        }
    }

    public static string ToText(IEnumerable<ResolvedRow> rows)
    {
        var sb = new StringWriter(CultureInfo.InvariantCulture);
        Write(sb, rows);
        return sb.ToString();
    }
}
