using System.Net;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Transport;

namespace PosSim.Load;

/// <summary>What a load run sends, where, how fast and for how long (docs/load.md). Checked by the command before a run.</summary>
public sealed record LoadSettings
{
    public required EndPoint Target { get; init; }

    public ITransport Transport { get; init; } = SocketTransport.Default;

    public required IsoCodec Codec { get; init; }

    public required MessageFraming Framing { get; init; }

    /// <summary>The fixed header sent before each message (such as a TPDU); as long as the framing says.</summary>
    public ReadOnlyMemory<byte> Header { get; init; } = ReadOnlyMemory<byte>.Empty;

    public required Fleet Fleet { get; init; }

    /// <summary>How many of the fleet's terminals take part (the first ones); 0: all of them.</summary>
    public int Terminals { get; init; }

    public int Connections { get; init; } = 4;

    /// <summary>Open loop: requests per second over all connections, sent at fixed intended times. Null: closed loop (unless <see cref="Schedule"/>).</summary>
    public double? Rate { get; init; }

    /// <summary>Open loop with a rate that changes over the run (a scenario's day); wins over <see cref="Rate"/>.</summary>
    public ArrivalSchedule? Schedule { get; init; }

    /// <summary>The scenario whose traffic is played, for reports; null without one.</summary>
    public string? Scenario { get; init; }

    /// <summary>Closed loop: requests in flight on each connection.</summary>
    public int InFlight { get; init; } = 8;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Traffic before measuring starts: connections warm, the JIT done, the switch's caches full.</summary>
    public TimeSpan Warmup { get; init; }

    /// <summary>How long a request waits for its answer before it counts as a timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public TrafficMix Mix { get; init; } = TrafficMix.Default;

    /// <summary>Network management as a host: 0800 without field 41, one sign-on per connection instead of per terminal.</summary>
    public bool AsHost { get; init; }

    /// <summary>
    /// The installation secret the terminals' master keys are derived from (POSSIM_TERMINAL_KEY_SECRET on the serve
    /// side); given, each terminal takes the working key out of its sign-on's 0810 and MACs every request with it
    /// (docs/security.md). Null: no MACs, as a switch without terminal authentication expects.
    /// </summary>
    public byte[]? TerminalKeySecret { get; init; }

    /// <summary>
    /// With <see cref="TerminalKeySecret"/>: the MAC serve asks for. A terminal needs it before its first working key,
    /// to MAC its sign-on under the key derived from its master key (docs/security.md); afterwards the 0810 names it.
    /// </summary>
    public PosSim.Core.Security.MacAlgorithm TerminalMac { get; init; }

    /// <summary>Send each terminal's 0500 batch totals once the measured run is over.</summary>
    public bool CloseBatches { get; init; } = true;

    /// <summary>Seed of the draws (kind, card, amount), so two runs send the same sequence.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The terminals' local time offset (fields 7, 12, 13 are local time).</summary>
    public TimeSpan LocalOffset { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Makes, for one generator of draws, the source of purchase amounts; null: uniform from <see cref="MinAmount"/> to <see cref="MaxAmount"/>.</summary>
    public Func<Random, Func<long>>? Amounts { get; init; }

    /// <summary>Smallest and largest amount of a purchase, in minor units, drawn uniformly.</summary>
    public long MinAmount { get; init; } = 1_00;

    public long MaxAmount { get; init; } = 200_00;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Called with true when the warmup ends and measuring starts, with false when the last measured request is sent (benchmarks read CPU time there).</summary>
    public Action<bool>? Measuring { get; init; }

    public bool IsOpenLoop => Rate is not null || Schedule is not null;

    internal ArrivalSchedule? OpenLoopSchedule => Schedule ?? (Rate is { } rate ? ArrivalSchedule.Constant(rate) : null);

    internal Func<long> AmountsFor(Random random) =>
        Amounts?.Invoke(random) ?? (() => random.NextInt64(MinAmount, MaxAmount + 1));

    internal int TerminalCount => Terminals == 0 ? Fleet.Terminals.Count : Terminals;
}
