using System.Globalization;
using System.Text;

namespace PosSim.Reconciliation.Outputs;

/// <summary>
/// Writes summary.json by hand so its bytes are fixed: keys as_of, counts (every kind, sorted by name,
/// the order of exceptions.csv), matched, pending; two-space indent; "\n" line ends; a final newline. When the
/// input had adjustments.csv, the adjustment keys follow: adjustments, adjustments_unproven, resolved and
/// resolved_by_way_back (every way back, sorted by name); without it the file is byte for byte what it was
/// before adjustments existed.
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
        sb.Append("  \"pending\": ").Append(result.Pending.ToString(CultureInfo.InvariantCulture));
        if (result.HasAdjustments)
        {
            sb.Append(",\n");
            sb.Append("  \"adjustments\": ").Append(result.Adjustments.Count.ToString(CultureInfo.InvariantCulture)).Append(",\n");
            sb.Append("  \"adjustments_unproven\": ").Append(result.UnprovenAdjustments.Count.ToString(CultureInfo.InvariantCulture)).Append(",\n");
            sb.Append("  \"resolved\": ").Append(result.Resolved.Count.ToString(CultureInfo.InvariantCulture)).Append(",\n");
            sb.Append("  \"resolved_by_way_back\": {\n");
            var ways = WayBacks.InOutputOrder;
            for (var i = 0; i < ways.Count; i++)
            {
                sb.Append("    \"").Append(ways[i].Name()).Append("\": ")
                    .Append(result.ResolvedByWayBack[ways[i]].ToString(CultureInfo.InvariantCulture))
                    .Append(i + 1 < ways.Count ? ",\n" : "\n");
            }

            sb.Append("  }");
        }

        sb.Append('\n');
        sb.Append("}\n");
        return sb.ToString();
    }
}
