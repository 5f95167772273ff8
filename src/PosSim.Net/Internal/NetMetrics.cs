using System.Diagnostics.Metrics;

namespace PosSim.Net.Internal;

/// <summary>
/// Counters on the <c>PosSim.Net</c> meter, tagged with <c>possim.net.role</c> = server or client. Listen with
/// dotnet-counters, OpenTelemetry or a <see cref="MeterListener"/>; with no listener an Add costs a branch.
/// </summary>
internal static class NetMetrics
{
    public const string MeterName = "PosSim.Net";

    public static readonly Meter Meter = new(MeterName, "1.0");

    public static readonly KeyValuePair<string, object?> Server = new("possim.net.role", "server");
    public static readonly KeyValuePair<string, object?> Client = new("possim.net.role", "client");

    // Reasons as tags built once, so tagging a measurement allocates nothing.
    public static readonly KeyValuePair<string, object?> RefusedPerAddress = Reason("per-address");
    public static readonly KeyValuePair<string, object?> RefusedCapacity = Reason("capacity");

    private static readonly KeyValuePair<string, object?>[] CloseReasons =
        [.. Enum.GetValues<CloseReason>().Select(r => Reason(r.TagValue()))];

    /// <summary>The <c>reason</c> tag of a server connection's close.</summary>
    public static KeyValuePair<string, object?> Closed(CloseReason reason) => CloseReasons[(int)reason];

    private static KeyValuePair<string, object?> Reason(string value) => new("reason", value);

    public static readonly Counter<long> ConnectionsOpened = Meter.CreateCounter<long>("possim.net.connections.opened", "{connection}", "Connections accepted or established.");
    public static readonly Counter<long> ConnectionsClosed = Meter.CreateCounter<long>("possim.net.connections.closed", "{connection}", "Connections ended for any reason.");
    public static readonly Counter<long> ConnectionsRejected = Meter.CreateCounter<long>("possim.net.connections.rejected", "{connection}", "Connections refused because the server was full.");
    public static readonly Counter<long> ConnectionsRefused = Meter.CreateCounter<long>("possim.net.connections.refused", "{connection}", "Connections closed at once on arrival, by reason: per-address or capacity.");
    public static readonly UpDownCounter<long> ConnectionsActive = Meter.CreateUpDownCounter<long>("possim.net.connections.active", "{connection}", "Connections open now.");
    public static readonly Counter<long> FramesReceived = Meter.CreateCounter<long>("possim.net.frames.received", "{frame}", "Frames read off connections.");
    public static readonly Counter<long> FramesSent = Meter.CreateCounter<long>("possim.net.frames.sent", "{frame}", "Frames written to connections.");
    public static readonly Counter<long> DecodeErrors = Meter.CreateCounter<long>("possim.net.decode_errors", "{frame}", "Frames whose message could not be decoded.");
    public static readonly Counter<long> FrameErrors = Meter.CreateCounter<long>("possim.net.frame_errors", "{connection}", "Connections closed for a bad length header, an oversize or a truncated frame.");
    public static readonly UpDownCounter<long> RequestsInFlight = Meter.CreateUpDownCounter<long>("possim.net.requests.in_flight", "{request}", "Requests received or sent and not yet answered.");
    public static readonly Counter<long> RequestsTimedOut = Meter.CreateCounter<long>("possim.net.requests.timed_out", "{request}", "Client requests whose response did not come in time.");
    public static readonly Counter<long> LateResponses = Meter.CreateCounter<long>("possim.net.responses.late", "{response}", "Responses that came after their request timed out.");
    public static readonly Counter<long> UnmatchedResponses = Meter.CreateCounter<long>("possim.net.responses.unmatched", "{response}", "Responses that matched no request, ever.");
    public static readonly Counter<long> RequestsShed = Meter.CreateCounter<long>("possim.net.requests.shed", "{request}", "Requests answered 96 at once because too many were waiting for the handler.");
    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("possim.net.reconnects", "{connection}", "Client connections re-established after a drop.");
}
