using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using PosSim.Core.Roles;
using PosSim.Host;
using PosSim.Host.Export;
using PosSim.Host.Loop;
using PosSim.Core.Issuer;
using PosSim.Core.Settlement;
using PosSim.Simulation.Settlement;
using PosSim.Core.Switch;
using PosSim.Iso8583;
using PosSim.Reconciliation;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Core.Tests.Settlement;

/// <summary>
/// A switch, issuer, ledger and back office on a fake clock (acquirer local time +08:00), with terminals of a few
/// merchants and well-funded cards. Time moves only through <see cref="AdvanceTo"/>, which fires the switch's
/// timers and runs every cut-over that falls due, as a simulation would.
/// </summary>
internal sealed class SettlementWorld
{
    public const string Card = "4761739001010119";
    public const string OtherCard = "4761739001010127";

    /// <summary>Monday 2 March 2026.</summary>
    public static readonly DateOnly Monday = new(2026, 3, 2);

    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    private readonly Dictionary<long, IsoMessage> _responses = [];
    private readonly Dictionary<long, IsoMessage> _requests = [];
    private readonly Dictionary<string, TerminalMessages> _terminals = new(StringComparer.Ordinal);
    private long _token;

    public SettlementWorld(
        DateTime startLocal,
        IEnumerable<MerchantAgreement>? merchants = null,
        BusinessCalendar? calendar = null,
        SettlementFaultPlan? faults = null,
        int seed = 0,
        int terminalsPerMerchant = 2,
        IReadOnlyList<string>? merchantIds = null,
        SettlementOptions? options = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(startLocal, Offset));
        Ledger = new Ledger.Ledger(Clock);
        Issuer = new CardIssuer(Ledger);
        Issuer.OpenBooks();
        Issuer.AddCard(Card, "2812", 1_000_000_000_00);
        Issuer.AddCard(OtherCard, "2812", 1_000_000_000_00);
        Acquirer = new LocalAcquirer(Clock, Issuer, OnResponse);
        var agreements = merchants?.ToList() ?? [];
        var ids = merchantIds ?? (agreements.Count > 0 ? agreements.Select(a => a.MerchantId).ToList() : ["M001", "M002"]);
        var n = 0;
        foreach (var merchant in ids)
        {
            for (var t = 0; t < terminalsPerMerchant; t++)
            {
                var terminal = string.Create(CultureInfo.InvariantCulture, $"T{++n:D7}");
                Acquirer.Switch.Terminals.Add(terminal, merchant);
                Terminals.Add(terminal);
                _terminals.Add(terminal, new TerminalMessages(terminal, merchant));
            }
        }

        BackOffice = new BackOffice(Acquirer.Switch, Ledger, calendar, agreements, Acquirer.Issuer, new SettlementFaultInjector(faults ?? SettlementFaultPlan.None, new Random(seed)), options);

