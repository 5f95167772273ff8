using System.Net;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Desk;

/// <summary>What `possim desk` serves and where: the run folder, the address, the default language and the access token.</summary>
/// <param name="Token">When set, every request must carry it; required on any address other than loopback.</param>
public sealed record DeskOptions(string RunDir, IPEndPoint Listen, ICaseText Language, string? Token)
{
    /// <summary>
    /// The desk changes a run's cases and plays the run again: on an address other people can reach, only someone
    /// holding the token may use it. Null when the options may start a desk, else what is wrong.
    /// </summary>
    public string? Problem() =>
        !IPAddress.IsLoopback(Listen.Address) && string.IsNullOrEmpty(Token)
            ? $"--listen {Listen}: the desk works cases and moves money in the run; on an address other than loopback (127.0.0.1, ::1) it needs --token TOKEN, which every browser must then give once as ?token=TOKEN"
            : Token is { Length: > 0 and < 12 }
                ? "--token: give at least 12 characters (a random one: openssl rand -hex 16)"
                : null;
}
