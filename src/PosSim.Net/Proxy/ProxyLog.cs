using System.Net;
using Microsoft.Extensions.Logging;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Net.Proxy;

/// <summary>The proxy's own log lines (not fault hits: those go to the <see cref="FaultHitLog"/>).</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(40, LogLevel.Warning, "Connection {ConnectionId} {Direction}: {Problem}; passing the rest through unframed")]
    public static partial void LogProxyOutOfSync(this ILogger logger, long connectionId, FaultDirection direction, string problem);

    [LoggerMessage(41, LogLevel.Warning, "Connection {ConnectionId}: the upstream {Upstream} cannot be reached ({Reason}); closing the client's connection")]
    public static partial void LogUpstreamUnreachable(this ILogger logger, long connectionId, EndPoint upstream, string reason);

    [LoggerMessage(42, LogLevel.Warning, "Proxy connection {ConnectionId} failed")]
    public static partial void LogConnectionFailed(this ILogger logger, Exception exception, long connectionId);

    [LoggerMessage(43, LogLevel.Error, "The proxy stopped accepting connections")]
    public static partial void LogAcceptFailed(this ILogger logger, Exception exception);
}
