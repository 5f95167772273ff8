using Microsoft.Extensions.Time.Testing;
using PosSim.Core.Roles;
using PosSim.Host;
using PosSim.Host.Loop;
using PosSim.Core.Issuer;
using PosSim.Core.Switch;
using PosSim.Iso8583;
using PosSim.Simulation.Terminals;

namespace PosSim.Core.Tests.Switch;

/// <summary>
/// A switch, issuer and ledger on a fake clock (14:00 local, +08:00), two terminals of one merchant and a few
/// cards, with helpers to build the terminals' messages (through <see cref="TerminalMessages"/>, the one builder),
/// send them and read what the terminal got back.
/// </summary>
internal sealed class AcquirerFixture
{
    public const string Terminal = "TERM0001";
    public const string OtherTerminal = "TERM0002";
    public const string Merchant = "MERCHANT0000001";
    public const string Card = "4761739001010119";
    public const string PoorCard = "4761739001010127";
    public const string ExpiredCard = "4761739001010135";

    private readonly Dictionary<long, IsoMessage> _responses = [];
    private long _token;

    /// <summary>The terminals' local time on every message the helpers build: the fixture's start, 14:00 at +08:00.</summary>
    public static readonly DateTimeOffset LocalStart = new(2026, 11, 29, 14, 0, 0, TimeSpan.FromHours(8));

    public AcquirerFixture(SwitchOptions? options = null)
    {
        Clock = new FakeTimeProvider(LocalStart.ToUniversalTime());
        Ledger = new Ledger.Ledger(Clock);
        Issuer = new CardIssuer(Ledger);
        Issuer.OpenBooks();
        Issuer.AddCard(Card, "2812", 1_000_00);
        Issuer.AddCard(PoorCard, "2812", 10_00);
        Issuer.AddCard(ExpiredCard, "2510", 1_000_00);
        Acquirer = new LocalAcquirer(Clock, Issuer, OnResponse, options);
        Acquirer.Switch.Terminals.Add(Terminal, Merchant);
        Acquirer.Switch.Terminals.Add(OtherTerminal, Merchant);
    }

    public FakeTimeProvider Clock { get; }

    public Ledger.Ledger Ledger { get; }

    public CardIssuer Issuer { get; }

    public LocalAcquirer Acquirer { get; }

    public AcquirerSwitch Switch => Acquirer.Switch;

    public ScriptedFaults Faults { get; } = new();

    public void EnableFaults() => Acquirer.Faults = Faults;

    /// <summary>Sends a request and returns the response the terminal got for it, or null when none came (yet).</summary>
    public IsoMessage? Send(IsoMessage request)
    {
        var token = ++_token;
        Acquirer.Submit(token, request);
        return _responses.Remove(token, out var response) ? response : null;
    }

    /// <summary>Sends over connection <paramref name="connection"/> (from <paramref name="peer"/>) and returns the response.</summary>
    public IsoMessage? SendOn(long connection, IsoMessage request, string? peer = "127.0.0.1")
    {
        var token = ++_token;
        Acquirer.Submit(token, request, new RequestOrigin(connection, peer));
        return _responses.Remove(token, out var response) ? response : null;
    }

    /// <summary>Sends and leaves the response to be collected later with <see cref="ResponseTo"/>.</summary>
    public long SendAsync(IsoMessage request)
    {
        var token = ++_token;
        Acquirer.Submit(token, request);
        return token;
    }

    public IsoMessage? ResponseTo(long token) => _responses.Remove(token, out var response) ? response : null;

    /// <summary>Moves the clock forward in one-second steps, firing what falls due.</summary>
    public void Advance(TimeSpan by)
    {
        var end = Clock.GetUtcNow() + by;
        while (Clock.GetUtcNow() < end)
        {
            var step = TimeSpan.FromSeconds(1);
            Clock.Advance(end - Clock.GetUtcNow() < step ? end - Clock.GetUtcNow() : step);
            Acquirer.RunDue();
        }
    }

    public long Available(string pan) => Issuer.TryGetCard(pan, out var card) ? Issuer.BalanceOf(card).Available : 0;

    /// <summary>
    /// A terminal of the merchant, as <see cref="TerminalMessages"/> builds its messages, whose next message carries
    /// <paramref name="stan"/>: the helpers below name the STAN, so each takes a terminal at that point of its sequence.
    /// </summary>
    public static TerminalMessages TerminalAt(string terminal = Terminal, int stan = 1) => new(terminal, Merchant, firstStan: stan);

    /// <summary>The card as the terminal reads it: the expiry the issuer has on file.</summary>
    public static CardRead ReadCard(string pan) => new(pan, pan == ExpiredCard ? "2510" : "2812");

    public static IsoMessage Purchase(int stan, long amount, string pan = Card, string terminal = Terminal) =>
        TerminalAt(terminal, stan).Purchase(ReadCard(pan), amount, LocalStart);

    public static IsoMessage Refund(int stan, long amount, string originalRrn, string pan = Card) =>
        TerminalAt(Terminal, stan).Refund(ReadCard(pan), amount, originalRrn, LocalStart);

    public static IsoMessage Void(int stan, long amount, string originalRrn, string pan = Card) =>
        TerminalAt(Terminal, stan).Void(ReadCard(pan), amount, originalRrn, LocalStart);

    /// <summary>A terminal's reversal of its own earlier request: the original's fields, MTI 0400, and field 90.</summary>
    public static IsoMessage Reversal(IsoMessage original, string mti = "0400") => TerminalMessages.Reversal(original, mti);

    public static IsoMessage Network(NetworkCode code, string terminal = Terminal) => TerminalAt(terminal).Network(code, LocalStart);

    private void OnResponse(long token, IsoMessage response)
    {
        var copy = new IsoMessage();
        response.CopyTo(copy);
        _responses[token] = copy;
    }
}

/// <summary>Faults scripted by a test: predicates deciding which messages to drop or delay.</summary>
internal sealed class ScriptedFaults : IIssuerLinkFaults
{
    public Func<IsoMessage, bool> DropRequest { get; set; } = _ => false;

    public Func<IsoMessage, bool> DropResponse { get; set; } = _ => false;

    public Func<IsoMessage, TimeSpan> DelayResponse { get; set; } = _ => TimeSpan.Zero;

    public List<IsoMessage> SeenRequests { get; } = [];

    public LinkDecision OnRequest(IsoMessage request)
    {
        var copy = new IsoMessage();
        request.CopyTo(copy);
        SeenRequests.Add(copy);
        return DropRequest(request) ? LinkDecision.Drop : LinkDecision.Deliver;
    }

    public LinkDecision OnResponse(IsoMessage response) =>
        DropResponse(response) ? LinkDecision.Drop : LinkDecision.DelayBy(DelayResponse(response));
}
