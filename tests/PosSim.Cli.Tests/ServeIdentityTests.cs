using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Host;
using PosSim.Host.Serve;
using PosSim.Iso8583;
using PosSim.Net.Client;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>
/// Who may say what, over loopback TCP: the connection a terminal signed on from is the one that speaks for it
/// (docs/serve-protocol.md, "Who may say what"). Each test runs its own `serve` on 127.0.0.1, port 0.
/// </summary>
public sealed class ServeIdentityTests
{
    private static readonly DateTimeOffset LocalTime = ServeEndToEndTests.LocalTime;

    [Fact]
    public async Task A_connection_signed_on_as_a_terminal_speaks_for_it_alone_and_nobody_else_s_speaks_for_it()
    {
        await using var serve = await Serve.StartAsync(new ServeOptions());
        await using var till = await serve.ConnectAsync();
        await using var stranger = await serve.ConnectAsync();
        var (first, second) = (serve.Terminal(0), serve.Terminal(1));

        Assert.Equal("00", (await till.SendAsync(first.Network(NetworkCode.SignOn, LocalTime))).ResponseCode);
        Assert.Equal("58", (await till.SendAsync(serve.Purchase(second, 10_00))).ResponseCode);
        Assert.Equal("58", (await stranger.SendAsync(serve.Purchase(first, 10_00))).ResponseCode);
        Assert.Equal("58", (await stranger.SendAsync(first.Network(NetworkCode.SignOff, LocalTime))).ResponseCode);

        var purchase = serve.Purchase(first, 10_00);
        Assert.Equal("00", (await till.SendAsync(purchase)).ResponseCode);
        Assert.Equal("58", (await stranger.SendAsync(TerminalMessages.Reversal(purchase))).ResponseCode);
        Assert.Equal("00", (await till.SendAsync(TerminalMessages.Reversal(purchase))).ResponseCode);
    }

    [Fact]
    public async Task Once_its_connection_has_closed_a_terminal_signs_on_from_another()
    {
        await using var serve = await Serve.StartAsync(new ServeOptions());
        var first = serve.Terminal(0);
        await using (var till = await serve.ConnectAsync())
        {
            Assert.Equal("00", (await till.SendAsync(first.Network(NetworkCode.SignOn, LocalTime))).ResponseCode);
        }

        await using var replacement = await serve.ConnectAsync();

        // The close reaches the switch on its own loop, after the connection has drained: until then the terminal is
        // still signed on from the old connection and a sign-on from the new one is refused. Ask until it is accepted.
        string? code = null;
        for (var attempt = 0; attempt < 400 && code != "00"; attempt++)
        {
            code = (await replacement.SendAsync(first.Network(NetworkCode.SignOn, LocalTime))).ResponseCode;
            if (code != "00")
            {
                await Task.Delay(25);
            }
        }

        Assert.Equal("00", code);
        Assert.Equal("00", (await replacement.SendAsync(serve.Purchase(first, 10_00))).ResponseCode);
    }

    [Fact]
    public async Task With_sign_on_required_a_connection_must_sign_on_before_it_transacts()
    {
        await using var serve = await Serve.StartAsync(new ServeOptions { RequireSignOn = true });
        await using var till = await serve.ConnectAsync();
        var first = serve.Terminal(0);

        Assert.Equal("58", (await till.SendAsync(serve.Purchase(first, 10_00))).ResponseCode);
        Assert.Equal("00", (await till.SendAsync(first.Network(NetworkCode.SignOn, LocalTime))).ResponseCode);
        Assert.Equal("00", (await till.SendAsync(serve.Purchase(first, 10_00))).ResponseCode);
    }

    [Fact]
    public async Task A_configured_host_link_speaks_for_every_terminal_without_signing_on_as_any()
    {
        await using var serve = await Serve.StartAsync(new ServeOptions { RequireSignOn = true, HostLinks = "127.0.0.1" });
        await using var host = await serve.ConnectAsync();

        Assert.Equal("00", (await host.SendAsync(serve.Terminal(0).Network(NetworkCode.SignOn, LocalTime, asHost: true))).ResponseCode);
        Assert.Equal("00", (await host.SendAsync(serve.Purchase(serve.Terminal(0), 10_00))).ResponseCode);
        Assert.Equal("00", (await host.SendAsync(serve.Purchase(serve.Terminal(1), 10_00))).ResponseCode);
    }

