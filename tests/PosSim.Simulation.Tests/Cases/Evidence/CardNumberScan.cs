using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PosSim.Iso8583.Cards;
using PosSim.Simulation.Outputs;

namespace PosSim.Simulation.Tests.Cases.Evidence;

/// <summary>
/// A Luhn scan of a whole page: a run of 12 to 19 digits that passes the check could be a card number. The only such
/// runs a pack may show are identifiers that cannot be one: the run's RRNs, ISO amounts (field 4, 12 digits of minor
/// units) and pieces of 32-hex-digit ledger ids.
/// </summary>
internal static partial class CardNumberScan
{
    /// <summary>The digit runs of <paramref name="html"/> that could be a card number of the run in <paramref name="runDir"/>.</summary>
    public static IReadOnlyList<string> Suspects(string html, string runDir)
    {
        var (rrns, amounts) = Identifiers(runDir);
        return Digits().Matches(LedgerId().Replace(html, ""))
            .Select(m => m.Value)
            .Where(d => Pan.IsValid(d) && !rrns.Contains(d) && !amounts.Contains(d))
            .Distinct()
            .ToList();
    }

    private static (HashSet<string> Rrns, HashSet<string> Amounts) Identifiers(string runDir)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(runDir, RunDatabase.FileName),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rrn, amount_minor FROM tranlog";
        using var reader = command.ExecuteReader();
        var rrns = new HashSet<string>(StringComparer.Ordinal);
        var amounts = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            rrns.Add(reader.GetString(0));
            amounts.Add(reader.GetInt64(1).ToString("D12", CultureInfo.InvariantCulture));
        }

        return (rrns, amounts);
    }

    // Ledger ids are upper case in run.sqlite, lower case in the proofs of carried-out cases.
    [GeneratedRegex("[0-9A-Fa-f]{32}")]
    private static partial Regex LedgerId();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
