using PosSim.Net.Proxy;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Net.Tests.Proxy;

/// <summary>The fault file format: what it accepts, and the path (or line) it names when something is wrong.</summary>
public sealed class FaultFileTests
{
    [Fact]
    public void A_file_with_every_kind_parses()
    {
        var faults = FaultParser.ParseFile("""
            {
              // comments are allowed
              "faults": [
                { "name": "l", "kind": "latency", "latency_ms": 100, "jitter_ms": 10, "toxicity": 0.5 },
                { "name": "b", "kind": "bandwidth", "direction": "upstream", "rate_kbps": 10 },
                { "name": "s", "kind": "slicer", "average_size": 8, "size_variation": 2, "delay_us": 100 },
                { "name": "t", "kind": "timeout", "timeout_ms": 1000 },
                { "name": "r", "kind": "reset_peer" },
                { "name": "c", "kind": "limit_data", "bytes": 10 },
                { "name": "d", "kind": "drop", "direction": "response", "match": { "stan": "000037" } },
                { "name": "y", "kind": "delay", "delay_ms": 500, "match": { "mti": ["0200", "0400"], "probability": 0.1 } },
                { "name": "u", "kind": "duplicate", "direction": "request", "copies": 2, "times": 3 },
                { "name": "x", "kind": "corrupt", "field": 39, "value": "05" },
                { "name": "h", "kind": "hold_reversal", "seconds": 30 },
                { "name": "i", "kind": "stand_in", "response_code": "91", "match": { "processing_code": "00", "amount_min": 100, "amount_max": 200, "terminal": "T1" } },
              ]
            }
            """);

        Assert.Equal(12, faults.Count);
        Assert.Equal(Enum.GetValues<FaultKind>(), faults.Select(f => f.Kind).Order());
        Assert.Equal(37, faults[6].Match.Stan);
        Assert.Equal(FaultDirection.Downstream, faults[6].Direction);

        // Downstream carries answers: a request MTI there means its answer.
        Assert.Equal(["0210", "0410"], faults[7].Match.Mti);
        Assert.Equal(FaultDirection.Upstream, faults[10].Direction);
        Assert.Equal(FaultDirection.Upstream, faults[11].Direction);
    }

    [Theory]
    [InlineData("""{"faults": [{"name": "a", "kind": "lag"}]}""", "$.faults[0].kind", "'lag' is not a fault kind")]
    [InlineData("""{"faults": [{"name": "a", "kind": "latency"}]}""", "$.faults[0].latency_ms", "missing")]
    [InlineData("""{"faults": [{"name": "a", "kind": "latency", "latency_ms": -1}]}""", "$.faults[0].latency_ms", "-1 is not valid")]
    [InlineData("""{"faults": [{"name": "a", "kind": "latency", "latency_ms": 1, "stan": 3}]}""", "$.faults[0].stan", "unknown property")]
    [InlineData("""{"faults": [{"name": "a", "kind": "drop", "toxicity": 2}]}""", "$.faults[0].toxicity", "from 0 to 1")]
    [InlineData("""{"faults": [{"name": "a", "kind": "drop", "match": {"mti": "200"}}]}""", "$.faults[0].match.mti", "four digits")]
    [InlineData("""{"faults": [{"name": "a", "kind": "drop", "match": {"mti": ["0200", 3]}}]}""", "$.faults[0].match.mti[1]", "four digits")]
    [InlineData("""{"faults": [{"name": "a", "kind": "drop", "match": {"amount_min": 5, "amount_max": 4}}]}""", "$.faults[0].match.amount_max", "below amount_min")]
    [InlineData("""{"faults": [{"name": "a", "kind": "drop", "match": {"pan": "1"}}]}""", "$.faults[0].match.pan", "unknown condition")]
    [InlineData("""{"faults": [{"name": "a", "kind": "stand_in", "response_code": "91", "direction": "downstream"}]}""", "$.faults[0].direction", "acts upstream")]
    [InlineData("""{"faults": [{"name": "a", "kind": "drop"}, {"name": "a", "kind": "drop"}]}""", "$.faults[1].name", "already the name")]
    [InlineData("""{"faults": [{"kind": "drop"}]}""", "$.faults[0].name", "missing")]
    [InlineData("""{"faults": [{"name": "a b", "kind": "drop"}]}""", "$.faults[0].name", "letters, digits")]
    [InlineData("""{"faults": [{"name": "a", "kind": "slicer", "average_size": 4, "size_variation": 4}]}""", "$.faults[0].size_variation", "less than average_size")]
    [InlineData("""{"faults": [{"name": "a", "kind": "corrupt", "field": 1}]}""", "$.faults[0].field", "2 to 192")]
    [InlineData("""{"toxics": []}""", "$.toxics", "unknown property")]
    public void A_bad_value_names_its_json_path(string json, string path, string problem)
    {
        var error = Assert.Throws<FaultFormatException>(() => FaultParser.ParseFile(json));
        Assert.Equal(path, error.Path);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_names_its_line()
    {
        var error = Assert.Throws<FaultFormatException>(() => FaultParser.ParseFile("{\n  \"faults\": [\n    {\"name\": \"a\" \"kind\": \"drop\"}\n  ]\n}"));
        Assert.Equal(3, error.Line);
        Assert.StartsWith("line 3, ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hit_line_is_one_json_object_with_the_documented_keys()
    {
        var line = FaultHitLog.ToJson(new FaultHit(new DateTimeOffset(2026, 12, 7, 16, 0, 0, TimeSpan.Zero), "lose-37", FaultKind.Drop, FaultDirection.Downstream, 3, new FrameInfo("0210", "000037", "TERM0001", "621234******1234"), "dropped"));
        Assert.Equal("""{"time":"2026-12-07T16:00:00.000Z","fault":"lose-37","kind":"drop","direction":"downstream","connection":3,"mti":"0210","stan":"000037","terminal":"TERM0001","pan":"621234******1234","action":"dropped"}""", line);
    }
}