    [Fact]
    public async Task Over_the_wire_a_bare_reversal_a_refund_to_another_card_and_an_advice_over_the_limit_are_refused()
    {
        await using var serve = await Serve.StartAsync(new ServeOptions());
        await using var till = await serve.ConnectAsync();
        var first = serve.Terminal(0);
        var purchase = serve.Purchase(first, 10_00);
        var rrn = (await till.SendAsync(purchase)).Rrn!;

        var bare = new IsoMessage("0400") { Stan = purchase.Stan, TerminalId = first.TerminalId };
        bare.Set(IsoMessage.FieldTransmissionDateTime, purchase.GetString(IsoMessage.FieldTransmissionDateTime)!);
        Assert.Equal("30", (await till.SendAsync(bare)).ResponseCode);

        var refund = first.Refund(serve.Card(1), 10_00, rrn, LocalTime);
        Assert.Equal("12", (await till.SendAsync(refund)).ResponseCode);

        var advice = serve.Purchase(first, 999_999_99);
        advice.Mti = "0220";
        var answer = await till.SendAsync(advice);
        Assert.Equal("0230", answer.Mti);
        Assert.Equal("13", answer.ResponseCode);

        Assert.Equal("00", (await till.SendAsync(TerminalMessages.Reversal(purchase))).ResponseCode); // the honest one still works
    }

    [Fact]
    public void Sign_on_and_host_links_are_settings_and_bad_values_are_one_line_naming_the_key()
    {
        static ServeOptions Read(string key, string value, out string? problem) =>
            ServeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>("Serve:" + key, value)]).Build(), out problem);

        Assert.True(Read("RequireSignOn", "true", out var problem).RequireSignOn);
        Assert.Null(problem);
        Assert.Null(Read("Cards", "5", out _).RequireSignOn); // left out: decided by the listen address
        Assert.Equal("10.0.0.7, 10.0.0.8", Read("HostLinks", "10.0.0.7, 10.0.0.8", out problem).HostLinks);
        Assert.Null(problem);

        Read("RequireSignOn", "yes", out problem);
        Assert.StartsWith("Serve:RequireSignOn (POSSIM_Serve__RequireSignOn) = 'yes': give true or false", problem, StringComparison.Ordinal);
        Read("HostLinks", "10.0.0.7,acquirer.example", out problem);
        Assert.StartsWith("Serve:HostLinks (POSSIM_Serve__HostLinks): 'acquirer.example' is not an IP address", problem, StringComparison.Ordinal);
    }

    /// <summary>One `serve` (role all, in memory) and the terminals and a card of its provisioned.json.</summary>
    private sealed class Serve : IAsyncDisposable
    {
        private readonly TempFolder _data;
        private readonly AcquirerService _service;
        private readonly Provisioning _provisioned;
        private readonly List<TerminalMessages> _terminals;

        private Serve(TempFolder data, AcquirerService service, Provisioning provisioned)
        {
            _data = data;
            _service = service;
            _provisioned = provisioned;
            _terminals = provisioned.Terminals.Select(t => new TerminalMessages(t.TerminalId, t.MerchantId)).ToList();
        }

        public static async Task<Serve> StartAsync(ServeOptions options)
        {
            var data = new TempFolder("possim-identity-");
            options.Listen = "127.0.0.1:0";
            options.Data = data.Path;
            options.Terminals = 2;
            options.Durable = false;
            var service = new AcquirerService(options, TextWriter.Null, NullLoggerFactory.Instance);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await service.StartAsync(cts.Token);
            var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(data.Sub("provisioned.json"), cts.Token));
            return new Serve(data, service, provisioned);
        }

        public TerminalMessages Terminal(int index) => _terminals[index];

        public IsoMessage Purchase(TerminalMessages terminal, long amount) =>
            terminal.Purchase(Card(0), amount, LocalTime);

        public CardRead Card(int index) => ServeEndToEndTests.Read(_provisioned.Cards[index]);

        public async Task<IsoClient> ConnectAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = _service.EndPoint!, DefaultTimeout = TimeSpan.FromSeconds(20), Reconnect = false }, cts.Token);
        }

        public async ValueTask DisposeAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _service.StopAsync(cts.Token);
            _data.Dispose();
        }
    }
}
