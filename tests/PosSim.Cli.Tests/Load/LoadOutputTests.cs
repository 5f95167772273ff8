using System.Text.Json;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Load;

/// <summary>The shapes of `possim load`'s outputs: the JSON fields docs/load.md lists, the .hgrm format, the self-contained page.</summary>
public sealed class LoadOutputTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new("possim-load-out-");
    private ScriptedSwitch _fake = null!;

    public async Task InitializeAsync() => _fake = await ScriptedSwitch.StartAsync((_, _) => Script.Answer);

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_json_object_has_every_documented_field()
    {
        var json = LoadFiles.Json(await Run("--json"));
        string[] fields =
        [
            "target", "dialect", "framing", "mode", "rate_per_s", "scenario", "in_flight", "connections", "terminals", "duration_s", "warmup_s",
            "timeout_ms", "as_host", "mix", "interrupted", "elapsed_s", "sent", "answered", "timeouts", "errors", "connection_errors",
            "bad_responses", "refused", "late_responses", "rate", "response_codes", "by_kind", "latency_us",
            "send_lag_us", "warmup_sent", "sign_on", "batch_totals", "reversals", "series",
        ];
        Assert.Equal(fields.Order(StringComparer.Ordinal), json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["count", "max", "mean", "p50", "p90", "p99", "p999"], json.GetProperty("latency_us").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["echo", "purchase", "refund", "void"], json.GetProperty("by_kind").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var point = json.GetProperty("series").EnumerateArray().First();
        Assert.Equal(["answered", "errors", "max_us", "p50_us", "p99_us", "second", "sent"], point.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(json.Long("sent"), json.GetProperty("series").EnumerateArray().Sum(p => p.Long("sent")));
        Assert.Equal(json.Long("errors"), json.Long("connection_errors") + json.Long("bad_responses") + json.Long("refused"));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("rate_per_s").ValueKind);
        Assert.Equal("closed", json.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task The_hgrm_file_is_hdrhistograms_percentile_distribution_in_milliseconds()
    {
        var hgrm = _folder.Sub("run.hgrm");
        var json = LoadFiles.Json(await Run("--json", "--hgrm", hgrm));
        var lines = await File.ReadAllLinesAsync(hgrm);

        Assert.Matches(@"^\s*Value\s+Percentile\s+TotalCount\s+1/\(1-Percentile\)$", lines[0]);
        var rows = lines.Skip(1).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var values = rows.Select(r => double.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var percentiles = rows.Select(r => double.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(values.Order(), values);
        Assert.Equal(percentiles.Order(), percentiles);
        Assert.Equal(1.0, percentiles[^1]);
        Assert.Equal(json.GetProperty("latency_us").Long("count"), long.Parse(rows[^1][2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(lines, l => l.StartsWith("#[Mean", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("#[Max", StringComparison.Ordinal));

        // Milliseconds: the max in the file is the JSON's max in microseconds, to the file's three decimals.
        Assert.Equal(json.GetProperty("latency_us").Long("max") / 1000.0, values[^1], 3);
    }

    [Fact]
    public async Task The_html_page_is_self_contained_with_both_charts()
    {
        var html = _folder.Sub("run.html");
        Assert.Equal(0, (await Run("--html", html)).ExitCode);
        var page = await File.ReadAllTextAsync(html);

        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Equal(2, page.Split("<svg").Length - 1);
        Assert.Contains("Requests per second", page, StringComparison.Ordinal);
        Assert.Contains("Latency per second", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", page, StringComparison.Ordinal);
    }

    private async Task<CliResult> Run(params string[] args)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await LoadFiles.RunAsync(["--target", _fake.Target, "-p", LoadFiles.Provisioned(_folder), "--duration", "1s", "--warmup", "0s", "--in-flight", "2", .. args]).WaitAsync(cts.Token);
    }
}
