using PosSim.Core.Cards;
using PosSim.Core.Issuer;
using PosSim.Core.Roles;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Core.Time;
using PosSim.Interchange;
using PosSim.Iso8583;
using PosSim.Ledger.Storage;
using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Runs;

/// <summary>
/// Plays a scenario with a seed: terminals, the links between them and the switch, the switch, issuer, ledger,
/// clearing, settlement and the merchants' bank, all on one thread in virtual time. Messages cross the terminal
/// links as framed bytes in the scenario's dialect. Nothing reads the wall clock or draws unseeded randomness, so
/// a scenario and a seed give the same run on any machine.
/// </summary>
public sealed partial class SimulationRun
{
    private readonly Scenario _scenario;
    private readonly int _seed;
    private readonly IRunEvents _events;
    private readonly VirtualClock _clock;
    private readonly Agenda _agenda = new();
    private readonly FaultBook _faults;
    private readonly LocalAcquirer _acquirer;
    private readonly Ledger.Ledger _ledger;
    private readonly BackOffice _office;
    private readonly List<SimTerminal> _terminals = [];
    private readonly BusinessClock _businessClock;
    private readonly List<string> _ledgerProblems = [];
    private readonly RunCounters _counters = new();
    private readonly LedgerCommitBatch? _postings;
    private DateTimeOffset _end;
    private int _faultsTold;
    private DateOnly _cutOverFor = DateOnly.MinValue;
    private DateTimeOffset _nextCutOver;

    /// <param name="events">Where every message, posting, timer, cut-over and fault is told; <see cref="RunEvents.None"/> to skip.</param>
    public SimulationRun(Scenario scenario, int seed, IRunEvents? events = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _seed = seed;
        _events = events ?? RunEvents.None;
        _businessClock = new BusinessClock(scenario.UtcOffset, scenario.CutOver);
        _clock = new VirtualClock(new DateTimeOffset(scenario.Start.ToDateTime(TimeOnly.MinValue), scenario.UtcOffset));
        _end = _businessClock.CutOverMoment(scenario.LastDay).AddSeconds(1);
        _faults = new FaultBook(scenario, seed, () => LocalNow);
        Currency = Currency.TryParse(scenario.Currency, out var currency) ? currency : Currency.Cny;
        Link = new TerminalLink(scenario, DialectOf(scenario));

        _ledger = new Ledger.Ledger(_clock, new Ledger.LedgerOptions { TrackChanges = _events.Enabled });
        _postings = _events.Enabled ? new LedgerCommitBatch() : null;
        Issuer = new CardIssuer(_ledger, new IssuerOptions { Clock = _businessClock, Currency = Currency, Seed = seed });
        Issuer.OpenBooks();
        Cards = Cardholders.Issue(scenario.Cardholders, Issuer, new Random(Seeds.Derive(seed, 4)));

        var switchOptions = new SwitchOptions
        {
            Clock = _businessClock,
            Currency = Currency,
            IssuerTimeout = scenario.Acquirer.IssuerTimeout,
            ReversalAckTimeout = scenario.Acquirer.ReversalAckTimeout,
            ReversalBackoff = scenario.Acquirer.ReversalBackoff,
            ReversalMaxBackoff = scenario.Acquirer.ReversalMaxBackoff,
            ReversalMaxTries = scenario.Acquirer.ReversalMaxTries,
            CardViewsKept = Math.Max(scenario.Cardholders.Count, 1),
        };
        _acquirer = new LocalAcquirer(_clock, Issuer, OnSwitchAnswer, switchOptions, panHasher: PanHasher.FromSeed(seed)) { Faults = _faults };

        var agreements = new List<MerchantAgreement>();
        var merchantIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (merchantId, group) in ScenarioLayout.Merchants(scenario))
        {
            merchantIndex[merchantId] = agreements.Count;
            agreements.Add(Agreement(merchantId, group));
            _acquirer.Switch.SetRefundWindow(merchantId, group.RefundWindowDays);
        }

        foreach (var (merchantId, terminalId, group) in ScenarioLayout.Terminals(scenario))
        {
            _acquirer.Switch.Terminals.Add(terminalId, merchantId);
            _terminals.Add(new SimTerminal(_terminals.Count, terminalId, merchantId, merchantIndex[merchantId], scenario.Currency) { Group = group });
        }

