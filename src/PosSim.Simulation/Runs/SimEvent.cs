namespace PosSim.Simulation.Runs;

internal enum SimEventKind
{
    /// <summary>00:00 of a trading day: its traffic is drawn and its sign-ons and batch closes scheduled.</summary>
    DayStart,

    /// <summary>A terminal has something to do (<see cref="SimEvent.Action"/>): a customer, a refund, a sign-on.</summary>
    Arrival,

    /// <summary>A frame reaches the switch from a terminal.</summary>
    FrameToSwitch,

    /// <summary>A frame reaches a terminal from the switch.</summary>
    FrameToTerminal,

    /// <summary>A terminal's wait for an answer ends; stale when the answer came first.</summary>
    TerminalTimeout,

    /// <summary>The merchants' bank goes into or out of maintenance.</summary>
    BankMaintenance,

    /// <summary>Terminal connections drop (<see cref="SimEvent.Arg"/> is the index of the disconnect fault).</summary>
    Disconnect,

    /// <summary>The switch process dies (<see cref="SimEvent.Arg"/> is the index of the switch-restart fault).</summary>
    SwitchCrash,

    /// <summary>The switch process is back and rebuilds itself from its stores.</summary>
    SwitchRestart,

    /// <summary>Support carries out an approved case's way back (<see cref="SimEvent.Arg"/> is the order's index).</summary>
    Resolution,
}

/// <summary>
/// One thing that happens at a moment of virtual time, to <see cref="Terminal"/> (an index; -1 for none).
/// <see cref="Arg"/> is the trading day (DayStart), the wait it ends (TerminalTimeout), the connection a frame was
/// sent on (FrameToSwitch, FrameToTerminal), 1 or 0 for into or out of maintenance, or the disconnect or switch-restart fault's index.
/// </summary>
internal readonly record struct SimEvent(SimEventKind Kind, int Terminal, long Arg = 0, byte[]? Frame = null, TerminalAction? Action = null);

/// <summary>
/// The run's agenda: events by time, ties in the order they were scheduled, so the run is the same on every
/// machine whatever the heap does with equal keys.
/// </summary>
internal sealed class Agenda
{
    private readonly PriorityQueue<SimEvent, (long Due, long Seq)> _queue = new(Comparer<(long Due, long Seq)>.Default);
    private long _sequence;

    public int Count => _queue.Count;

    public void Schedule(DateTimeOffset due, SimEvent e) => _queue.Enqueue(e, (due.UtcTicks, ++_sequence));

    public bool TryPeekDue(out long dueTicks)
    {
        if (_queue.TryPeek(out _, out var key))
        {
            dueTicks = key.Due;
            return true;
        }

        dueTicks = 0;
        return false;
    }

    public SimEvent Take() => _queue.Dequeue();
}
