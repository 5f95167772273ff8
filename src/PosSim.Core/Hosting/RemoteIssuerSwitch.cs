using PosSim.Core.Switch;
using PosSim.Iso8583;

namespace PosSim.Core.Hosting;

/// <summary>
/// The switch alone as a loop core, forwarding to an issuer elsewhere (`possim serve --role switch`): messages
/// for the issuer go to <paramref name="sendToIssuer"/>, and the host posts the issuer's answers back into the
/// loop with <see cref="OnIssuerResponse"/>. The switch's own timers decide when an issuer is too slow.
/// </summary>
public sealed class RemoteIssuerSwitch : ISwitchOutput, ILoopCore
{
    private readonly TimeProvider _time;
    private readonly Action<long, IsoMessage> _respond;
    private readonly Action<IsoMessage> _sendToIssuer;
    private readonly PriorityQueue<SwitchTimer, (DateTimeOffset Due, long Sequence)> _timers = new();
    private long _sequence;

    /// <param name="sendToIssuer">Called on the loop with a message it must copy or encode before returning.</param>
    public RemoteIssuerSwitch(TimeProvider time, Action<long, IsoMessage> respond, Action<IsoMessage> sendToIssuer, SwitchOptions? options = null, ITranlogStore? tranlog = null, Cards.PanHasher? panHasher = null)
    {
        _time = time;
        _respond = respond;
        _sendToIssuer = sendToIssuer;
        Switch = new AcquirerSwitch(time, this, options, tranlog, panHasher);
    }

    public AcquirerSwitch Switch { get; }

    public DateTimeOffset? NextDue => _timers.TryPeek(out _, out var key) ? key.Due : null;

    public void Submit(long token, IsoMessage request) => Switch.OnTerminalRequest(token, request);

    public void OnIssuerResponse(IsoMessage response) => Switch.OnIssuerResponse(response);

    public int RunDue()
    {
        var fired = 0;
        var now = _time.GetUtcNow();
        while (_timers.TryPeek(out var timer, out var key) && key.Due <= now)
        {
            _timers.Dequeue();
            Switch.OnTimer(timer);
            fired++;
        }

        return fired;
    }

    void ISwitchOutput.ToTerminal(long token, IsoMessage response) => _respond(token, response);

    void ISwitchOutput.ToIssuer(IsoMessage request) => _sendToIssuer(request);

    void ISwitchOutput.SetTimer(SwitchTimer timer, DateTimeOffset due) => _timers.Enqueue(timer, (due, ++_sequence));
}
