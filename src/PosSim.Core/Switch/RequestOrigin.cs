namespace PosSim.Core.Switch;

/// <summary>
/// Where a request came from, as far as the host can tell: the connection it arrived on (server-unique, never 0)
/// and the peer's IP address. The switch decides from these who may speak for which terminal; it never sees a socket.
/// </summary>
/// <remarks>
/// <see cref="InProcess"/> (connection 0) is a caller inside the process, such as the simulator or a test driving the
/// core directly: it has no connection to bind, so the binding rules do not apply to it (every other check does).
/// </remarks>
public readonly record struct RequestOrigin(long ConnectionId, string? PeerAddress = null)
{
    public static RequestOrigin InProcess => default;

    /// <summary>Whether the request came over a connection (and the binding rules apply).</summary>
    public bool IsConnection => ConnectionId != 0;
}
