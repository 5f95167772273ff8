namespace PosSim.Net.Proxy.Faults;

/// <summary>What a fault does. Transport kinds act on bytes of a direction; message kinds act on frames that match.</summary>
public enum FaultKind
{
    // Transport faults, as Toxiproxy has them.
    Latency,
    Bandwidth,
    Slicer,
    Timeout,
    ResetPeer,
    LimitData,

    // Message (ISO 8583) faults.
    Drop,
    Delay,
    Duplicate,
    Corrupt,
    HoldReversal,
    StandIn,
}

/// <summary>Which way the bytes flow: upstream carries requests from terminals to the switch, downstream carries responses back.</summary>
public enum FaultDirection
{
    Upstream,
    Downstream,
}

/// <summary>The names used in fault files, the API and the hit log.</summary>
public static class FaultNames
{
    private static readonly (FaultKind Kind, string Name)[] Kinds =
    [
        (FaultKind.Latency, "latency"),
        (FaultKind.Bandwidth, "bandwidth"),
        (FaultKind.Slicer, "slicer"),
        (FaultKind.Timeout, "timeout"),
        (FaultKind.ResetPeer, "reset_peer"),
        (FaultKind.LimitData, "limit_data"),
        (FaultKind.Drop, "drop"),
        (FaultKind.Delay, "delay"),
        (FaultKind.Duplicate, "duplicate"),
        (FaultKind.Corrupt, "corrupt"),
        (FaultKind.HoldReversal, "hold_reversal"),
        (FaultKind.StandIn, "stand_in"),
    ];

    public static IEnumerable<string> AllKinds => Kinds.Select(k => k.Name);

    public static string Of(FaultKind kind) => Kinds.First(k => k.Kind == kind).Name;

    public static bool TryParseKind(string text, out FaultKind kind)
    {
        foreach (var (k, name) in Kinds)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string Of(FaultDirection direction) => direction == FaultDirection.Upstream ? "upstream" : "downstream";

    /// <summary>upstream and request are one direction, downstream and response the other: message faults read better with the second pair.</summary>
    public static bool TryParseDirection(string text, out FaultDirection direction)
    {
        switch (text)
        {
            case "upstream" or "request":
                direction = FaultDirection.Upstream;
                return true;
            case "downstream" or "response":
                direction = FaultDirection.Downstream;
                return true;
            default:
                direction = default;
                return false;
        }
    }

    /// <summary>True for the kinds that act on bytes rather than on matching messages.</summary>
    public static bool IsTransport(this FaultKind kind) => kind <= FaultKind.LimitData;
}
