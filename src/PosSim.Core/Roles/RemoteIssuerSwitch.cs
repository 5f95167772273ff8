using PosSim.Core.Switch;
using PosSim.Core.Timers;
using PosSim.Iso8583;

namespace PosSim.Core.Roles;

/// <summary>
/// The switch alone as a loop core, forwarding to an issuer elsewhere (`possim serve --role switch`): messages
/// for the issuer go to <paramref name="sendToIssuer"/>, and the host posts the issuer's answers back into the
/// loop with <see cref="OnIssuerResponse"/>. The switch's own timers decide when an issuer is too slow.
/// </summary>
public sealed class RemoteIssuerSwitch : ISwitchEffects, ILoopCore
{
    private readonly TimeProvider _time;
    private readonly ITranlogStore _tranlog;
    private readonly Action<long, IsoMessage> _respond;
    private readonly Action<IsoMessage> _sendToIssuer;
    private readonly TimerSchedule<SwitchTimer> _timers = new();

    /// <param name="sendToIssuer">Called on the loop with a message it must copy or encode before returning.</param>
    public RemoteIssuerSwitch(TimeProvider time, Action<long, IsoMessage> respond, Action<IsoMessage> sendToIssuer, SwitchOptions? options = null, ITranlogStore? tranlog = null, Cards.PanHasher? panHasher = null)
    {
        _time = time;
        _respond = respond;
        _sendToIssuer = sendToIssuer;
        _tranlog = tranlog ?? NullTranlogStore.Instance;
        Switch = new AcquirerSwitch(time, this, options, panHasher, _tranlog.History);
    }

    public AcquirerSwitch Switch { get; }

    public DateTimeOffset? NextDue => _timers.NextDue;

    public void Submit(long token, IsoMessage request) => Switch.OnTerminalRequest(token, request);

    public void Submit(long token, IsoMessage request, RequestOrigin origin) => Switch.OnTerminalRequest(token, request, origin);

    public void OnConnectionClosed(long connectionId) => Switch.OnConnectionClosed(connectionId);

    public void OnIssuerResponse(IsoMessage response) => Switch.OnIssuerResponse(response);

    public int RunDue()
    {
        var fired = 0;
        var now = _time.GetUtcNow();
        while (_timers.TryTakeDue(now, out var timer))
        {
            Switch.OnTimer(timer);
            fired++;
        }

        return fired;
    }

    void ISwitchEffects.ToTerminal(long token, IsoMessage response)
    {
        Switch.SignResponse(response); // with terminal authentication on, answers carry a MAC too
        _respond(token, response);
    }

    void ISwitchEffects.ToIssuer(IsoMessage request) => _sendToIssuer(request);

    void ISwitchEffects.Record(TranlogEntry entry) => _tranlog.Write(entry);

    void ISwitchEffects.SetTimer(SwitchTimer timer, DateTimeOffset due) => _timers.Schedule(timer, due);
}
