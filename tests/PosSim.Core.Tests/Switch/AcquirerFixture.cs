using Microsoft.Extensions.Time.Testing;
using PosSim.Core.Roles;
using PosSim.Host;
using PosSim.Host.Loop;
using PosSim.Core.Issuer;
using PosSim.Core.Switch;
using PosSim.Iso8583;

namespace PosSim.Core.Tests.Switch;

/// <summary>
/// A switch, issuer and ledger on a fake clock (14:00 local, +08:00), two terminals of one merchant and a few
/// cards, with helpers to send requests and read what the terminal got back.
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

    public AcquirerFixture(SwitchOptions? options = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero));
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

    public static IsoMessage Purchase(int stan, long amount, string pan = Card, string terminal = Terminal)
    {
        var m = new IsoMessage("0200");
        m.Pan = pan;
        m.ProcessingCode = "000000";
        m.AmountMinor = amount;
        m.Set(7, $"1129{060000 + stan:D6}");
        m.Stan = stan;
        m.Set(12, "140000");
        m.Set(13, "1129");
        m.Set(14, "2812");
        m.Set(22, "051");
        m.TerminalId = terminal;
        m.MerchantId = Merchant;
        m.CurrencyCode = "156";
        return m;
    }

    public static IsoMessage Refund(int stan, long amount, string originalRrn, string pan = Card)
    {
        var m = Purchase(stan, amount, pan);
        m.ProcessingCode = "200000";
        m.Rrn = originalRrn;
        return m;
    }

    public static IsoMessage Void(int stan, long amount, string originalRrn, string pan = Card)
    {
        var m = Purchase(stan, amount, pan);
        m.ProcessingCode = "020000";
        m.Rrn = originalRrn;
        return m;
    }

    /// <summary>A terminal's reversal of its own earlier request: the original's fields, MTI 0400, and field 90.</summary>
    public static IsoMessage Reversal(IsoMessage original, string mti = "0400")
    {
        var m = new IsoMessage(mti);
        original.CopyFieldsTo(m, [2, 3, 4, 7, 11, 12, 13, 14, 22, 41, 42, 49]);
        m.Set(90, $"0200{original.Stan:D6}{original.GetString(7)}{new string('0', 22)}");
        return m;
    }

    public static IsoMessage Network(string code, string terminal = Terminal)
    {
        var m = new IsoMessage("0800");
        m.Set(7, "1129060000");
        m.Stan = 1;
        m.TerminalId = terminal;
        m.Set(70, code);
        return m;
    }

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
