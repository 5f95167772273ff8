using PosSim.Iso8583;

namespace PosSim.Core.Switch;

public enum SwitchTimerKind
{
    /// <summary>The issuer has not answered a forwarded request.</summary>
    IssuerTimeout,

    /// <summary>A queued message to the issuer is due to be sent, or its acknowledgement is overdue.</summary>
    StoreAndForward,
}

/// <summary>A timer the switch asked for; the host calls <see cref="AcquirerSwitch.OnTimer"/> with it when due.</summary>
public readonly record struct SwitchTimer(SwitchTimerKind Kind, long Id);

/// <summary>
/// Everything the switch does to the world goes through here (its effects): the host (live TCP or the simulation) decides
/// how. Messages passed in belong to the switch and are reused: encode or copy them before returning.
/// </summary>
public interface ISwitchEffects
{
    /// <summary>The response to the terminal request the host named <paramref name="token"/>.</summary>
    void ToTerminal(long token, IsoMessage response);

    void ToIssuer(IsoMessage request);

    /// <summary>Asks to be called back with <paramref name="timer"/> at <paramref name="due"/>. Stale timers are ignored, so none is ever cancelled.</summary>
    void SetTimer(SwitchTimer timer, DateTimeOffset due);

    /// <summary>A tranlog row to store: a new row, or one whose outcome changed (answered, timed out, cancelled, answered late).</summary>
    void Record(TranlogEntry entry);
}
