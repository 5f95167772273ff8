using System.Net;
using Microsoft.Data.Sqlite;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Support.Cases.Evidence;
using PosSim.Simulation.Tests.Trace;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Cases.Evidence;

/// <summary>
/// The packs of cases that were carried out: scenarios/16-support-cases.yaml, whose automatic agent takes six
/// complaints to completion, one per place money gets stuck (a hold released, payouts made late, a return from
/// clearing, a refund from the merchant).
/// </summary>
public sealed class CompletedCasesEvidenceTests(CompletedCasesEvidenceTests.Run run) : IClassFixture<CompletedCasesEvidenceTests.Run>
{
    [Fact]
    public void A_completed_case_says_it_is_not_escalated_and_shows_the_resolution_carried_out()
    {
        var html = run.Packs[1];
        var (wayBack, messageRrn, proof) = run.Resolution(1);

        Assert.Equal("release-hold", wayBack);
        Assert.Contains("This case has not been escalated: it is at &#39;completed&#39;.", html, StringComparison.Ordinal);
        Assert.Contains("<h3>Resolutions carried out</h3>", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{WebUtility.HtmlEncode(proof)}</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"mono\">{messageRrn}</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_back_office_release_is_shown_as_a_reversal_advice_not_a_terminal_reversal()
    {
        var html = run.Packs[1];

        Assert.Contains("<td class=\"mono\">0420 \u2192 0430</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("0400 \u2192 0410", html, StringComparison.Ordinal);
    }

    [Fact]
    public void No_pack_of_the_six_cases_holds_a_run_of_digits_that_could_be_a_card_number()
    {
        Assert.Equal(6, run.Packs.Count);
        foreach (var (id, html) in run.Packs)
        {
            Assert.True(CardNumberScan.Suspects(html, run.Dir).Count == 0, $"case {id}: {string.Join(", ", CardNumberScan.Suspects(html, run.Dir))}");
        }
    }

    /// <summary>16-support-cases run once, and the pack of each of its cases written with `possim case evidence`.</summary>
    public sealed class Run : ShippedRunFixture
    {
        public Run()
            : base("16-support-cases.yaml", "possim-evidence-completed-")
        {
            for (var id = 1; id <= 6; id++)
            {
                var result = CliRunner.Run("case", "evidence", "--run", Dir, "--case", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"possim case evidence --case {id} failed: {result.Stderr}");
                }

                Packs[id] = File.ReadAllText(CaseEvidence.DefaultPath(Dir, id));
            }
        }

        public SortedDictionary<long, string> Packs { get; } = [];

        /// <summary>What run.sqlite's resolutions table says was done for a case.</summary>
        public (string WayBack, string MessageRrn, string Proof) Resolution(long caseId)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(Dir, RunDatabase.FileName),
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT way_back, message_rrn, proof FROM resolutions WHERE case_id = $case";
            command.Parameters.AddWithValue("$case", caseId);
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read(), $"no resolution of case {caseId}");
            return (reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetString(2));
        }
    }
}
