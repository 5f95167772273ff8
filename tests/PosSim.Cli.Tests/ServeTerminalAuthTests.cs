using Microsoft.Extensions.Configuration;
using PosSim.Core.Security;
using PosSim.Host;
using PosSim.Host.Serve;
using PosSim.Iso8583;
using PosSim.Net.Client;
using PosSim.Cli.Tests.Load;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>
/// Terminal authentication through `possim serve` over loopback (docs/security.md): a terminal signs on, takes its
/// working key out of field 48 of the 0810 under its master key, and MACs its requests; the server refuses 63 what
/// does not carry a right MAC. And the settings: off on loopback unless asked, on beyond it, the secret never shown.
/// </summary>
public sealed class ServeTerminalAuthTests() : InProcessServe("possim-mac-")
{
    private const string Secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static readonly DateTimeOffset LocalTime = ServeEndToEndTests.LocalTime;

    internal override ServeOptions Options => new() { Terminals = 2, Durable = false, TerminalAuth = "retail-mac", TerminalKeySecret = Secret };

    [Fact]
    public async Task A_terminal_that_signs_on_and_macs_its_requests_is_approved_and_one_that_does_not_is_refused_63()
    {
        var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(Data.Sub("provisioned.json")));
        Assert.DoesNotContain("master", await File.ReadAllTextAsync(Data.Sub("provisioned.json")), StringComparison.OrdinalIgnoreCase);
        var codec = new IsoCodec(Dialect.Load("iso87-ascii"));
        var first = provisioned.Terminals[0];
        var terminal = new TerminalMessages(first.TerminalId, first.MerchantId);
        using var key = new TerminalMacKey(TerminalMasterKey.Derive(Convert.FromHexString(Secret), first.TerminalId), codec);
        var card = ServeEndToEndTests.Read(provisioned.Cards[0]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var till = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = Service.EndPoint!, DefaultTimeout = TimeSpan.FromSeconds(20), Reconnect = false }, cts.Token);

        var unsigned = terminal.Purchase(card, 10_00, LocalTime);
        Assert.Equal("63", (await till.SendAsync(unsigned)).ResponseCode); // no working key yet

        var signOn = await till.SendAsync(ServeTerminalAuthSignOnTests.ProvenSignOn(terminal));
        Assert.Equal("00", signOn.ResponseCode);
        Assert.True(key.TryAccept(signOn));

        var purchase = terminal.Purchase(card, 10_00, LocalTime);
        Assert.True(key.TrySign(purchase));
        var approved = await till.SendAsync(purchase);
        Assert.Equal("00", approved.ResponseCode);
        Assert.True(key.Verify(approved)); // and the answer carries the switch's MAC

        var tampered = terminal.Purchase(card, 10_00, LocalTime);
        Assert.True(key.TrySign(tampered));
        tampered.Set(4, "000000000001");
        Assert.Equal("63", (await till.SendAsync(tampered)).ResponseCode);
        Assert.Equal("63", (await till.SendAsync(terminal.Purchase(card, 10_00, LocalTime))).ResponseCode);

        var reversal = TerminalMessages.Reversal(purchase);
        Assert.True(key.TrySign(reversal));
        Assert.Equal("00", (await till.SendAsync(reversal)).ResponseCode);
        Assert.Equal(3, Service.Switch!.MacRefusals);
        Assert.Single(Service.Switch.Tranlog, e => e.Kind == PosSim.Core.Switch.TransactionKind.Purchase); // nothing booked for the refused ones
    }

    [Fact]
    public async Task A_refused_request_is_logged_once_with_terminal_and_stan_and_never_a_key_a_mac_or_the_card()
    {
        var logs = new RecordingLoggerFactory();
        using var data = new TempFolder("possim-mac-log-");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (service, provisioned, terminal) = await StartAsync(data, cts.Token, logs: logs);
        var card = ServeEndToEndTests.Read(provisioned.Cards[0]);
        using var key = new TerminalMacKey(TerminalMasterKey.Derive(Convert.FromHexString(Secret), terminal.TerminalId), new IsoCodec(Dialect.Load("iso87-ascii")));
        string keyField;
        string mac;
        await using (var till = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = service.EndPoint!, DefaultTimeout = TimeSpan.FromSeconds(20), Reconnect = false }, cts.Token))
        {
            var signOn = await till.SendAsync(ServeTerminalAuthSignOnTests.ProvenSignOn(terminal));
            keyField = signOn.GetString(48)!;
            Assert.True(key.TryAccept(signOn));
            var tampered = terminal.Purchase(card, 10_00, LocalTime);
            Assert.True(key.TrySign(tampered));
            mac = Convert.ToHexString(tampered.Get(64));
            tampered.Set(4, "000000000002");
            Assert.Equal("63", (await till.SendAsync(tampered)).ResponseCode);
        }

        await service.StopAsync(cts.Token);

        AssertOneRefusalLogged(logs, terminal, stan: 2);
        foreach (var entry in logs.Entries)
        {
            foreach (var secret in new[] { card.Pan, Secret, keyField[1..33], mac })
            {
                Assert.DoesNotContain(secret, entry.Message, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Possim_load_with_the_secret_signs_on_macs_every_request_and_is_answered_in_full()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await LoadFiles.RunAsync(["--json", "--target", Service.EndPoint!.ToString()!, "-p", Data.Sub("provisioned.json"), "--warmup", "0s",
            "--in-flight", "2", "--connections", "2", "--duration", "500ms", "--terminal-key-secret", Secret]).WaitAsync(cts.Token);
        var json = LoadFiles.Json(result);

        Assert.True(json.Long("answered") > 0);
        Assert.Equal(2, json.GetProperty("sign_on").GetProperty("response_codes").Long("00"));
        Assert.False(json.GetProperty("response_codes").TryGetProperty("63", out _));
        var batches = json.GetProperty("batch_totals");
        Assert.Equal(batches.Long("sent"), batches.GetProperty("response_codes").Long("00"));
        Assert.Equal(0, Service.Switch!.MacRefusals);
        Assert.DoesNotContain(Secret, result.Stdout + result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_aes_cmac_a_terminal_signs_on_and_its_maced_purchase_is_approved_through_serve()
    {
        using var data = new TempFolder("possim-cmac-");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (service, provisioned, terminal) = await StartAsync(data, cts.Token, "aes-cmac");
        try
        {
            using var key = new TerminalMacKey(TerminalMasterKey.Derive(Convert.FromHexString(Secret), terminal.TerminalId), new IsoCodec(Dialect.Load("iso87-ascii")));
            await using var till = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = service.EndPoint!, DefaultTimeout = TimeSpan.FromSeconds(20), Reconnect = false }, cts.Token);

            var signOn = await till.SendAsync(ServeTerminalAuthSignOnTests.ProvenSignOn(terminal, MacAlgorithm.AesCmac));
            Assert.StartsWith("A", signOn.GetString(48), StringComparison.Ordinal);
            Assert.True(key.TryAccept(signOn));
            var purchase = terminal.Purchase(ServeEndToEndTests.Read(provisioned.Cards[0]), 10_00, LocalTime);
            Assert.True(key.TrySign(purchase));
            Assert.Equal("00", (await till.SendAsync(purchase)).ResponseCode);
        }
        finally
        {
            await service.StopAsync(cts.Token);
        }
    }

    [Fact]
    public void Possim_load_refuses_a_bad_secret_in_one_line_without_repeating_it()
    {
        const string Bad = "not-a-secret-zz";
        var result = CliRunner.Run("load", "--terminal-key-secret", Bad, "--duration", "1s");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --terminal-key-secret", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Bad, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Possim_load_without_the_secret_is_refused_63()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await LoadFiles.RunAsync(["--json", "--target", Service.EndPoint!.ToString()!, "-p", Data.Sub("provisioned.json"), "--warmup", "0s",
            "--in-flight", "1", "--connections", "1", "--duration", "300ms", "--mix", "purchase=1"]).WaitAsync(cts.Token);
        var json = LoadFiles.Json(result);

        Assert.Equal(json.Long("answered"), json.GetProperty("response_codes").Long("63"));
    }

    [Fact]
    public void Terminal_auth_is_off_on_loopback_by_default_and_on_beyond_it_or_when_configured()
    {
        Assert.Null(TerminalAuthSetup.ModeOf(new ServeOptions()));
        Assert.Null(TerminalAuthSetup.ModeOf(new ServeOptions { Listen = "[::1]:5800" }));
        Assert.Equal(MacAlgorithm.RetailMac, TerminalAuthSetup.ModeOf(new ServeOptions { Listen = "0.0.0.0:5800" }));
        Assert.Equal(MacAlgorithm.AesCmac, TerminalAuthSetup.ModeOf(new ServeOptions { TerminalAuth = "aes-cmac" }));
        Assert.Null(TerminalAuthSetup.ModeOf(new ServeOptions { Listen = "0.0.0.0:5800", TerminalAuth = "off" }));
        Assert.Null(TerminalAuthSetup.ModeOf(new ServeOptions { Listen = "0.0.0.0:5800", Role = "issuer" }));
    }

    [Fact]
    public void The_settings_take_the_secret_from_the_environment_and_refuse_bad_values_in_one_line_without_repeating_the_secret()
    {
        static ServeOptions Read(out string? problem, params (string Key, string Value)[] settings) =>
            ServeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>(s.Key, s.Value))).Build(), out problem);

        var options = Read(out var problem, ("Serve:Listen", "0.0.0.0:5800"), ("TERMINAL_KEY_SECRET", Secret));
        Assert.Null(problem);
        Assert.Equal(Secret, options.TerminalKeySecret);

        Read(out problem, ("Serve:Listen", "0.0.0.0:5800"));
        Assert.Contains("POSSIM_TERMINAL_KEY_SECRET", problem, StringComparison.Ordinal);
        Assert.Contains("Serve:TerminalAuth=off", problem, StringComparison.Ordinal);

        Assert.Null(Read(out problem, ("Serve:Listen", "0.0.0.0:5800"), ("Serve:TerminalAuth", "off")).TerminalKeySecret);
        Assert.Null(problem);
        Read(out problem); // loopback: nothing asked
        Assert.Null(problem);

        Read(out problem, ("Serve:TerminalAuth", "hmac"));
        Assert.StartsWith("Serve:TerminalAuth (POSSIM_Serve__TerminalAuth) = 'hmac': choose off, retail-mac or aes-cmac", problem, StringComparison.Ordinal);

        const string Short = "0011223344";
        Read(out problem, ("Serve:TerminalAuth", "retail-mac"), ("TERMINAL_KEY_SECRET", Short));
        Assert.NotNull(problem);
        Assert.DoesNotContain(Short, problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// Serve in process on <paramref name="data"/> with terminal authentication <paramref name="auth"/>, its log lines
    /// going to <paramref name="logs"/> (nowhere by default); returns it with its provisioning and its first terminal.
    /// </summary>
    internal static async Task<(AcquirerService Service, Provisioning Provisioned, TerminalMessages Terminal)> StartAsync(
        TempFolder data, CancellationToken cancellationToken, string auth = "retail-mac", int terminals = 1, Microsoft.Extensions.Logging.ILoggerFactory? logs = null)
    {
        var service = new AcquirerService(
            new ServeOptions { Listen = "127.0.0.1:0", Data = data.Path, Terminals = terminals, Durable = false, TerminalAuth = auth, TerminalKeySecret = Secret },
            TextWriter.Null, logs ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await service.StartAsync(cancellationToken);
        var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(data.Sub("provisioned.json"), cancellationToken));
        return (service, provisioned, new TerminalMessages(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId));
    }

    /// <summary>Exactly one 63 was logged, as a warning naming the terminal and the STAN; returns its text.</summary>
    internal static string AssertOneRefusalLogged(RecordingLoggerFactory logs, TerminalMessages terminal, int stan)
    {
        // "Refused 63", not "63": a port or connection number in another line may hold those digits.
        var refusal = Assert.Single(logs.Entries, e => e.Message.StartsWith("Refused 63", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, refusal.Level);
        Assert.Contains(terminal.TerminalId, refusal.Message, StringComparison.Ordinal);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"STAN {stan}"), refusal.Message, StringComparison.Ordinal);
        return refusal.Message;
    }
}
