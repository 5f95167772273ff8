using PosSim.Core.Issuer;
using PosSim.Core.Switch;
using PosSim.Core.Timers;
using PosSim.Iso8583;

namespace PosSim.Core.Roles;

/// <summary>
/// The switch, the issuer and the ledger in one process, driven one event at a time: a terminal request,
/// a due timer. Messages to the issuer are queued and delivered after the event that produced them, never
/// re-entrantly, so the order of everything is decided here and a run is reproducible.
/// </summary>
/// <remarks>Not thread-safe: the live host serialises calls onto one loop; tests call it directly.</remarks>
public sealed class LocalAcquirer : ISwitchEffects, ILoopCore
{
    private readonly TimeProvider _time;
    private readonly ITranlogStore _tranlog;
    private readonly Action<long, IsoMessage> _toTerminal;
    private readonly Queue<IsoMessage> _toIssuer = new();
    private readonly TimerSchedule<Scheduled> _schedule = new();
    private readonly IsoMessage _issuerResponse = new();

    /// <param name="toTerminal">Receives each terminal response; the message is reused after the call returns.</param>
    public LocalAcquirer(TimeProvider time, CardIssuer issuer, Action<long, IsoMessage> toTerminal, SwitchOptions? options = null, ITranlogStore? tranlog = null, Cards.PanHasher? panHasher = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(toTerminal);
        _time = time;
        Issuer = issuer;
        _toTerminal = toTerminal;
        _tranlog = tranlog ?? NullTranlogStore.Instance;
        Switch = new AcquirerSwitch(time, this, options, panHasher, _tranlog.History);
    }

    public AcquirerSwitch Switch { get; }

    public CardIssuer Issuer { get; }

    public IIssuerLinkFaults? Faults { get; set; }

    /// <summary>When the next timer or delayed delivery is due, or null when nothing is scheduled.</summary>
    public DateTimeOffset? NextDue => _schedule.NextDue;

    /// <summary>The switch process is down: requests, due timers and issuer answers meet nobody.</summary>
    public bool SwitchDown { get; private set; }

    /// <summary>The switch process dies: until <see cref="RestartSwitch"/>, nothing reaches it.</summary>
    public void CrashSwitch() => SwitchDown = true;

    /// <summary>The switch process starts again and rebuilds itself from its stores (<see cref="AcquirerSwitch.Restart"/>).</summary>
    public SwitchRestartReport RestartSwitch()
    {
        SwitchDown = false;
        var report = Switch.Restart();
        Pump(); // the store-and-forward queue is sent again at once
        return report;
    }

    /// <summary>The back office releases a sale's issuer hold for a support case (<see cref="AcquirerSwitch.ReleaseHold"/>); the advice goes out at once.</summary>
    public SupportReversal ReleaseHold(string terminalId, string rrn, string pan)
    {
        if (SwitchDown)
        {
            return new SupportReversal(null, "the switch is down; try again when it is back");
        }

        var released = Switch.ReleaseHold(terminalId, rrn, pan);
        Pump();
        return released;
    }

    public void Submit(long token, IsoMessage request) => Submit(token, request, RequestOrigin.InProcess);

    public void Submit(long token, IsoMessage request, RequestOrigin origin)
    {
        if (SwitchDown)
        {
            return; // the connection is refused; the terminal hears nothing
        }

        Switch.OnTerminalRequest(token, request, origin);
        Pump();
    }

    public void OnConnectionClosed(long connectionId) => Switch.OnConnectionClosed(connectionId);

    /// <summary>Fires every timer and delayed delivery due by now, in due order (ties in the order they were set).</summary>
    public int RunDue()
    {
        Pump(); // what the switch sent outside an event (advices a recovery sends again) goes now
        var fired = 0;
        var now = _time.GetUtcNow();
        while (_schedule.TryTakeDue(now, out var item))
        {
            fired++;
            if (SwitchDown)
            {
                continue; // the process that set the timer, or that the answer was for, is gone
            }

            if (item.Timer is { } timer)
            {
                Switch.OnTimer(timer);
            }
            else
            {
                Switch.OnIssuerResponse(item.Response!);
            }

            Pump();
        }

        return fired;
    }

    void ISwitchEffects.ToTerminal(long token, IsoMessage response)
    {
        Switch.SignResponse(response); // with terminal authentication on, answers carry a MAC too
        _toTerminal(token, response);
    }

    /// <remarks>
    /// Implementation note: the message is queued as it is, not copied. It is delivered by <see cref="Pump"/> right
    /// after the event that sent it, before the switch runs again, and the switch reuses a message it forwarded
    /// only once that message has been answered, which needs it delivered first.
    /// </remarks>
    void ISwitchEffects.ToIssuer(IsoMessage request) => _toIssuer.Enqueue(request);

    void ISwitchEffects.Record(TranlogEntry entry) => _tranlog.Write(entry);

    void ISwitchEffects.SetTimer(SwitchTimer timer, DateTimeOffset due) => _schedule.Schedule(new Scheduled(timer, null), due);

    private void Pump()
    {
        while (_toIssuer.TryDequeue(out var request))
        {
            if (Faults?.OnRequest(request) is { Action: LinkAction.Drop })
            {
                continue;
            }

            Issuer.Handle(request, _issuerResponse);
            var decision = Faults?.OnResponse(_issuerResponse) ?? LinkDecision.Deliver;
            if (decision.Action == LinkAction.Drop)
            {
                continue;
            }

            if (decision.Delay > TimeSpan.Zero)
            {
                var late = new IsoMessage();
                _issuerResponse.CopyTo(late);
                _schedule.Schedule(new Scheduled(null, late), _time.GetUtcNow() + decision.Delay);
                continue;
            }

            Switch.OnIssuerResponse(_issuerResponse);
        }
    }

    private readonly record struct Scheduled(SwitchTimer? Timer, IsoMessage? Response);
}
