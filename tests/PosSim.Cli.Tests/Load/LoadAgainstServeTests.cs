using PosSim.Host.Serve;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Load;

/// <summary>`possim load` against the real `possim serve` (in process, loopback, a free port), with serve's own provisioned.json.</summary>
public sealed class LoadAgainstServeTests() : InProcessServe("possim-load-serve-")
{
    internal override ServeOptions Options => new() { Terminals = 6, Durable = false };

    [Fact]
    public async Task A_closed_loop_run_is_answered_in_full_and_every_batch_balances()
    {
        var json = LoadFiles.Json(await Load("--in-flight", "4", "--connections", "2", "--duration", "1s"));

        Assert.True(json.Long("answered") > 0);
        Assert.Equal(json.Long("sent"), json.Long("answered"));
        Assert.Equal(0, json.Long("timeouts") + json.Long("connection_errors"));

        // Refunds and voids name purchases the switch approved: they are approved too.
        var byKind = json.GetProperty("by_kind");
        foreach (var kind in new[] { "refund", "void", "echo" })
        {
            Assert.Equal(byKind.GetProperty(kind).Long("answered"), byKind.GetProperty(kind).Long("approved"));
        }

        Assert.Equal(6, json.GetProperty("sign_on").GetProperty("response_codes").Long("00"));

        // The terminals' own totals agree with the switch's: every 0500 is answered 00, none 95.
        var batches = json.GetProperty("batch_totals");
        Assert.Equal(batches.Long("sent"), batches.GetProperty("response_codes").Long("00"));
    }

    [Fact]
    public async Task As_a_host_the_sign_on_without_field_41_is_answered_00()
    {
        var json = LoadFiles.Json(await Load("--in-flight", "1", "--connections", "2", "--as-host", "--duration", "300ms"));

        Assert.Equal(2, json.GetProperty("sign_on").GetProperty("response_codes").Long("00"));
    }

    [Fact]
    public async Task The_table_names_the_counts_and_percentiles_and_never_shows_a_card_number()
    {
        var result = await Run("--in-flight", "2", "--connections", "1", "--duration", "500ms");
        Assert.Equal(0, result.ExitCode);
        foreach (var heading in new[] { "sent", "answered", "timeouts", "connection errors", "p50", "p90", "p99", "p99.9", "max", "field 39" })
        {
            Assert.Contains(heading, result.Stdout, StringComparison.Ordinal);
        }

        var provisioned = PosSim.Host.Provisioning.FromJson(await File.ReadAllTextAsync(Data.Sub("provisioned.json")));
        Assert.All(provisioned.Cards, c => Assert.DoesNotContain(c.Pan, result.Stdout + result.Stderr, StringComparison.Ordinal));
        Assert.Empty(result.Stderr); // no live line when stderr is not a terminal
    }

    private Task<CliResult> Load(params string[] args) => Run(["--json", .. args]);

    private async Task<CliResult> Run(params string[] args)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = LoadFiles.RunAsync(["--target", Service.EndPoint!.ToString()!, "-p", Data.Sub("provisioned.json"), "--warmup", "0s", .. args]);
        return await run.WaitAsync(cts.Token);
    }
}
