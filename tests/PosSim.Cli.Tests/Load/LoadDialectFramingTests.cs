using PosSim.Host.Serve;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests.Load;

/// <summary>`possim load` speaks whatever the switch speaks: here `possim serve` in iso87-binary, ASCII lengths and a TPDU.</summary>
public sealed class LoadDialectFramingTests() : InProcessServe("possim-load-tpdu-")
{
    internal override ServeOptions Options => new() { Terminals = 2, Durable = false, Dialect = "iso87-binary", Framing = "ascii4", HeaderLength = 5 };

    [Fact]
    public async Task A_binary_dialect_with_an_ascii_length_and_a_tpdu_is_answered_in_full()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await LoadFiles.RunAsync(
            "--target", Service.EndPoint!.ToString()!, "-p", Data.Sub("provisioned.json"), "--dialect", "iso87-binary", "--framing", "ascii4",
            "--header-length", "5", "--duration", "500ms", "--warmup", "0s", "--in-flight", "2", "--connections", "1", "--json").WaitAsync(cts.Token);
        var json = LoadFiles.Json(result);

        Assert.True(json.Long("answered") > 0);
        Assert.Equal(json.Long("sent"), json.Long("answered"));
        Assert.Equal("iso87-binary", json.GetProperty("dialect").GetString());
        Assert.Equal("ascii4+header5", json.GetProperty("framing").GetString());
    }
}
