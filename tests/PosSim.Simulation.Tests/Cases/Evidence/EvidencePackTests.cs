using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PosSim.Iso8583.Cards;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Support;
using PosSim.Simulation.Support.Cases;
using PosSim.Simulation.Support.Cases.Evidence;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Cases.Evidence;

/// <summary>The evidence pack of the escalated call about the lost answer at 14:02 (<see cref="EscalatedCaseFixture"/>).</summary>
public sealed partial class EvidencePackTests(EscalatedCaseFixture run) : IClassFixture<EscalatedCaseFixture>
{
    private static readonly CaseTextEn Words = CaseTextEn.Instance;

    [Fact]
    public void Escalating_writes_the_pack_into_the_run_folder_and_says_where()
    {
        var path = CaseEvidence.DefaultPath(run.Dir, 1);

        Assert.Equal(Path.Combine(run.Dir, "evidence", "case-1.html"), path);
        Assert.Contains($"Evidence pack: {path}", run.EscalationOutput, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", run.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pack_holds_every_line_of_the_audit_trail()
    {
        using var book = CaseBook.Open(run.Dir);
        var audit = book.Get(1).Audit;

        Assert.Equal(8, audit.Count);
        var trail = Section(run.Html, "audit");
        foreach (var e in audit)
        {
            var line = $"<td class=\"t\">{e.At:yyyy-MM-dd HH:mm:ss}</td><td>{e.Actor}</td><td>{CaseTextEn.Instance.StepName(e.Action)}</td>" +
                $"<td>{CaseTextEn.Instance.Stage(e.From)}</td><td>{CaseTextEn.Instance.Stage(e.To)}</td>";
            Assert.Contains(line, trail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_escalation_reason_is_there_encoded_as_text_never_as_markup()
    {
        Assert.Contains(WebUtility.HtmlEncode(EscalatedCaseFixture.EscalationReason), run.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>credit</b>", run.Html, StringComparison.Ordinal);
        Assert.Contains("Escalated on 2026-03-07 23:08:00 by wang.", run.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pack_names_the_transaction_by_its_rrn_and_masked_card()
    {
        var transaction = Section(run.Html, "case");

        Assert.Contains($"<dt>RRN</dt><dd>{run.Rrn}</dd>", transaction, StringComparison.Ordinal);
        Assert.Contains("<dt>Card</dt><dd>476173******0011</dd>", transaction, StringComparison.Ordinal);
        Assert.Contains("<dt>STAN</dt><dd>000041</dd>", transaction, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_ledger_transfer_of_the_sale_and_its_payout_is_listed_with_its_amount()
    {
        var transfers = LedgerTransfers();
        var postings = Section(run.Html, "postings");

        Assert.Equal(["hold", "clearing", "post", "fee", "payout"], transfers.Select(t => t.Kind));
        foreach (var (id, _, amount) in transfers)
        {
            Assert.Contains($"<td class=\"id\">{id}</td>", postings, StringComparison.Ordinal);
            Assert.Contains($"<td class=\"num\">{Words.Money(amount, "156")}</td>", postings, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_lost_answer_and_the_three_lost_reversals_are_shown_as_they_went_on_the_wire()
    {
        var messages = Section(run.Html, "messages");

        Assert.Contains("0200 \u2192 0210", messages, StringComparison.Ordinal);
        Assert.Contains("terminal \u2192 switch \u00b7 0200 financial request", messages, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Count(messages, "lost on the way</span>"));
        Assert.Equal(2, Regex.Count(messages, "0401 reversal request, repeated"));
        Assert.Contains("<td class=\"pre\">000000035000</td>", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void The_money_is_followed_to_the_statement_and_the_faults_that_hit_it_are_named()
    {
        var money = Section(run.Html, "money");
        var findings = Section(run.Html, "findings");

        Assert.Contains("C20260302-000091", money, StringComparison.Ordinal);
        Assert.Contains("P-M001-20260303-1", money, StringComparison.Ordinal);
        Assert.Contains("S20260303-000001", money, StringComparison.Ordinal);
        Assert.Contains("batch-out-of-balance", findings, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(findings, ">response-lost</td>"));
        Assert.Equal(3, Regex.Count(findings, ">reversal-lost</td>"));
    }

    [Fact]
    public void The_card_number_the_merchant_read_out_is_masked_in_the_complaint()
    {
        Assert.True(Pan.IsValid(EscalatedCaseFixture.ClearPan));

        Assert.Contains("on card 476173******0011 and the terminal said it failed", run.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(EscalatedCaseFixture.ClearPan, run.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(EscalatedCaseFixture.ClearPan, run.ChineseHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void No_run_of_digits_that_could_be_a_card_number_is_in_either_pack()
    {
        foreach (var html in new[] { run.Html, run.ChineseHtml, run.RegisteredHtml })
        {
            Assert.Empty(CardNumberScan.Suspects(html, run.Dir));
        }
    }

    [Fact]
    public void The_same_case_of_the_same_run_gives_the_same_bytes()
    {
        using var folder = new TempFolder("possim-evidence-twice-");
        using var book = CaseBook.Open(run.Dir);
        var first = folder.Sub("first.html");
        var second = folder.Sub("second.html");

        CaseEvidence.Write(run.Dir, book.Get(1), CaseTextEn.Instance, first);
        CaseEvidence.Write(run.Dir, book.Get(1), CaseTextEn.Instance, second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(File.ReadAllBytes(CaseEvidence.DefaultPath(run.Dir, 1)), File.ReadAllBytes(first));
        Assert.False(File.Exists(first + ".partial"));
    }

    [Fact]
    public void Nothing_is_fetched_from_outside_the_file()
    {
        foreach (var html in new[] { run.Html, run.ChineseHtml })
        {
            foreach (Match reference in Reference().Matches(html))
            {
                var target = reference.Groups["target"].Value;
                Assert.True(target.StartsWith('#') || target.StartsWith("data:", StringComparison.Ordinal), $"{reference.Value} points outside the file");
            }

            Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch("<link[^>]+stylesheet", html);
            Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
            Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
            Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_chinese_pack_is_headed_and_told_in_chinese()
    {
        var html = run.ChineseHtml;

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        foreach (var heading in new[] { "<h1>案件 1 证据材料</h1>", "<h2>案件概况</h2>", "<h2>处理记录</h2>", "<h2>交易全流程</h2>", "<h2>交易报文</h2>", "<h2>账务流水</h2>", "<h2>清算与结算</h2>", "<h2>差错与故障</h2>" })
        {
            Assert.Contains(heading, html, StringComparison.Ordinal);
        }

        Assert.Contains("发卡行批准交易（授权码", html, StringComparison.Ordinal);
        Assert.Contains("已于 2026-03-07 23:08:00 由 wang 升级处理。", html, StringComparison.Ordinal);
        Assert.Contains("<td>审核驳回</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>冻结</td>", html, StringComparison.Ordinal);
        Assert.Contains("途中丢失", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_not_escalated_says_so_and_what_it_has_not_reached_yet()
    {
        var html = run.RegisteredHtml;

        Assert.Contains("This case has not been escalated: it is at &#39;complaint registered&#39;.", html, StringComparison.Ordinal);
        Assert.Contains("No transaction was confirmed for this case", html, StringComparison.Ordinal);
        Assert.Contains("the case&#39;s latest step", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_events_ndjson_the_pack_says_the_switch_log_is_all_there_is()
    {
        using var copy = new TempFolder("possim-evidence-noevents-");
        File.Copy(Path.Combine(run.Dir, RunDatabase.FileName), copy.Sub(RunDatabase.FileName));
        File.Copy(Path.Combine(run.Dir, CaseLog.FileName), copy.Sub(CaseLog.FileName));
        using var book = CaseBook.Open(copy.Path);

        var html = CaseEvidence.Render(CaseEvidence.Collect(copy.Path, book.Get(1)), CaseTextEn.Instance);

        Assert.Contains("The run folder has no events.ndjson", html, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"mono\">{run.Rrn}</td>", Section(html, "messages"), StringComparison.Ordinal);
    }

    /// <summary>One section of the page, so an assertion looks where a reader would.</summary>
    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private List<(string Id, string Kind, long Amount)> LedgerTransfers()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT id, kind, amount_minor FROM ledger_transfers WHERE (terminal_id = 'T0000002' AND rrn = $rrn) " +
            "OR payout_id IN (SELECT payout_id FROM settlements WHERE terminal_id = 'T0000002' AND rrn = $rrn) ORDER BY seq";
        command.Parameters.AddWithValue("$rrn", run.Rrn);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(run.Dir, RunDatabase.FileName),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    [GeneratedRegex("""\b(?:src|href)\s*=\s*["']?(?<target>[^"'\s>]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();
}
