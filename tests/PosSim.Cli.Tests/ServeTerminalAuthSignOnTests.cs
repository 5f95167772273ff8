using PosSim.Core.Security;
using PosSim.Host;
using PosSim.Host.Serve;
using PosSim.Iso8583;
using PosSim.Net.Client;
using PosSim.Simulation.Terminals;
using PosSim.Cli.Tests.Load;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>
/// Through `possim serve` over loopback with terminal authentication on (docs/security.md, "Sign-on proves the master
/// key"): only a sign-on MACed under the key derived from the terminal's master key, and not replayed, signs on; echo and
/// sign-off need the working key's MAC. Anything else is answered 63 and changes nothing.
/// </summary>
public sealed class ServeTerminalAuthSignOnTests() : InProcessServe("possim-signon-")
{
    private const string Secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private const string WrongSecret = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    private static readonly IsoCodec Codec = new(Dialect.Load("iso87-ascii"));

    internal override ServeOptions Options => new() { Terminals = 2, Durable = false, TerminalAuth = "retail-mac", TerminalKeySecret = Secret };

    /// <summary>
    /// A sign-on of <paramref name="terminal"/> proving its master key (derived from <paramref name="secret"/>): MACed
    /// under its sign-on key, sent now by the serve's clock (field 7 in the acquirer's local time, +08:00).
    /// </summary>
    internal static IsoMessage ProvenSignOn(TerminalMessages terminal, MacAlgorithm algorithm = MacAlgorithm.RetailMac, string secret = Secret)
    {
        var message = terminal.Network(NetworkCode.SignOn, DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)));
        Assert.True(SignOnKey.TrySign(message, algorithm, TerminalMasterKey.Derive(Convert.FromHexString(secret), terminal.TerminalId), Codec));
        return message;
    }

    private static IsoMessage Copy(IsoMessage message)
    {
        var copy = new IsoMessage();
        message.CopyTo(copy);
        return copy;
    }

    private async Task<(TerminalMessages Terminal, CardRead Card)> TerminalAsync()
    {
        var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(Data.Sub("provisioned.json")));
        var first = provisioned.Terminals[0];
        return (new TerminalMessages(first.TerminalId, first.MerchantId), ServeEndToEndTests.Read(provisioned.Cards[0]));
    }

    private static TerminalMacKey KeyOf(TerminalMessages terminal) =>
        new(TerminalMasterKey.Derive(Convert.FromHexString(Secret), terminal.TerminalId), Codec);

    private Task<IsoClient> ConnectAsync(CancellationToken cancellationToken) =>
        IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = Service.EndPoint!, DefaultTimeout = TimeSpan.FromSeconds(20), Reconnect = false }, cancellationToken);

    private static IsoMessage Purchase(TerminalMessages terminal, TerminalMacKey key, CardRead card)
    {
        var purchase = terminal.Purchase(card, 10_00, ServeEndToEndTests.LocalTime);
        Assert.True(key.TrySign(purchase));
        return purchase;
    }

    [Fact]
    public async Task A_strangers_unmaced_or_wrongly_maced_sign_on_for_an_idle_terminal_is_refused_63_and_the_real_terminal_then_signs_on_and_transacts()
    {
        var (terminal, card) = await TerminalAsync();
        using var key = KeyOf(terminal);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stranger = await ConnectAsync(cts.Token);
        await using var till = await ConnectAsync(cts.Token);

        var unmaced = await stranger.SendAsync(terminal.Network(NetworkCode.SignOn, DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8))));
        Assert.Equal("63", unmaced.ResponseCode);
        Assert.False(unmaced.Has(48));
        var wronglyMaced = await stranger.SendAsync(ProvenSignOn(terminal, secret: WrongSecret));
        Assert.Equal("63", wronglyMaced.ResponseCode);
        Assert.False(wronglyMaced.Has(48));

        // The stranger's connection is still open, and it took nothing: the terminal signs on from its own.
        var signOn = await till.SendAsync(ProvenSignOn(terminal));
        Assert.Equal("00", signOn.ResponseCode);
        Assert.True(key.TryAccept(signOn));
        Assert.Equal("00", (await till.SendAsync(Purchase(terminal, key, card))).ResponseCode);
        Assert.Equal("58", (await stranger.SendAsync(Purchase(terminal, key, card))).ResponseCode); // and the terminal is its connection's
        Assert.Equal(2, Service.Switch!.MacRefusals);
    }

    [Fact]
    public async Task A_replayed_sign_on_is_refused_63_from_any_connection_and_the_terminal_keeps_its_working_key()
    {
        var (terminal, card) = await TerminalAsync();
        using var key = KeyOf(terminal);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var till = await ConnectAsync(cts.Token);
        await using var eavesdropper = await ConnectAsync(cts.Token);

        var signOn = ProvenSignOn(terminal);
        var captured = Copy(signOn);
        Assert.True(key.TryAccept(await till.SendAsync(signOn)));

        Assert.Equal("63", (await eavesdropper.SendAsync(Copy(captured))).ResponseCode);
        var again = await till.SendAsync(Copy(captured));
        Assert.Equal("63", again.ResponseCode);
        Assert.False(again.Has(48)); // no new working key

        Assert.Equal("00", (await till.SendAsync(Purchase(terminal, key, card))).ResponseCode);
    }

    [Fact]
    public async Task An_unmaced_sign_off_is_refused_63_and_the_terminal_keeps_transacting_until_it_signs_off_with_its_mac()
    {
        var (terminal, card) = await TerminalAsync();
        using var key = KeyOf(terminal);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var till = await ConnectAsync(cts.Token);
        Assert.True(key.TryAccept(await till.SendAsync(ProvenSignOn(terminal))));

        Assert.Equal("63", (await till.SendAsync(terminal.Network(NetworkCode.SignOff, ServeEndToEndTests.LocalTime))).ResponseCode);
        Assert.Equal("00", (await till.SendAsync(Purchase(terminal, key, card))).ResponseCode);

        var signOff = terminal.Network(NetworkCode.SignOff, ServeEndToEndTests.LocalTime);
        Assert.True(key.TrySign(signOff));
        var signedOff = await till.SendAsync(signOff);
        Assert.Equal("00", signedOff.ResponseCode);
        Assert.True(key.Verify(signedOff)); // the 0810 is MACed with the key it ends
        Assert.NotEqual("00", (await till.SendAsync(Purchase(terminal, key, card))).ResponseCode);
    }

    [Fact]
    public async Task An_unmaced_echo_is_refused_63_and_a_maced_one_is_answered_00_under_the_working_key()
    {
        var (terminal, _) = await TerminalAsync();
        using var key = KeyOf(terminal);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var till = await ConnectAsync(cts.Token);
        Assert.True(key.TryAccept(await till.SendAsync(ProvenSignOn(terminal))));

        Assert.Equal("63", (await till.SendAsync(terminal.Network(NetworkCode.Echo, ServeEndToEndTests.LocalTime))).ResponseCode);
        var echo = terminal.Network(NetworkCode.Echo, ServeEndToEndTests.LocalTime);
        Assert.True(key.TrySign(echo));
        var answer = await till.SendAsync(echo);

        Assert.Equal("00", answer.ResponseCode);
        Assert.True(key.Verify(answer));
    }

    [Fact]
    public async Task Possim_load_with_terminal_auth_aes_cmac_signs_on_to_an_aes_cmac_serve_and_is_answered_in_full()
    {
        using var data = new TempFolder("possim-signon-cmac-");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (service, _, _) = await ServeTerminalAuthTests.StartAsync(data, cts.Token, "aes-cmac", terminals: 2);
        try
        {
            var result = await LoadFiles.RunAsync(["--json", "--target", service.EndPoint!.ToString()!, "-p", data.Sub("provisioned.json"), "--warmup", "0s",
                "--in-flight", "1", "--connections", "1", "--duration", "300ms", "--terminal-key-secret", Secret, "--terminal-auth", "aes-cmac"]).WaitAsync(cts.Token);
            var json = LoadFiles.Json(result);

            Assert.Equal(2, json.GetProperty("sign_on").GetProperty("response_codes").Long("00"));
            Assert.False(json.GetProperty("response_codes").TryGetProperty("63", out _));
            Assert.Equal(0, service.Switch!.MacRefusals);
        }
        finally
        {
            await service.StopAsync(cts.Token);
        }
    }

    [Fact]
    public void Possim_load_refuses_an_unknown_terminal_auth_in_one_line()
    {
        var result = CliRunner.Run("load", "--terminal-auth", "hmac", "--duration", "1s");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --terminal-auth: choose retail-mac or aes-cmac", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_sign_on_is_logged_once_with_terminal_and_stan_and_never_a_key_or_a_mac()
    {
        var logs = new RecordingLoggerFactory();
        using var data = new TempFolder("possim-signon-log-");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (service, _, terminal) = await ServeTerminalAuthTests.StartAsync(data, cts.Token, logs: logs);
        var wrong = ProvenSignOn(terminal, secret: WrongSecret);
        var mac = Convert.ToHexString(wrong.Get(128));
        var signOnKey = new byte[16];
        SignOnKey.Derive(TerminalMasterKey.Derive(Convert.FromHexString(Secret), terminal.TerminalId).Key, signOnKey);
        await using (var stranger = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = service.EndPoint!, DefaultTimeout = TimeSpan.FromSeconds(20), Reconnect = false }, cts.Token))
        {
            Assert.Equal("63", (await stranger.SendAsync(wrong)).ResponseCode);
        }

        await service.StopAsync(cts.Token);

        Assert.Contains("sign-on", ServeTerminalAuthTests.AssertOneRefusalLogged(logs, terminal, stan: 1), StringComparison.Ordinal);
        foreach (var entry in logs.Entries)
        {
            foreach (var secret in new[] { Secret, mac, Convert.ToHexString(signOnKey) })
            {
                Assert.DoesNotContain(secret, entry.Message, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
