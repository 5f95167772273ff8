using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Host.Serve;
using PosSim.Core.Roles;
using PosSim.Host;
using PosSim.Host.Loop;
using PosSim.Core.Issuer;
using PosSim.Core.Switch;
using PosSim.Iso8583;
using PosSim.Net.Client;
using PosSim.Net.Server;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>
/// `possim serve --role switch` forwarding over loopback TCP to an issuer that loses and delays answers as each
/// test scripts: the decline with 91, the reversal repeated until delivered, the late answer recorded, and a
/// reversal that never gets through parked without holding up the others.
/// </summary>
public sealed class SwitchToRemoteIssuerTests : IAsyncLifetime
{
    /// <summary>The terminals' local time: 29 November, noon.</summary>
    private static readonly DateTimeOffset LocalTime = new(2025, 11, 29, 12, 0, 0, TimeSpan.FromHours(8));

    /// <summary>How long a test waits for the switch to settle before it fails.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TempFolder _data = new("possim-switch-");
    private readonly ConcurrentQueue<string> _issuerSaw = new();
    private Ledger.Ledger _ledger = null!;
    private CardIssuer _issuer = null!;
    private CoreLoop _issuerLoop = null!;
    private IsoServer _issuerServer = null!;
    private AcquirerService _switch = null!;
    private IsoClient _terminal = null!;
    private Provisioning _provisioned = null!;
    private readonly RecordingLoggerFactory _logs = new();
    private TerminalMessages _terminalMessages = null!;

    /// <summary>Decides, per message the issuer answers, whether to drop the answer or how long to hold it.</summary>
    private Func<IsoMessage, TimeSpan?> _answerPolicy = _ => TimeSpan.Zero;

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _provisioned = Provisioning.Demo(terminals: 2, merchants: 1, cards: 3);
        _terminalMessages = new TerminalMessages(_provisioned.Terminals[0].TerminalId, _provisioned.Terminals[0].MerchantId);
        _ledger = new Ledger.Ledger(TimeProvider.System);
        _issuer = new CardIssuer(_ledger);
        _provisioned.ApplyTo(new TerminalRegistry(), _issuer);
        _issuerLoop = new CoreLoop(TimeProvider.System, respond => new IssuerCore(_issuer, respond));
        _issuerLoop.Start();
        _issuerServer = new IsoServer(new DelegateRequestHandler(AnswerAsIssuer), new IsoServerOptions { EndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0) });
        await _issuerServer.StartAsync(cts.Token);

        var options = new ServeOptions
        {
            Listen = "127.0.0.1:0",
            Data = _data.Path,
            Role = "switch",
            Issuer = _issuerServer.EndPoint.ToString(),
            Terminals = 2,
            Merchants = 1,
            Cards = 3,
            IssuerTimeoutMs = 1500,
            ReversalAckTimeoutMs = 300,
            ReversalBackoffMs = 50,
            ReversalMaxTries = 4,
        };
        _switch = new AcquirerService(options, TextWriter.Null, _logs);
        await _switch.StartAsync(cts.Token);
        _terminal = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = _switch.EndPoint!, DefaultTimeout = TimeSpan.FromSeconds(20) }, cts.Token);
    }

    public async Task DisposeAsync()
    {
        await _terminal.DisposeAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _switch.StopAsync(cts.Token);
        await _issuerServer.StopAsync(cts.Token);
        await _issuerLoop.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Through_a_remote_issuer_a_purchase_is_approved()
    {
        Assert.Equal("00", (await _terminal.SendAsync(Purchase(100_00))).ResponseCode);
        Assert.Equal(1_000_000_00 - 100_00, Available());
    }

    [Fact]
    public async Task Issuer_answers_are_paired_by_the_link_itself_without_a_warning()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("00", (await _terminal.SendAsync(Purchase(1_00))).ResponseCode);
        }

        Assert.Equal(0, _switch.Switch!.Counters.UnmatchedResponses);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task A_lost_answer_gets_91_and_the_reversal_is_repeated_until_the_issuer_acknowledges_it()
    {
        var lostAcks = 0;
        _answerPolicy = m => m.Mti switch
        {
            "0210" => null, // approved at the issuer, the answer never arrives
            "0430" when Interlocked.Increment(ref lostAcks) <= 2 => null, // the first two acknowledgements are lost too
            _ => TimeSpan.Zero,
        };

        var response = await _terminal.SendAsync(Purchase(250_00));
        Assert.Equal("91", response.ResponseCode);

        await Poll.UntilAsync(() => _switch.Switch!.Queue.Count == 0 && Available() == 1_000_000_00, "the queue is empty and the hold released", Patience);
        Assert.Equal(["0200", "0420", "0421", "0421"], _issuerSaw.ToArray());
        Assert.Empty(_switch.Switch!.Parked);
    }

    [Fact]
    public async Task A_late_answer_is_recorded_on_the_transaction()
    {
        _answerPolicy = m => m.Mti == "0210" ? TimeSpan.FromMilliseconds(2500) : TimeSpan.Zero;
        Assert.Equal("91", (await _terminal.SendAsync(Purchase(10_00))).ResponseCode);
        await Poll.UntilAsync(() => _switch.Switch!.Tranlog.Count > 0 && _switch.Switch.Tranlog[0].LateIssuerResponseCode == "00", "the late 00 is on the transaction", Patience);
        Assert.Equal(1, _switch.Switch!.Counters.LateResponses);
        await Poll.UntilAsync(() => Available() == 1_000_000_00, "the reversal releases the late approval", Patience);
    }

    [Fact]
    public async Task A_reversal_that_never_gets_through_is_parked_and_the_next_one_is_delivered()
    {
        var first = Purchase(10_00);
        _answerPolicy = m => m.Mti == "0210" || (m.Mti == "0430" && m.Stan == first.Stan) ? null : TimeSpan.Zero;
        Assert.Equal("91", (await _terminal.SendAsync(first)).ResponseCode);
        Assert.Equal("91", (await _terminal.SendAsync(Purchase(20_00))).ResponseCode);

        await Poll.UntilAsync(() => _switch.Switch!.Parked.Count == 1 && _switch.Switch.Queue.Count == 0, "one reversal parked, none queued", Patience);
        Assert.Equal(first.Stan, _switch.Switch!.Parked[0].Subject.Stan);
        Assert.Equal(4, _switch.Switch.Parked[0].Tries);
        Assert.Equal(1_000_000_00, Available()); // the issuer did get the reversals; only their acknowledgements were lost
    }

    private async ValueTask<IsoMessage?> AnswerAsIssuer(IsoRequest request, CancellationToken cancellationToken)
    {
        _issuerSaw.Enqueue(request.Message.Mti!);
        var response = request.CreateResponse();
        await _issuerLoop.SubmitAsync(request.Message, response, cancellationToken);
        var policy = _answerPolicy(response);
        if (policy is null)
        {
            return null;
        }

        if (policy.Value > TimeSpan.Zero)
        {
            await Task.Delay(policy.Value, cancellationToken);
        }

        return response;
    }

    private long Available() => _issuerLoop.Core is IssuerCore core && core.Issuer.TryGetCard(_provisioned.Cards[0].Pan, out var card)
        ? core.Issuer.BalanceOf(card).Available
        : -1;

    /// <summary>A purchase from the first terminal with the first card, as <see cref="TerminalMessages"/> builds it.</summary>
    private IsoMessage Purchase(long amount)
    {
        var card = _provisioned.Cards[0];
        return _terminalMessages.Purchase(new CardRead(card.Pan, card.Expiry), amount, LocalTime);
    }
}
