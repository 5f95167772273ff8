using System.Text.Json;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Trace;

/// <summary>
/// `possim trace` on the clearing breaks of 05-clearing-records: a dropped presentment leaves a hold at the issuer,
/// a doubled one shows two clearing rows, an altered one the amount mismatch; each with its matcher finding, and the
/// advice given once.
/// </summary>
public sealed class TraceClearingRecordsTests(ClearingRecordsRunFixture run) : IClassFixture<ClearingRecordsRunFixture>
{
    private CliResult Trace(string time, string amount, params string[] more) =>
        CliRunner.Run(["trace", "--run", run.Dir, "--around", $"2026-03-02 {time}", "--amount", amount, .. more]);

    [Fact]
    public void The_dropped_sale_is_still_a_hold_at_the_issuer_with_the_approved_not_cleared_finding()
    {
        var (code, stdout, stderr) = Trace("09:10", "56.00");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("terminal T0000001", stdout, StringComparison.Ordinal);
        Assert.Contains("CNY 56.00", stdout, StringComparison.Ordinal);
        Assert.Contains("never presented for clearing", stdout, StringComparison.Ordinal);
        Assert.Contains("clearing-dropped", stdout, StringComparison.Ordinal);
        Assert.Contains("Still a hold of CNY 56.00 on the cardholder's card at the issuer", stdout, StringComparison.Ordinal);
        Assert.Contains("approved-not-cleared", stdout, StringComparison.Ordinal);
        Assert.Contains("never sent for clearing", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Paid:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dropped_sale_in_chinese_says_the_money_is_still_frozen_and_names_the_finding()
    {
        var (code, stdout, _) = Trace("09:10", "56.00", "--lang", "zh-CN");
        Assert.Equal(0, code);
        foreach (var word in new[] { "56.00元", "资金现状", "仍冻结在持卡人的发卡行", "没有送清算", "对账差错", "已授权未清算", "补送清算" })
        {
            Assert.Contains(word, stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Where the money is", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public void The_dropped_sale_gives_each_piece_of_advice_once(string lang)
    {
        var (code, stdout, _) = Trace("09:10", "56.00", "--json", "--lang", lang);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var next = json.RootElement.GetProperty("next_steps").EnumerateArray().Select(s => s.GetString()!).ToList();

        // The hold's step (approval code, before the hold expires) stays; the finding's "present it late" is not repeated.
        var step = Assert.Single(next);
        Assert.Contains("847039", step, StringComparison.Ordinal);
        Assert.Equal("held-at-issuer", json.RootElement.GetProperty("money").GetProperty("state").GetString());
        Assert.Contains("approved-not-cleared", Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_dropped_sale_prints_its_next_step_once()
    {
        var en = Trace("09:10", "56.00").Stdout;
        Assert.Equal(2, en.Split("Present the sale late for clearing").Length);
        Assert.DoesNotContain("Confirm it is missing from clearing", en, StringComparison.Ordinal);

        var zh = Trace("09:10", "56.00", "--lang", "zh-CN").Stdout;
        Assert.Equal(2, zh.Split("补送清算（授权码").Length);
        Assert.DoesNotContain("核实清算文件确实漏了这笔", zh, StringComparison.Ordinal);
    }

    [Fact]
    public void The_doubled_sale_shows_two_clearing_rows_and_the_duplicate_clearing_finding()
    {
        var (code, stdout, _) = Trace("13:45", "218.00");
        Assert.Equal(0, code);
        Assert.Contains("terminal T0000004", stdout, StringComparison.Ordinal);
        Assert.Equal(2, stdout.Split("Presented for clearing as").Length - 1);
        Assert.Contains("clearing-duplicated", stdout, StringComparison.Ordinal);
        Assert.Contains("duplicate-clearing", stdout, StringComparison.Ordinal);
        Assert.Contains("sent for clearing 2 times", stdout, StringComparison.Ordinal);
        Assert.Contains("Reverse the extra presentments.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_doubled_sale_in_json_carries_both_clearing_steps_and_the_finding()
    {
        var (code, stdout, _) = Trace("13:45", "218.00", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("T0000004", root.GetProperty("transaction").GetProperty("terminal_id").GetString());
        Assert.Equal("218.00", root.GetProperty("transaction").GetProperty("amount").GetString());
        var clearing = root.GetProperty("steps").EnumerateArray()
            .Where(s => s.GetProperty("to").GetString() == "clearing" && !s.GetProperty("trouble").GetBoolean())
            .ToList();
        Assert.Equal(2, clearing.Count);
        Assert.Contains(root.GetProperty("findings").EnumerateArray(), f => f.GetString()!.StartsWith("duplicate-clearing", StringComparison.Ordinal));
        Assert.Equal(new[] { "Reverse the extra presentments." }, root.GetProperty("next_steps").EnumerateArray().Select(s => s.GetString()!));
    }

    [Fact]
    public void The_altered_sale_shows_the_other_amount_and_the_clearing_amount_mismatch()
    {
        var (code, stdout, _) = Trace("19:05", "99.00");
        Assert.Equal(0, code);
        Assert.Contains("terminal T0000007", stdout, StringComparison.Ordinal);
        Assert.Contains("for CNY 109.00 at the cut-over", stdout, StringComparison.Ordinal);
        Assert.Contains("clearing-altered", stdout, StringComparison.Ordinal);
        Assert.Contains("clearing-amount-mismatch", stdout, StringComparison.Ordinal);
        Assert.Contains("approved for 99.00 but sent for clearing as 109.00", stdout, StringComparison.Ordinal);
        Assert.Contains("Correct the presentment to the approved amount.", stdout, StringComparison.Ordinal);
    }
}
