using PosSim.Iso8583;
using PosSim.Iso8583.Matching;
using PosSim.Net.Messaging;

namespace PosSim.Net.Client;

/// <summary>
/// No response came within the request's timeout. If it comes later it is not dropped: it is raised through
/// <see cref="IsoClient.UnmatchedResponse"/> as <see cref="UnmatchedKind.Late"/> and counted.
/// </summary>
public sealed class IsoTimeoutException : TimeoutException
{
    public IsoTimeoutException(MatchKey key, TimeSpan timeout)
        : base($"No response to request {key} within {timeout.TotalMilliseconds:0} ms.")
    {
        Key = key;
        Timeout = timeout;
    }

    public MatchKey Key { get; }

    public TimeSpan Timeout { get; }
}

/// <summary>A repeat with the same match key replaced the request while it waited (<see cref="IsoClientOptions.RepeatsSupersede"/>).</summary>
public sealed class IsoRequestSupersededException : Exception
{
    public IsoRequestSupersededException(MatchKey key)
        : base($"A repeat with the same key ({key}) took this request's place; its answer goes to the repeat.")
    {
        Key = key;
    }

    public MatchKey Key { get; }
}

/// <summary>The connection is down: it dropped with the request in flight, or there was none to send on.</summary>
public sealed class IsoConnectionException : IOException
{
    public IsoConnectionException(string message)
        : base(message)
    {
    }

    public IsoConnectionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// The response to this request arrived but broke its format; <see cref="Response"/> holds the MTI and the fields
/// that decoded (enough to match it).
/// </summary>
public sealed class IsoResponseFormatException : Exception
{
    public IsoResponseFormatException(IsoError error, IsoMessage response)
        : base($"The response could not be decoded: {error}.")
    {
        Error = error;
        Response = response;
    }

    public IsoError Error { get; }

    public IsoMessage Response { get; }
}

/// <summary>Whether an unmatched response belonged to a request that had already timed out.</summary>
public enum UnmatchedKind
{
    /// <summary>Its request timed out (within <see cref="IsoClientOptions.LateResponseWindow"/>) before it came.</summary>
    Late,

    /// <summary>No request with its key was sent, or it was forgotten long ago.</summary>
    Unknown,
}

/// <summary>A response that matched no request in flight. <see cref="Message"/> is a copy the handler may keep.</summary>
public sealed class UnmatchedResponseEventArgs(IsoMessage message, UnmatchedKind kind, MatchKey? key) : EventArgs
{
    public IsoMessage Message { get; } = message;

    public UnmatchedKind Kind { get; } = kind;

    /// <summary>The response's key, or null when none could be built.</summary>
    public MatchKey? Key { get; } = key;
}
