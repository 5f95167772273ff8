namespace PosSim.Net.Internal;

/// <summary>Why a server connection ended: the <c>reason</c> tag of <c>possim.net.connections.closed</c>.</summary>
internal enum CloseReason
{
    /// <summary>The peer closed its side between frames.</summary>
    Peer,

    /// <summary>No frame either way and nothing in flight for the idle timeout.</summary>
    Idle,

    /// <summary>No frame that decodes within the first-message timeout of opening.</summary>
    FirstMessageTimeout,

    /// <summary>A frame begun and not completed within the frame timeout (a slowloris).</summary>
    FrameTimeout,

    /// <summary>A bad length header, an oversize or truncated frame, or an undecodable frame without MTI, 11 and 41.</summary>
    BadInput,

    /// <summary>The server stopping.</summary>
    Shutdown,

    /// <summary>Dropped at once: an operator's or a fault's abort, or a shutdown that timed out.</summary>
    Aborted,

    /// <summary>A read failed (the socket broke).</summary>
    Error,
}

internal static class CloseReasonExtensions
{
    public static string TagValue(this CloseReason reason) => reason switch
    {
        CloseReason.Peer => "peer",
        CloseReason.Idle => "idle",
        CloseReason.FirstMessageTimeout => "first-message-timeout",
        CloseReason.FrameTimeout => "frame-timeout",
        CloseReason.BadInput => "bad-input",
        CloseReason.Shutdown => "shutdown",
        CloseReason.Aborted => "aborted",
        _ => "error",
    };
}
