using System.Net;
using Microsoft.Extensions.Logging;

namespace PosSim.Net.Internal;

/// <summary>Source-generated log messages: no boxing or formatting unless the level is enabled.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "ISO 8583 server listening on {EndPoint} ({Framing}, {Dialect})")]
    public static partial void Listening(ILogger logger, EndPoint endPoint, string framing, string dialect);

    [LoggerMessage(2, LogLevel.Debug, "Connection {ConnectionId} from {Remote} opened")]
    public static partial void ConnectionOpened(ILogger logger, long connectionId, EndPoint? remote);

    [LoggerMessage(3, LogLevel.Debug, "Connection {ConnectionId} from {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, long connectionId, EndPoint? remote, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Connection from {Remote} refused: {Max} connections are open ({Suppressed} more since the last such line; one line per {Interval} at most)")]
    public static partial void ConnectionRejected(ILogger logger, EndPoint? remote, int max, long suppressed, TimeSpan interval);

    [LoggerMessage(5, LogLevel.Warning, "Connection {ConnectionId} from {Remote}: {Problem}; answered with 39 = 30")]
    public static partial void FormatErrorAnswered(ILogger logger, long connectionId, EndPoint? remote, string problem);

    [LoggerMessage(6, LogLevel.Warning, "Connection {ConnectionId} from {Remote}: {Problem}; closing the connection")]
    public static partial void ClosingOnBadInput(ILogger logger, long connectionId, EndPoint? remote, string problem);

    [LoggerMessage(7, LogLevel.Error, "Connection {ConnectionId}: the handler failed on MTI {Mti}; answered with 39 = 96")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, long connectionId, string? mti);

    [LoggerMessage(8, LogLevel.Error, "Connection {ConnectionId}: the handler's response cannot be encoded: {Error}")]
    public static partial void ResponseNotEncodable(ILogger logger, long connectionId, string error);

    [LoggerMessage(9, LogLevel.Error, "Accepting connections on {EndPoint} failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception, EndPoint endPoint);

    [LoggerMessage(10, LogLevel.Warning, "Shutdown timeout: aborting {Count} connections with requests still in flight")]
    public static partial void ShutdownTimedOut(ILogger logger, int count);

    [LoggerMessage(11, LogLevel.Warning, "Connection from {Address} refused: {Max} connections are already open from that address ({Suppressed} more from it since the last such line; one line per address per {Interval} at most)")]
    public static partial void ConnectionRefusedPerAddress(ILogger logger, IPAddress address, int max, long suppressed, TimeSpan interval);

    [LoggerMessage(12, LogLevel.Warning, "Connection {ConnectionId} from {Remote} closed: {Reason} ({Suppressed} more since the last such line; one line per {Interval} at most)")]
    public static partial void ConnectionClosedForAbuse(ILogger logger, long connectionId, EndPoint? remote, string reason, long suppressed, TimeSpan interval);

    [LoggerMessage(13, LogLevel.Warning, "Shedding load: {Pending} requests are waiting for the handler (at most {Max}); MTI {Mti} from connection {ConnectionId} answered with 39 = 96 ({Suppressed} more since the last such line; one line per {Interval} at most)")]
    public static partial void RequestShed(ILogger logger, int pending, int max, string? mti, long connectionId, long suppressed, TimeSpan interval);

    [LoggerMessage(20, LogLevel.Information, "Connected to {Remote}")]
    public static partial void ClientConnected(ILogger logger, EndPoint? remote);

    [LoggerMessage(21, LogLevel.Warning, "Connection to {Remote} lost ({Reason}); {InFlight} requests in flight failed")]
    public static partial void ClientDisconnected(ILogger logger, EndPoint? remote, string reason, int inFlight);

    [LoggerMessage(22, LogLevel.Warning, "Reconnect attempt {Attempt} to {Remote} failed; next in {Delay}")]
    public static partial void ReconnectFailed(ILogger logger, Exception exception, int attempt, EndPoint remote, TimeSpan delay);

    [LoggerMessage(23, LogLevel.Error, "Gave up reconnecting to {Remote} after {Attempts} attempts")]
    public static partial void ReconnectGaveUp(ILogger logger, EndPoint remote, int attempts);

    [LoggerMessage(24, LogLevel.Warning, "{Kind} response from {Remote}: key {Key}")]
    public static partial void UnmatchedResponse(ILogger logger, string kind, EndPoint? remote, string key);

    [LoggerMessage(25, LogLevel.Warning, "Echo to {Remote} failed; dropping the connection")]
    public static partial void EchoFailed(ILogger logger, Exception exception, EndPoint? remote);

    [LoggerMessage(26, LogLevel.Warning, "Undecodable response from {Remote}: {Problem}")]
    public static partial void UndecodableResponse(ILogger logger, EndPoint? remote, string problem);
}
