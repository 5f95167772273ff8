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

    /// <summary>Fires what is due by the core's clock; returns how many.</summary>
    int RunDue();

    /// <summary>When the core next needs <see cref="RunDue"/>; null when nothing is scheduled.</summary>
    DateTimeOffset? NextDue { get; }
}
