using System.Text.Json;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Trace;

/// <summary>
/// `possim trace` on a real run: finds the sale by RRN, terminal and STAN, or time and amount; tells its hops and
/// where the money is in English and Chinese; --json carries the same; bad input exits 2 with one error line.
/// </summary>
public sealed class TraceCommandTests(TraceRunFixture run) : IClassFixture<TraceRunFixture>
{
    [Fact]
    public void Trace_by_rrn_tells_every_hop_and_that_the_lost_answer_sale_was_paid()
    {
        var (code, stdout, stderr) = CliRunner.Run("trace", "--run", run.Dir, "--rrn", run.Rrn);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains(run.Rrn, stdout, StringComparison.Ordinal);
        Assert.Contains("CNY 350.00", stdout, StringComparison.Ordinal);
        foreach (var hop in new[] { "terminal → switch", "switch → issuer", "switch → terminal", "switch → clearing", "clearing → settlement", "payout → bank" })
        {
            Assert.Contains(hop, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("never reached the terminal", stdout, StringComparison.Ordinal);
        Assert.Contains("Paid: CNY 347.90 reached the merchant's account on 2026-03-03", stdout, StringComparison.Ordinal);
        Assert.Contains("showed this payment as failed", stdout, StringComparison.Ordinal);
        Assert.Contains("batch-out-of-balance", stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{16}", stdout);
    }

    [Fact]
    public void Trace_by_terminal_and_stan_finds_the_same_sale()
    {
        var byRrn = CliRunner.Run("trace", "--run", run.Dir, "--rrn", run.Rrn);
        var byStan = CliRunner.Run("trace", "--run", run.Dir, "--terminal", "T0000002", "--stan", run.Stan);
        Assert.Equal(0, byStan.ExitCode);
        Assert.Equal(byRrn.Stdout, byStan.Stdout);
    }

    [Fact]
    public void Trace_around_a_time_and_amount_finds_the_one_sale_that_fits()
    {
        var byRrn = CliRunner.Run("trace", "--run", run.Dir, "--rrn", run.Rrn);
        var around = CliRunner.Run("trace", "--run", run.Dir, "--around", "2026-03-02 14:02", "--amount", "350.00");
        Assert.Equal(0, around.ExitCode);
        Assert.Equal(byRrn.Stdout, around.Stdout);
    }

    [Fact]
    public void Trace_around_lists_the_candidates_when_several_fit()
    {
        // Two sales of 350.00 three minutes apart on two terminals: "about 14:03, 350.00" cannot tell them apart.
        using var folder = new TempFolder("possim-trace-twins-");
        var scenario = folder.Sub("twins.yaml");
        File.WriteAllText(scenario, """
            name: twins
            start: 2026-03-02
            merchants:
              - id: M001
                terminals: 2
            cardholders:
              count: 20
            traffic:
              purchases_per_day: 10
            planned:
              - { terminal: T0000001, time: "14:02", amount_minor: 35000, name: first }
              - { terminal: T0000002, time: "14:05", amount_minor: 35000, name: second }
            """);
        var dir = folder.Sub("run");
        Assert.Equal(0, CliRunner.Run("run", scenario, "--out", dir).ExitCode);

        var (code, stdout, _) = CliRunner.Run("trace", "--run", dir, "--around", "2026-03-02 14:03", "--amount", "350.00");
        Assert.Equal(0, code);
        Assert.Contains("2 transactions fit", stdout, StringComparison.Ordinal);
        Assert.Contains("T0000001", stdout, StringComparison.Ordinal);
        Assert.Contains("T0000002", stdout, StringComparison.Ordinal);
        Assert.Contains("--rrn", stdout, StringComparison.Ordinal);

        var json = CliRunner.Run("trace", "--run", dir, "--around", "2026-03-02 14:03", "--amount", "350.00", "--json", "--lang", "zh-CN");
        using var doc = JsonDocument.Parse(json.Stdout);
        var candidates = doc.RootElement.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.Equal(35000, c.GetProperty("amount_minor").GetInt64()));
        Assert.Contains("参考号", doc.RootElement.GetProperty("hint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_issuer_lost_sale_is_told_as_reversed_with_nothing_moved()
    {
        var (code, stdout, _) = CliRunner.Run("trace", "--run", run.Dir, "--around", "2026-03-02 10:05", "--amount", "350");
        Assert.Equal(0, code);
        Assert.Contains("91 (issuer unavailable)", stdout, StringComparison.Ordinal);
        Assert.Contains("released the hold", stdout, StringComparison.Ordinal);
        Assert.Contains("Reversed: the hold on the card was released and nothing moved.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Chinese_tells_the_story_as_a_support_agent_says_it()
    {
        var (code, stdout, _) = CliRunner.Run("trace", "--run", run.Dir, "--rrn", run.Rrn, "--lang", "zh-CN");
        Assert.Equal(0, code);
        foreach (var word in new[] { "参考号", "流水号", "终端", "冲正", "清算", "结算", "入账", "350.00元", "资金现状", "给商户的答复", "差错" })
        {
            Assert.Contains(word, stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("What happened", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_one_object_with_the_steps_where_the_money_is_and_the_advice()
    {
        var (code, stdout, _) = CliRunner.Run("trace", "--run", run.Dir, "--rrn", run.Rrn, "--json", "--lang", "zh-CN");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("zh-CN", root.GetProperty("language").GetString());
        Assert.Equal(run.Rrn, root.GetProperty("transaction").GetProperty("rrn").GetString());
        Assert.Equal("350.00", root.GetProperty("transaction").GetProperty("amount").GetString());
        Assert.Equal(run.Stan, root.GetProperty("transaction").GetProperty("stan").GetString());
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal("terminal", steps[0].GetProperty("from").GetString());
        Assert.Equal("switch", steps[0].GetProperty("to").GetString());
        Assert.Contains(steps, s => s.GetProperty("trouble").GetBoolean() && s.GetProperty("text").GetString()!.Contains("冲正", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.GetProperty("to").GetString() == "clearing");
        Assert.Equal("paid", root.GetProperty("money").GetProperty("state").GetString());
        Assert.Contains("2026-03-03", root.GetProperty("money").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("tell_merchant").GetString()));
        Assert.NotEmpty(root.GetProperty("next_steps").EnumerateArray());
        Assert.Single(root.GetProperty("findings").EnumerateArray());
    }

    public static TheoryData<string, string[], string> BadInputs() => new()
    {
        { "unknown RRN", ["--rrn", "999999999999"], "no transaction with RRN 999999999999" },
        { "bad amount", ["--around", "2026-03-02 14:02", "--amount", "3,50"], "--amount '3,50' is not an amount" },
        { "unknown language", ["--rrn", "606114000092", "--lang", "fr"], "--lang 'fr' is not a language" },
        { "terminal without stan", ["--terminal", "T0000002"], "--terminal needs --stan" },
        { "bad around", ["--around", "14:02", "--amount", "350.00"], "--around '14:02' is not a time" },
        { "no way to name it", [], "say which transaction" },
        { "two ways to name it", ["--rrn", "606114000092", "--terminal", "T0000002", "--stan", "41"], "use one way" },
        { "nothing around then", ["--around", "2026-03-02 03:00", "--amount", "350.00"], "no purchase or refund of 350.00" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_or_nothing_fitting_exits_2_with_one_error_line(string name, string[] args, string error)
    {
        var result = CliRunner.Run(["trace", "--run", run.Dir, .. args]);
        Assert.True(result.ExitCode == 2, name);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(error, line, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_folder_that_is_not_a_run_exits_2_saying_what_to_give()
    {
        using var empty = new TempFolder("possim-trace-empty-");
        var result = CliRunner.Run("trace", "--run", empty.Path, "--rrn", run.Rrn);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"error: {empty.Path}: not a run folder", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_teaches_with_examples()
    {
        var (code, stdout, _) = CliRunner.Run("trace", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--around \"2026-03-02 14:02\" --amount 350.00", stdout, StringComparison.Ordinal);
        Assert.Contains("--lang zh-CN", stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes", stdout, StringComparison.Ordinal);
    }
}
