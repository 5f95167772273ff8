namespace PosSim.Net.Client;

/// <summary>Running totals of one <see cref="IsoClient"/> across reconnects (the same events feed the PosSim.Net meter).</summary>
public sealed class IsoClientStats
{
    private long _sent;
    private long _matched;
    private long _timedOut;
    private long _late;
    private long _unmatched;
    private long _undecodable;
    private long _disconnects;
    private long _reconnects;
    private long _echoes;
    private long _echoFailures;

    public long RequestsSent => Interlocked.Read(ref _sent);

    public long ResponsesMatched => Interlocked.Read(ref _matched);

    public long RequestsTimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>Responses that came after their request had timed out.</summary>
    public long LateResponses => Interlocked.Read(ref _late);

    /// <summary>Responses that matched no request ever sent (or long forgotten).</summary>
    public long UnmatchedResponses => Interlocked.Read(ref _unmatched);

    public long UndecodableResponses => Interlocked.Read(ref _undecodable);

    public long Disconnects => Interlocked.Read(ref _disconnects);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long EchoesSent => Interlocked.Read(ref _echoes);

    public long EchoFailures => Interlocked.Read(ref _echoFailures);

    internal void Sent() => Interlocked.Increment(ref _sent);

    internal void Matched() => Interlocked.Increment(ref _matched);

    internal void TimedOut() => Interlocked.Increment(ref _timedOut);

    internal void Late() => Interlocked.Increment(ref _late);

    internal void Unmatched() => Interlocked.Increment(ref _unmatched);

    internal void Undecodable() => Interlocked.Increment(ref _undecodable);

    internal void Disconnect() => Interlocked.Increment(ref _disconnects);

    internal void Reconnect() => Interlocked.Increment(ref _reconnects);

    internal void Echo() => Interlocked.Increment(ref _echoes);

    internal void EchoFailure() => Interlocked.Increment(ref _echoFailures);

    public override string ToString() =>
        $"sent={RequestsSent} matched={ResponsesMatched} timedOut={RequestsTimedOut} late={LateResponses} unmatched={UnmatchedResponses} undecodable={UndecodableResponses} disconnects={Disconnects} reconnects={Reconnects} echoes={EchoesSent} echoFailures={EchoFailures}";
}
