namespace PosSim.Net.Proxy.Faults;

/// <summary>
/// One fault as written in a fault file or sent to the API: what it does, in which direction, to which share of
/// connections and (for message faults) to which messages. Immutable; the API replaces a fault by name.
/// </summary>
/// <remarks>Only the parameters of <see cref="Kind"/> are set; <see cref="FaultParser"/> rejects the others.</remarks>
public sealed record FaultSpec
{
    public required string Name { get; init; }

    public required FaultKind Kind { get; init; }

    public FaultDirection Direction { get; init; }

    /// <summary>Share of connections the fault applies to, 0 to 1, decided once per connection from the seed.</summary>
    public double Toxicity { get; init; } = 1.0;

    /// <summary>Which messages a message fault acts on; empty matches every message.</summary>
    public MessageMatch Match { get; init; } = MessageMatch.Any;

    /// <summary>Acts on the first N frames it matches only, then stays listed with its hits; null for no limit.</summary>
    public long? Times { get; init; }

    // latency (with jitter either way), delay
    public int LatencyMs { get; init; }

    public int JitterMs { get; init; }

    public int DelayMs { get; init; }

    // bandwidth, in KB/s as Toxiproxy counts them (1 KB = 1024 bytes)
    public int RateKbps { get; init; }

    // slicer
    public int AverageSize { get; init; }

    public int SizeVariation { get; init; }

    public int DelayUs { get; init; }

    // timeout and reset_peer: 0 = at once (reset) or never close (timeout)
    public int TimeoutMs { get; init; }

    // limit_data
    public long Bytes { get; init; }

    // duplicate: extra copies sent after the original
    public int Copies { get; init; } = 1;

    // corrupt: set Field to Value, or remove it, or garble it (every digit and letter moved by one)
    public int Field { get; init; }

    public string? Value { get; init; }

    public bool Remove { get; init; }

    // hold_reversal
    public int Seconds { get; init; }

    // stand_in
    public string ResponseCode { get; init; } = "";
}

/// <summary>Which frames a message fault acts on. Every condition given must hold; none given matches all.</summary>
public sealed record MessageMatch
{
    public static readonly MessageMatch Any = new();

    /// <summary>MTIs; on the downstream side a request MTI also matches its response (0200 matches 0210).</summary>
    public IReadOnlyList<string> Mti { get; init; } = [];

    /// <summary>A prefix of field 3: "00" matches every purchase, "200000" one exact code.</summary>
    public string? ProcessingCode { get; init; }

    /// <summary>Field 4 in minor units, inclusive.</summary>
    public long? AmountMin { get; init; }

    public long? AmountMax { get; init; }

    /// <summary>Field 41 exactly.</summary>
    public string? Terminal { get; init; }

    /// <summary>Field 11 as a number.</summary>
    public int? Stan { get; init; }

    /// <summary>Each matching frame is hit with this probability (from the seeded generator); null is always.</summary>
    public double? Probability { get; init; }

    public bool IsAny => Mti.Count == 0 && ProcessingCode is null && AmountMin is null && AmountMax is null && Terminal is null && Stan is null && Probability is null;
}
