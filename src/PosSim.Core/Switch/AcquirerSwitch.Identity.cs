using PosSim.Iso8583;

namespace PosSim.Core.Switch;

/// <summary>
/// Who may say what: a connection that signed on as a terminal speaks for the terminals it signed on as and no
/// others, and a terminal signed on from a connection is spoken for by that connection only (or a configured host
/// link). Without terminal authentication this is the most the switch can know of identity: a sign-on is a claim it
/// cannot check, but once made, nobody else's connection can act for that terminal. With it, only a sign-on that
/// proves the terminal's master key gets this far (<see cref="RefuseIfSignOnUnproven"/>), so a stranger cannot take a
/// terminal's binding (docs/switch.md, "Who may say what").
/// </summary>
public sealed partial class AcquirerSwitch
{
    /// <summary>
    /// Open connections that signed on, and the terminals each signed on as. A terminal is bound to one connection at
    /// most, so this holds no more names than there are terminals.
    /// </summary>
    private readonly Dictionary<long, List<string>> _boundTerminals = [];

    /// <summary>
    /// The origin of the request being handled. Implementation note: kept in a field rather than passed down every
    /// handler because the switch handles one event at a time, and only the checks of the terminal read it.
    /// </summary>
    private RequestOrigin _origin;

    /// <summary>Connections bound to a terminal by a sign-on, for metrics and tests.</summary>
    public int BoundConnections => _boundTerminals.Count;

    /// <summary>Requests refused 58 because their connection may not speak for the terminal they name.</summary>
    public long IdentityRefusals { get; private set; }

    /// <summary>A request from a terminal over <paramref name="origin"/>, the connection it came on.</summary>
    public void OnTerminalRequest(long token, IsoMessage request, RequestOrigin origin)
    {
        _origin = origin;
        try
        {
            OnTerminalRequest(token, request);
        }
        finally
        {
            _origin = RequestOrigin.InProcess; // calls without an origin (the simulator, tests) are in the process
        }
    }

    /// <summary>
    /// A connection has closed: the terminal it signed on as is free to sign on from another. The host must say so,
    /// or that terminal could only ever be reached through a connection that no longer exists.
    /// </summary>
    public void OnConnectionClosed(long connectionId)
    {
        if (!_boundTerminals.Remove(connectionId, out var terminalIds))
        {
            return;
        }

        foreach (var terminalId in terminalIds)
        {
            if (Terminals.TryGet(terminalId, out var terminal) && terminal.BoundConnection == connectionId)
            {
                terminal.BoundConnection = 0;
            }
        }
    }

    /// <summary>Whether the request's connection is a configured host-to-host link, which may speak for any terminal.</summary>
    private bool FromHostLink()
    {
        if (!_origin.IsConnection || _origin.PeerAddress is not { } peer)
        {
            return false;
        }

        foreach (var link in Options.HostLinks)
        {
            if (string.Equals(link, peer, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the request's connection may speak for <paramref name="terminal"/>: a caller in the process or a host
    /// link always; a connection that signed on, only for the terminals it signed on as; any other connection only
    /// when sign-on is not required and no other connection has signed on as that terminal.
    /// </summary>
    private bool MaySpeakFor(Terminal terminal)
    {
        if (!_origin.IsConnection || FromHostLink() || terminal.BoundConnection == _origin.ConnectionId)
        {
            return true;
        }

        if (terminal.BoundConnection != 0 || _boundTerminals.ContainsKey(_origin.ConnectionId))
        {
            return false; // the terminal is another connection's, or this connection signed on as others only
        }

        return !Options.RequireSignOn;
    }

    /// <summary>
    /// 0800 sign-on of <paramref name="terminal"/>: binds the request's connection to it. Refused (false) when the
    /// terminal is signed on from another open connection. A connection may sign on as several terminals (a
    /// multi-lane device, or a load generator sharing connections): it then speaks for those and no others. Limiting
    /// it to one would stop no one, since a claim costs only another connection.
    /// </summary>
    private bool TrySignOn(Terminal terminal)
    {
        if (!_origin.IsConnection || FromHostLink())
        {
            terminal.SignedOn = true; // nothing to bind: the simulator, a test, or a link that speaks for many
            return true;
        }

        var connection = _origin.ConnectionId;
        if (terminal.BoundConnection == connection)
        {
            terminal.SignedOn = true; // signing on again on its own connection
            return true;
        }

        if (terminal.BoundConnection != 0)
        {
            return false; // the terminal is on another connection, still open: a second sign-on would take it over
        }

        if (!_boundTerminals.TryGetValue(connection, out var bound))
        {
            bound = [];
            _boundTerminals.Add(connection, bound);
        }

        bound.Add(terminal.TerminalId);
        terminal.BoundConnection = connection;
        terminal.SignedOn = true;
        return true;
    }

    /// <summary>Refuses with 58 a request its connection may not send for <paramref name="terminal"/>.</summary>
    private bool RefuseIfNotPermitted(long token, IsoMessage request, Terminal terminal)
    {
        if (MaySpeakFor(terminal))
        {
            return false;
        }

        IdentityRefusals++;
        Reply(token, request, ResponseCodes.NotPermittedToTerminal);
        return true;
    }
}