        _office = new BackOffice(_acquirer.Switch, _ledger, new BusinessCalendar(scenario.Holidays), agreements, Issuer, _faults,
            new SettlementOptions { Currency = Currency });
        _traffic = new TrafficModel(scenario, _terminals, new Random(Seeds.Derive(seed, 1)));
        _terminalsById = _terminals.ToDictionary(t => t.TerminalId, StringComparer.Ordinal);
    }

    public Currency Currency { get; }

    public CardIssuer Issuer { get; }

    internal IReadOnlyList<Cardholders.IssuedCard> Cards { get; }

    internal TerminalLink Link { get; }

    /// <summary>The acquirer's local time now.</summary>
    public DateTime LocalNow => _clock.Now.ToOffset(_scenario.UtcOffset).DateTime;

    /// <summary>
    /// Runs every day of the scenario to the cut-over of its last day. <paramref name="progress"/> hears the share
    /// of simulated time done, now and then.
    /// </summary>
    public SimulationOutcome Simulate(Action<double>? progress = null)
    {
        var from = LocalNow;
        _office.CatchUp(_clock.Now); // closes the day before the start, so every later cut-over runs at its own moment
        for (var day = 0; day < _scenario.Days; day++)
        {
            var date = _scenario.Start.AddDays(day);
            _agenda.Schedule(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), _scenario.UtcOffset), new SimEvent(SimEventKind.DayStart, -1, day));
        }

        foreach (var window in _faults.BankWindows)
        {
            var date = window.Date ?? _scenario.Start;
            _agenda.Schedule(new DateTimeOffset(date.ToDateTime(window.Spec.From ?? TimeOnly.MinValue), _scenario.UtcOffset), new SimEvent(SimEventKind.BankMaintenance, -1, 1));
            _agenda.Schedule(new DateTimeOffset(date.ToDateTime(window.Spec.To ?? TimeOnly.MaxValue), _scenario.UtcOffset), new SimEvent(SimEventKind.BankMaintenance, -1, 0));
        }

        for (var i = 0; i < _faults.Disconnects.Count; i++)
        {
            var fault = _faults.Disconnects[i];
            var at = fault.Spec.From ?? TimeOnly.MinValue;
            for (var day = 0; day < _scenario.Days; day++)
            {
                var date = _scenario.Start.AddDays(day);
                if (fault.Date is null || fault.Date == date)
                {
                    _agenda.Schedule(new DateTimeOffset(date.ToDateTime(at), _scenario.UtcOffset), new SimEvent(SimEventKind.Disconnect, -1, i));
                }
            }
        }

        for (var i = 0; i < _faults.SwitchRestarts.Count; i++)
        {
            var fault = _faults.SwitchRestarts[i];
            for (var day = 0; day < _scenario.Days; day++)
            {
                var date = _scenario.Start.AddDays(day);
                if (fault.Date is null || fault.Date == date)
                {
                    var crash = new DateTimeOffset(date.ToDateTime(fault.Spec.From ?? TimeOnly.MinValue), _scenario.UtcOffset);
                    _agenda.Schedule(crash, new SimEvent(SimEventKind.SwitchCrash, -1, i));
                    _agenda.Schedule(crash + SwitchDowntime(fault), new SimEvent(SimEventKind.SwitchRestart, -1, i));
                }
            }
        }

        ScheduleOrders();
        var span = (_end - _clock.Now).Ticks;
        var start = _clock.Now;
        long steps = 0;
        while (Step())
        {
            if (progress is not null && (++steps & 0xFFF) == 0)
            {
                progress((double)(_clock.Now - start).Ticks / span);
            }
        }

        progress?.Invoke(1);
        CheckBooks("at the end of the run");
        return new SimulationOutcome(_scenario, _seed, _office, Issuer, _faults.Hits, _counters, _ledgerProblems, from, LocalNow) { Resolutions = ResolutionsDone() };
    }

    /// <summary>Does the next thing due: a switch timer, a cut-over, or an event; false once the run is over.</summary>
    private bool Step()
    {
        var next = _end;
        var source = 0;
        if (_acquirer.NextDue is { } due && due < next)
        {
            (next, source) = (due, 1);
        }

        var cutOver = NextCutOver();
        if (cutOver <= next && cutOver < _end)
        {
            (next, source) = (cutOver, 2);
        }

        if (NextArrivalTicks < next.UtcTicks)
        {
            (next, source) = (new DateTimeOffset(NextArrivalTicks, TimeSpan.Zero), 4);
        }

        if (_agenda.TryPeekDue(out var ticks) && ticks < next.UtcTicks)
        {
            (next, source) = (new DateTimeOffset(ticks, TimeSpan.Zero), 3);
        }

        if (source == 0)
        {
            return false;
        }

        _clock.MoveTo(next);
        switch (source)
        {
            case 1:
                var fired = _acquirer.RunDue();
                _counters.Add("switch_timers_fired", fired);
                _events.Timer(_clock.Now, "switch", fired);
                break;
            case 2:
                var skew = CutOverSkew(_office.LastCutOver!.Value.AddDays(1));
                foreach (var report in _office.CatchUp(_clock.Now + skew))
                {
                    _events.CutOver(_clock.Now, report);
                    _counters.Add("cut_overs", 1);
                    RecordSkew(report.BusinessDate, skew);
                }

                CheckBooks("after a cut-over");
                break;
            case 4:
                TakeArrival();
                break;
            default:
                Handle(_agenda.Take());
                break;
        }

        // Faults are told once they hit, wherever they hit (terminal link, issuer link, terminals, the bank).
        for (; _faultsTold < _faults.Hits.Count; _faultsTold++)
        {
            _events.Fault(_clock.Now, _faults.Hits[_faultsTold]);
        }

        if (_postings is not null)
        {
            _ledger.DrainChanges(_postings);
            foreach (var transfer in _postings.Transfers)
            {
                _events.Posting(_clock.Now, transfer);
            }

            _postings.Clear();
        }

        return true;
    }

    /// <summary>When the next cut-over runs; computed once per business date, not once per event.</summary>
    private DateTimeOffset NextCutOver()
    {
        var last = _office.LastCutOver!.Value;
        if (last != _cutOverFor)
        {
            _cutOverFor = last;
            var closing = last.AddDays(1);
            _nextCutOver = _office.CutOverMoment(closing) - CutOverSkew(closing);
        }

        return _nextCutOver;
    }

    private void Handle(SimEvent e)
    {
        switch (e.Kind)
        {
            case SimEventKind.DayStart:
                StartDay((int)e.Arg);
                break;
            case SimEventKind.Arrival:
                Arrive(_terminals[e.Terminal], e.Action!);
                break;
            case SimEventKind.FrameToSwitch when Arrives(_terminals[e.Terminal], e.Arg):
                DeliverToSwitch(_terminals[e.Terminal], e.Frame!);
                break;
            case SimEventKind.FrameToTerminal when Arrives(_terminals[e.Terminal], e.Arg):
                DeliverToTerminal(_terminals[e.Terminal], e.Frame!);
                break;
            case SimEventKind.TerminalTimeout:
                TimedOut(_terminals[e.Terminal], e.Arg);
                break;
            case SimEventKind.Disconnect:
                Disconnect(_faults.Disconnects[(int)e.Arg]);
                break;
            case SimEventKind.SwitchCrash:
                CrashSwitch(_faults.SwitchRestarts[(int)e.Arg]);
                break;
            case SimEventKind.SwitchRestart:
                RestartSwitch();
                break;
            case SimEventKind.Resolution:
                Resolve((int)e.Arg);
                break;
            case SimEventKind.BankMaintenance:
                _office.Engine.BankOffline = e.Arg == 1;
                if (e.Arg == 1)
                {
                    _faults.Record(FaultType.BankMaintenance, "", "", 0, "", "the merchants' bank went into maintenance: payouts wait");
                }

                break;
        }
    }

    private void CheckBooks(string when)
    {
        foreach (var problem in _ledger.CheckInvariants())
        {
            _ledgerProblems.Add($"{LocalNow:yyyy-MM-dd HH:mm:ss} {when}: {problem}");
        }
    }

    /// <summary>A built-in dialect by name, or a dialect file named relative to the scenario file.</summary>
    private static Dialect DialectOf(Scenario scenario) => Dialect.Load(ScenarioLayout.DialectPath(scenario.Dialect, scenario.SourceFile));

    private static MerchantAgreement Agreement(string merchantId, MerchantGroup group) => new(merchantId)
    {
        SettlementAccount = group.Count == 1 && group.SettlementAccount is { } account ? account : "SA-" + merchantId,
        MdrCardBps = group.MdrCardBps,
        MdrQrBps = group.MdrQrBps,
        SettleDays = group.SettleDays,
        RefundWindowDays = group.RefundWindowDays,
        Instant = group.Instant is { } instant ? new InstantSettlement(instant.WindowStart, instant.WindowEnd, instant.DailyQuotaMinor) : null,
    };
}

/// <summary>What a simulation left behind, before its files are written and matched.</summary>
public sealed record SimulationOutcome(
    Scenario Scenario,
    int Seed,
    BackOffice Office,
    CardIssuer Issuer,
    IReadOnlyList<FaultHit> Hits,
    RunCounters Counters,
    IReadOnlyList<string> LedgerProblems,
    DateTime SimulatedFrom,
    DateTime SimulatedTo)
{
    /// <summary>What each approved case's order did in the support period; empty when none was given.</summary>
    public IReadOnlyList<ResolutionDone> Resolutions { get; init; } = [];
}
