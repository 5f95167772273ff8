using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Runs;

public sealed partial class SimulationRun
{
    private readonly TrafficModel _traffic;
    private readonly Dictionary<string, SimTerminal> _terminalsById;
    private readonly Dictionary<string, Sale> _plannedSales = new(StringComparer.Ordinal);
    private CustomerArrival[] _arrivals = [];
    private int _nextArrival;

    /// <summary>When the next customer of the day arrives (UTC ticks), or long.MaxValue when the day has no more.</summary>
    private long NextArrivalTicks => _nextArrival < _arrivals.Length ? _arrivals[_nextArrival].Ticks : long.MaxValue;

    /// <summary>The next customer walks up to their terminal.</summary>
    private void TakeArrival()
    {
        var a = _arrivals[_nextArrival++];
        Arrive(_terminals[a.Terminal], new TerminalAction { Kind = ActionKind.Purchase, AmountMinor = a.AmountMinor, Card = a.Card, Qr = a.Qr });
    }

    /// <summary>00:00 of trading day <paramref name="day"/> (0-based): sign-ons, the day's customers, planned transactions, batch closes.</summary>
    private void StartDay(int day)
    {
        var date = _scenario.Start.AddDays(day);
        var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), _scenario.UtcOffset);
        var open = midnight + _scenario.Traffic.Open.ToTimeSpan();
        foreach (var terminal in _terminals)
        {
            _agenda.Schedule(open, Arrival(terminal, new TerminalAction { Kind = ActionKind.SignOn }));
        }

        // The day's customers are drawn at once but kept out of the agenda, in a sorted array the loop reads in
        // step: a heap of a million arrivals would cost every other event its cache.
        var purchases = _traffic.PurchasesOn(_office.Calendar.IsBusinessDay(date));
        var arrivals = new CustomerArrival[purchases];
        for (var i = 0; i < purchases; i++)
        {
            var at = midnight.AddSeconds(_traffic.NextSecond());
            var terminal = _traffic.NextTerminal();
            arrivals[i] = new CustomerArrival(at.UtcTicks, i, terminal, _traffic.NextAmount(), _traffic.NextInt(Cards.Count), _traffic.Chance(_terminals[terminal].Group.QrShare));
        }

        Array.Sort(arrivals); // by time, then by draw order: a total order, so the sort cannot decide anything
        _arrivals = arrivals;
        _nextArrival = 0;

        foreach (var planned in _scenario.Planned)
        {
            if (planned.Day == day + 1)
            {
                var kind = planned.Kind switch
                {
                    PlannedKind.Refund => ActionKind.Refund,
                    PlannedKind.Void => ActionKind.Void,
                    PlannedKind.Reversal => ActionKind.CancelReversal,
                    _ => ActionKind.Purchase,
                };
                var action = new TerminalAction
                {
                    Kind = kind,
                    AmountMinor = planned.AmountMinor,
                    Card = 0, // the card in good standing (Cardholders.Issue)
                    Qr = string.Equals(planned.Channel, "qr", StringComparison.Ordinal),
                    PlannedName = planned.Name,
                    PlannedRef = planned.Ref,
                };
                _agenda.Schedule(midnight + planned.Time.ToTimeSpan(), Arrival(_terminalsById[planned.TerminalId], action));
            }
        }

        var close = midnight + _scenario.Traffic.BatchClose.ToTimeSpan();
        foreach (var terminal in _terminals)
        {
            _agenda.Schedule(close, Arrival(terminal, new TerminalAction { Kind = ActionKind.BatchClose }));
        }
    }

    /// <summary>After an approved sale: maybe the customer cancels at once, the merchant voids it soon, or a refund follows later.</summary>
    private void FollowUps(SimTerminal terminal, Sale sale, bool planned)
    {
        foreach (var days in _faults.LateReversalsOf(terminal, sale))
        {
            _agenda.Schedule(_clock.Now.AddDays(days), Arrival(terminal, new TerminalAction { Kind = ActionKind.LateReversal, Original = sale }));
        }

        if (planned)
        {
            return; // a planned sale does only what the scenario plans for it
        }

        var spec = _scenario.Traffic;
        if (_traffic.Chance(spec.ReversalRate))
        {
            Start(terminal, new TerminalAction { Kind = ActionKind.CancelReversal, Original = sale });
            return;
        }

        if (_traffic.Chance(spec.VoidRate))
        {
            var at = _clock.Now.AddSeconds(60 + _traffic.NextInt(20 * 60));
            if (LocalTimeOf(at).TimeOfDay < spec.BatchClose.ToTimeSpan() && DateOnly.FromDateTime(LocalTimeOf(at)) == DateOnly.FromDateTime(LocalNow))
            {
                _agenda.Schedule(at, Arrival(terminal, new TerminalAction { Kind = ActionKind.Void, Original = sale, AmountMinor = sale.AmountMinor }));
                return;
            }
        }

        if (_traffic.Chance(spec.RefundRate))
        {
            var at = TradingMoment(_clock.Now.AddSeconds(600 + _traffic.NextInt(2 * 24 * 3600)));
            if (at is { } when)
            {
                var amount = 1 + (long)(_traffic.Random.NextDouble() * (sale.AmountMinor - 1));
                _agenda.Schedule(when, Arrival(terminal, new TerminalAction { Kind = ActionKind.Refund, Original = sale, AmountMinor = amount, Card = sale.Card, Qr = sale.Qr }));
            }
        }
    }

    /// <summary>The moment itself when it falls in trading hours of a trading day, else the next opening (plus a little); null past the last trading day.</summary>
    private DateTimeOffset? TradingMoment(DateTimeOffset moment)
    {
        var local = LocalTimeOf(moment);
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        if (time >= _scenario.Traffic.BatchClose)
        {
            date = date.AddDays(1);
            time = TimeOnly.MinValue;
        }

        if (time < _scenario.Traffic.Open)
        {
            time = _scenario.Traffic.Open.Add(TimeSpan.FromSeconds(_traffic.NextInt(3600)));
        }

        return date > _scenario.LastTradingDay ? null : new DateTimeOffset(date.ToDateTime(time), _scenario.UtcOffset);
    }

    private DateTime LocalTimeOf(DateTimeOffset instant) => instant.ToOffset(_scenario.UtcOffset).DateTime;

    private static SimEvent Arrival(SimTerminal terminal, TerminalAction action) => new(SimEventKind.Arrival, terminal.Index, Action: action);
}

/// <summary>A customer of the day: when, where, how much, with which card, and whether by QR code.</summary>
internal readonly record struct CustomerArrival(long Ticks, int Order, int Terminal, long AmountMinor, int Card, bool Qr) : IComparable<CustomerArrival>
{
    public int CompareTo(CustomerArrival other) => Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : Order.CompareTo(other.Order);
}
