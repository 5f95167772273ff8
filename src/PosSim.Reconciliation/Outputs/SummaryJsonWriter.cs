using System.Globalization;
using System.Text;

namespace PosSim.Reconciliation.Outputs;

/// <summary>
/// Writes summary.json by hand so its bytes are fixed: keys as_of, counts (every kind, sorted by name,
/// the order of exceptions.csv), matched, pending; two-space indent; "\n" line ends; a final newline.
/// </summary>
public static class SummaryJsonWriter
{
    public static string ToText(MatchResult result)
    {
        var sb = new StringBuilder();
        sb.Append("{\n");
        sb.Append("  \"as_of\": ").Append(result.AsOf is { } d ? $"\"{d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"" : "null").Append(",\n");
        sb.Append("  \"counts\": {\n");
        var kinds = ExceptionKinds.InOutputOrder;
        for (var i = 0; i < kinds.Count; i++)
        {
            sb.Append("    \"").Append(kinds[i].Name()).Append("\": ")
                .Append(result.Counts[kinds[i]].ToString(CultureInfo.InvariantCulture))
                .Append(i + 1 < kinds.Count ? ",\n" : "\n");
        }

        sb.Append("  },\n");
        sb.Append("  \"matched\": ").Append(result.Matched.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        sb.Append("  \"pending\": ").Append(result.Pending.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("}\n");
        return sb.ToString();
    }
}
