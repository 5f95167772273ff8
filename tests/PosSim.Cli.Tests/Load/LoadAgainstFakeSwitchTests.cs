using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Load;

/// <summary>
/// `possim load` against a scripted switch on loopback: what it counts when answers come, come slowly, never come,
/// or the connection is reset. Each run is a second or less and must end by itself.
/// </summary>
public sealed class LoadAgainstFakeSwitchTests : IDisposable
{
    private readonly TempFolder _folder = new("possim-load-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Every_request_answered_is_counted_once_and_each_answer_has_a_latency()
    {
        await using var fake = await ScriptedSwitch.StartAsync((_, _) => Script.Answer);
        var json = LoadFiles.Json(await Load(fake, "--in-flight", "4", "--connections", "2"));

        Assert.True(json.Long("sent") > 0);
        Assert.Equal(json.Long("sent"), json.Long("answered"));
        Assert.Equal(0, json.Long("timeouts") + json.Long("connection_errors") + json.Long("bad_responses") + json.Long("refused"));
        Assert.Equal(json.Long("answered"), json.GetProperty("latency_us").Long("count"));
        Assert.Equal(json.Long("answered"), json.GetProperty("response_codes").Long("00"));
        var byKind = json.GetProperty("by_kind");
        Assert.Equal(json.Long("sent"), byKind.EnumerateObject().Sum(k => k.Value.Long("sent")));

        // Every terminal signed on before the run; every terminal that was approved closed its batch.
        Assert.Equal(4, json.GetProperty("sign_on").GetProperty("response_codes").Long("00"));
        Assert.Equal(4, json.GetProperty("batch_totals").Long("sent"));
    }

    [Fact]
    public async Task Slow_answers_show_in_the_percentiles()
    {
        // Every purchase waits 150 ms: with one request in flight, no answered purchase can be faster.
        await using var fake = await ScriptedSwitch.StartAsync((m, _) => m.Mti == "0200" ? Script.AnswerSlowly : Script.Answer, TimeSpan.FromMilliseconds(150));
        var json = LoadFiles.Json(await Load(fake, "--in-flight", "1", "--connections", "1", "--mix", "purchase=1"));

        var latency = json.GetProperty("latency_us");
        Assert.InRange(json.Long("answered"), 1, 7);
        Assert.True(latency.Long("p50") >= 150_000, latency.ToString());
        Assert.True(latency.Long("max") >= latency.Long("p99"));
    }

    [Fact]
    public async Task Unanswered_requests_are_timeouts_and_the_run_still_ends_by_itself()
    {
        // Sign-on is answered, nothing else: every measured request times out after 200 ms.
        await using var fake = await ScriptedSwitch.StartAsync((m, _) => m.Mti == "0800" && m.GetString(70) == "001" ? Script.Answer : Script.Ignore);
        var json = LoadFiles.Json(await Load(fake, "--in-flight", "2", "--connections", "1", "--timeout", "200ms"));

        Assert.True(json.Long("sent") > 0);
        Assert.Equal(0, json.Long("answered"));
        Assert.Equal(json.Long("sent"), json.Long("timeouts"));
        Assert.Equal(0, json.GetProperty("latency_us").Long("count"));
        Assert.Equal(0, json.GetProperty("batch_totals").Long("sent")); // nothing approved, no batch to close

        // Every purchase that timed out was reversed (one attempt each; this switch ignores those too).
        var reversals = json.GetProperty("reversals");
        Assert.Equal(json.GetProperty("by_kind").GetProperty("purchase").Long("sent"), reversals.Long("sent"));
        Assert.Equal(reversals.Long("sent"), reversals.Long("unanswered"));
    }

    [Fact]
    public async Task Open_loop_sends_rate_times_duration_and_counts_timeouts_from_a_silent_switch()
    {
        await using var fake = await ScriptedSwitch.StartAsync((m, _) => m.Mti == "0800" ? Script.Answer : Script.Ignore);
        var json = LoadFiles.Json(await Load(fake, "--rate", "200/s", "--connections", "2", "--timeout", "300ms", "--mix", "purchase=1"));

        // 200/s for 1 s over two connections: every intended send time falls in the second, whatever the switch does.
        Assert.Equal(200, json.Long("sent"));
        Assert.Equal(200, json.Long("timeouts"));
        Assert.Equal("open", json.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Reset_connections_are_counted_as_connection_errors_and_the_run_ends_by_itself()
    {
        // Every tenth request resets its connection; the client reconnects and the run goes on to its end.
        await using var fake = await ScriptedSwitch.StartAsync((m, n) => m.Mti != "0800" && n % 10 == 0 ? Script.Reset : Script.Answer);
        var json = LoadFiles.Json(await Load(fake, "--in-flight", "2", "--connections", "2"));

        Assert.True(json.Long("connection_errors") > 0, json.ToString());
        Assert.True(json.Long("answered") > 0);
        Assert.Equal(json.Long("sent"), json.Long("answered") + json.Long("timeouts") + json.Long("connection_errors") + json.Long("bad_responses") + json.Long("refused"));
    }

    [Fact]
    public async Task As_a_host_network_management_goes_without_field_41_once_per_connection()
    {
        var signOns = new System.Collections.Concurrent.ConcurrentBag<bool>();
        await using var fake = await ScriptedSwitch.StartAsync((m, _) =>
        {
            if (m.Mti == "0800" && m.GetString(70) == "001")
            {
                signOns.Add(m.Has(41));
            }

            return Script.Answer;
        });
        var json = LoadFiles.Json(await Load(fake, "--in-flight", "1", "--connections", "3", "--as-host", "--mix", "echo=1"));

        Assert.Equal(3, signOns.Count);
        Assert.DoesNotContain(true, signOns);
        Assert.Equal(3, json.GetProperty("sign_on").Long("sent"));
        Assert.True(json.GetProperty("as_host").GetBoolean());
    }

    private async Task<CliResult> Load(ScriptedSwitch fake, params string[] args)
    {
        var provisioning = LoadFiles.Provisioned(_folder);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = LoadFiles.RunAsync(["--target", fake.Target, "-p", provisioning, "--duration", "1s", "--warmup", "0s", "--json", .. args]);
        return await run.WaitAsync(cts.Token);
    }
}