        // Close the business date before the start, so every later cut-over runs at its own moment.
        BackOffice.CatchUp(Clock.GetUtcNow());
    }

    public FakeTimeProvider Clock { get; }

    public Ledger.Ledger Ledger { get; }

    public CardIssuer Issuer { get; }

    public LocalAcquirer Acquirer { get; }

    public AcquirerSwitch Switch => Acquirer.Switch;

    public BackOffice BackOffice { get; }

    public SettlementEngine Engine => BackOffice.Engine;

    public List<string> Terminals { get; } = [];

    public DateTime LocalNow => LocalTime.DateTime;

    /// <summary>The terminals' local time, now.</summary>
    public DateTimeOffset LocalTime => Clock.GetUtcNow().ToOffset(Offset);

    /// <summary>Moves the clock to <paramref name="local"/>, stopping at every timer and cut-over on the way to run it.</summary>
    public void AdvanceTo(DateTime local)
    {
        var end = new DateTimeOffset(local, Offset);
        while (true)
        {
            Acquirer.RunDue();
            if (BackOffice.CatchUp(Clock.GetUtcNow()).Count > 0 && Ledger.CheckInvariants() is { Count: > 0 } broken)
            {
                throw new InvalidOperationException("The books do not balance after a cut-over: " + string.Join("; ", broken));
            }

            var now = Clock.GetUtcNow();
            if (now >= end)
            {
                return;
            }

            var stop = end;
            if (Acquirer.NextDue is { } due && due < stop)
            {
                stop = due;
            }

            if (BackOffice.LastCutOver is { } last && BackOffice.CutOverMoment(last.AddDays(1)) is var cut && cut < stop)
            {
                stop = cut;
            }

            Clock.Advance(stop > now ? stop - now : TimeSpan.Zero);
        }
    }

    /// <summary>Runs the days up to and including the cut-over of <paramref name="businessDate"/>.</summary>
    public void RunThrough(DateOnly businessDate) => AdvanceTo(businessDate.ToDateTime(new TimeOnly(23, 0, 1)));

    /// <summary>The messages terminal <paramref name="terminalId"/> sends: its own STAN sequence and batch.</summary>
    public TerminalMessages TerminalOf(string terminalId) => _terminals[terminalId];

    public (IsoMessage? Response, TranlogEntry? Entry) Purchase(string terminal, long amount, string pan = Card) =>
        Send(TerminalOf(terminal).Purchase(ReadCard(pan), amount, LocalTime));

    public (IsoMessage? Response, TranlogEntry? Entry) Refund(TranlogEntry purchase, long amount, string pan = Card) =>
        Send(TerminalOf(purchase.TerminalId).Refund(ReadCard(pan), amount, purchase.Rrn, LocalTime));

    public (IsoMessage? Response, TranlogEntry? Entry) Void(TranlogEntry original, string pan = Card) =>
        Send(TerminalOf(original.TerminalId).Void(ReadCard(pan), original.AmountMinor, original.Rrn, LocalTime));

    /// <summary>The terminal reverses its own earlier request (0400 with field 90).</summary>
    public IsoMessage? Reverse(TranlogEntry original)
    {
        var token = ++_token;
        Acquirer.Submit(token, TerminalMessages.Reversal(_requests[original.TxnId]));
        return _responses.Remove(token, out var response) ? response : null;
    }

    /// <summary>Every terminal closes its batch with the totals the switch holds for it (an 0500 in balance).</summary>
    public void CloseBatches()
    {
        foreach (var terminal in Switch.Terminals.All.OrderBy(t => t.TerminalId, StringComparer.Ordinal))
        {
            var m = TerminalOf(terminal.TerminalId).BatchTotals(
                (int)terminal.DebitCount, terminal.DebitAmount, (int)terminal.CreditCount, terminal.CreditAmount, LocalTime);
            Acquirer.Submit(++_token, m);
            _responses.Remove(_token);
        }
    }

    /// <summary>Writes the run's contract files into a new temp folder, which the caller disposes.</summary>
    public TempFolder Export()
    {
        var folder = new TempFolder("possim-settlement-");
        InterchangeExport.Write(folder.Path, BackOffice);
        return folder;
    }

    /// <summary>Exports the run and reconciles it, cleaning the folder up afterwards.</summary>
    public MatchResult Match(DateOnly asOf)
    {
        using var folder = Export();
        return Matcher.Run(folder.Path, asOf);
    }

    public long PostedBalance(UInt128 account) => Ledger.TryGetBalance(account, out var b) ? b.Posted : 0;

    private (IsoMessage? Response, TranlogEntry? Entry) Send(IsoMessage request)
    {
        var before = Switch.Tranlog.Count;
        var token = ++_token;
        Acquirer.Submit(token, request);
        var entry = Switch.Tranlog.Count > before ? Switch.Tranlog[before] : null;
        if (entry is not null)
        {
            _requests[entry.TxnId] = request;
        }

        return (_responses.Remove(token, out var response) ? response : null, entry);
    }

    /// <summary>The card as the terminal reads it; every card of this world expires December 2028.</summary>
    private static CardRead ReadCard(string pan) => new(pan, "2812");

    private void OnResponse(long token, IsoMessage response)
    {
        var copy = new IsoMessage();
        response.CopyTo(copy);
        _responses[token] = copy;
    }
}
