using PosSim.Core.Switch;
using PosSim.Iso8583;

namespace PosSim.Core.Roles;

/// <summary>
/// A role's core as a host drives it, one event at a time: a request in (answered now or later through the
/// callback the role was built with), and its timers. The live loop and the simulator are both such drivers.
/// </summary>
public interface ILoopCore
{
    /// <summary>A request from a terminal or a peer; <paramref name="token"/> names it when the answer comes back.</summary>
    void Submit(long token, IsoMessage request);

    /// <summary>
    /// A request that came over a connection: <paramref name="origin"/> names it, so a core that cares who may speak
    /// for which terminal (the switch) can tell. A core that does not care ignores it.
    /// </summary>
    void Submit(long token, IsoMessage request, RequestOrigin origin) => Submit(token, request);

    /// <summary>A connection has closed, every request of it answered: a core that bound it to a terminal lets go.</summary>
    void OnConnectionClosed(long connectionId)
    {
    }

    /// <summary>Fires what is due by the core's clock; returns how many.</summary>
    int RunDue();

    /// <summary>When the core next needs <see cref="RunDue"/>; null when nothing is scheduled.</summary>
    DateTimeOffset? NextDue { get; }
}
