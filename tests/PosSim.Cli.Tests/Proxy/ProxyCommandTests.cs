using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Host;
using PosSim.Host.Serve;
using PosSim.Iso8583.Cards;
using PosSim.Net.Client;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Proxy;

/// <summary>
/// `possim proxy` run in-process in front of `possim serve`, both on 127.0.0.1 with free ports: a fault from the file,
/// faults changed through the HTTP API while traffic flows, and the hit log it writes.
/// </summary>
public sealed class ProxyCommandTests : IAsyncLifetime
{
    private readonly TempFolder _data = new("possim-proxy-");
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private AcquirerService _serve = null!;
    private Task<int> _proxy = null!;
    private Provisioning _provisioned = null!;
    private TerminalMessages _terminal = null!;

    private string HitLog => _data.Sub("hits.ndjson");

    public async Task InitializeAsync()
    {
        _serve = new AcquirerService(new ServeOptions { Listen = "127.0.0.1:0", Data = _data.Sub("serve"), Durable = false }, TextWriter.Null, NullLoggerFactory.Instance);
        await _serve.StartAsync(_stop.Token);
        _provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(Path.Combine(_data.Sub("serve"), "provisioned.json"), _stop.Token));
        _terminal = new TerminalMessages(_provisioned.Terminals[0].TerminalId, _provisioned.Terminals[0].MerchantId);

        await File.WriteAllTextAsync(_data.Sub("faults.json"), """
            {
              "faults": [
                { "name": "decline-big", "kind": "corrupt", "direction": "response", "field": 39, "value": "05",
                  "match": { "mti": "0200", "amount_min": 100000 } }
              ]
            }
            """, _stop.Token);
        var args = new[]
        {
            "proxy", "--listen", "127.0.0.1:0", "--upstream", _serve.EndPoint!.ToString()!, "--dialect", "iso87-ascii",
            "--faults", _data.Sub("faults.json"), "--api", "127.0.0.1:0", "--log", HitLog, "--seed", "3",
        };
        var config = new System.CommandLine.InvocationConfiguration { Output = TextWriter.Synchronized(_stdout), Error = TextWriter.Synchronized(_stderr) };
        _proxy = Task.Run(() => Program.BuildRootCommand(TextReader.Null).Parse(args).InvokeAsync(config, _stop.Token));
        await Poll.UntilAsync(() => _stdout.ToString().Contains("api on", StringComparison.Ordinal) || _proxy.IsCompleted, "the proxy to start", _stop.Token);
        Assert.False(_proxy.IsCompleted, _stderr.ToString());
        _http.BaseAddress = new Uri(Line("api on "));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await _proxy.WaitAsync(TimeSpan.FromSeconds(20)));
        await _serve.StopAsync(CancellationToken.None);
        _http.Dispose();
        _stop.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task The_fault_file_applies_and_the_hit_log_names_the_frame_with_the_pan_masked()
    {
        await using var client = await ConnectAsync();
        var card = _provisioned.Cards[0];

        Assert.Equal("00", (await client.SendAsync(Purchase(card, 500))).ResponseCode);
        Assert.Equal("05", (await client.SendAsync(Purchase(card, 100_000))).ResponseCode);

        var lines = await ReadHitsAsync(1);
        var hit = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("decline-big", hit.GetProperty("fault").GetString());
        Assert.Equal("0210", hit.GetProperty("mti").GetString());
        Assert.Equal(_terminal.TerminalId, hit.GetProperty("terminal").GetString());
        Assert.StartsWith("field 39 set to '05'", hit.GetProperty("action").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(card.Pan, await File.ReadAllTextAsync(HitLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_adds_updates_removes_and_resets_faults_while_traffic_flows()
    {
        await using var client = await ConnectAsync();
        var card = _provisioned.Cards[0];

        var added = await _http.PostAsync("faults", Json("""{"name": "issuer-down", "kind": "stand_in", "response_code": "91", "match": {"mti": "0200"}}"""));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("91", (await client.SendAsync(Purchase(card, 200))).ResponseCode);

        var updated = await _http.PutAsync("faults/issuer-down", Json("""{"kind": "stand_in", "response_code": "96"}"""));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("96", (await client.SendAsync(Purchase(card, 200))).ResponseCode);

        var list = await _http.GetFromJsonAsync<JsonElement>("faults");
        Assert.Equal(["decline-big", "issuer-down"], list.GetProperty("faults").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(1, list.GetProperty("faults")[1].GetProperty("hits").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync("faults/issuer-down")).StatusCode);
        Assert.Equal("00", (await client.SendAsync(Purchase(card, 200))).ResponseCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.PostAsync("reset", null)).StatusCode);
        Assert.Equal("00", (await client.SendAsync(Purchase(card, 100_000))).ResponseCode);
        Assert.Empty((await _http.GetFromJsonAsync<JsonElement>("faults")).GetProperty("faults").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"name": "x", "kind": "latency", "latency_ms": "slow"}""", "$.latency_ms")]
    [InlineData("""{"name": "x", "kind": "drop", "match": {"stan": "abc"}}""", "$.match.stan")]
    [InlineData("""{"name": "x", "kind": "flood"}""", "$.kind")]
    [InlineData("""{"name": "x", "kind": """, "$")]
    [InlineData("""[1, 2]""", "$")]
    public async Task A_bad_api_request_is_400_with_the_json_path_and_the_proxy_keeps_serving(string body, string path)
    {
        await using var client = await ConnectAsync();

        var response = await _http.PostAsync("faults", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(path, error.GetProperty("path").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("error").GetString()));
        Assert.Equal("00", (await client.SendAsync(Purchase(_provisioned.Cards[0], 300))).ResponseCode);
        Assert.Single((await _http.GetFromJsonAsync<JsonElement>("faults")).GetProperty("faults").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_names_are_404_and_a_taken_name_is_409()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync("faults/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PutAsync("faults/nope", Json("""{"kind": "drop"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync("faults", Json("""{"name": "decline-big", "kind": "drop"}"""))).StatusCode);
        var status = await _http.GetFromJsonAsync<JsonElement>("status");
        Assert.Equal(1, status.GetProperty("faults").GetInt32());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private string Line(string prefix) =>
        _stdout.ToString().Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    private Task<IsoClient> ConnectAsync() => IsoClient.ConnectAsync(new IsoClientOptions
    {
        EndPoint = IPEndPoint.Parse(Line("listening on ")),
        DefaultTimeout = TimeSpan.FromSeconds(10),
        Reconnect = false,
    }, _stop.Token);

    private Iso8583.IsoMessage Purchase(ProvisionedCard card, long amount) =>
        _terminal.Purchase(new CardRead(card.Pan, card.Expiry), amount, new DateTimeOffset(2025, 11, 29, 12, 0, 0, TimeSpan.FromHours(8)));

    private async Task<string[]> ReadHitsAsync(int count)
    {
        string[] lines = [];
        await Poll.UntilAsync(() =>
        {
            using var file = new FileStream(HitLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(file);
            lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length >= count;
        }, $"{count} hit lines", _stop.Token);
        return lines;
    }
}
