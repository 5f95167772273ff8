using System.Globalization;

namespace PosSim.Simulation.Scenarios;

/// <summary>
/// The one way merchant and terminal ids follow from a scenario's merchant groups; the loader checks references
/// against these ids and the run creates exactly these merchants and terminals.
/// </summary>
/// <remarks>
/// A group with count 1 is the merchant named by its id; a group with count n &gt; 1 is n merchants whose ids are
/// the group id followed by a 4-digit ordinal (M0001, M0002, ...). Terminals are numbered across the whole
/// scenario in file order, T0000001 first, so adding a group at the end never renames an existing terminal.
/// </remarks>
public static class ScenarioLayout
{
    /// <summary>Where a dialect named in a scenario is: a built-in name as it is, a file relative to the scenario file.</summary>
    public static string DialectPath(string dialect, string scenarioFile)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(scenarioFile);
        if (Iso8583.Dialect.BuiltInNames.Contains(dialect) || Path.IsPathRooted(dialect) || scenarioFile.Length == 0)
        {
            return dialect;
        }

        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(scenarioFile)) ?? "", dialect);
    }

    /// <summary>The most terminals ids of T + 7 digits can name.</summary>
    public const int MaxTerminals = 9_999_999;

    /// <summary>The most merchants one group can hold: the ordinal has 4 digits.</summary>
    public const int MaxGroupCount = 9_999;

    /// <summary>Every merchant in file order with the group whose terms it has.</summary>
    public static IReadOnlyList<(string MerchantId, MerchantGroup Group)> Merchants(Scenario s)
    {
        var merchants = new List<(string, MerchantGroup)>();
        foreach (var group in s.Merchants)
        {
            for (var i = 1; i <= group.Count; i++)
            {
                merchants.Add((MerchantId(group, i), group));
            }
        }

        return merchants;
    }

    /// <summary>Every terminal in file order: its merchant, its id and the merchant's group.</summary>
    public static IReadOnlyList<(string MerchantId, string TerminalId, MerchantGroup Group)> Terminals(Scenario s)
    {
        var terminals = new List<(string, string, MerchantGroup)>();
        foreach (var (merchantId, group) in Merchants(s))
        {
            for (var i = 0; i < group.TerminalsEach; i++)
            {
                terminals.Add((merchantId, TerminalId(terminals.Count + 1), group));
            }
        }

        return terminals;
    }

    /// <summary>The id of the <paramref name="ordinal"/>-th merchant (1-based) of a group.</summary>
    public static string MerchantId(MerchantGroup group, int ordinal) =>
        group.Count == 1 ? group.Id : group.Id + ordinal.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The id of the <paramref name="ordinal"/>-th terminal of the scenario (1-based): T0000001.</summary>
    public static string TerminalId(int ordinal) => "T" + ordinal.ToString("D7", CultureInfo.InvariantCulture);
}
