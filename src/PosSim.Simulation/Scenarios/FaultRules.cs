namespace PosSim.Simulation.Scenarios;

/// <summary>The ways a fault can pick what it hits (docs/scenarios.md, "Faults").</summary>
[Flags]
internal enum FaultAims
{
    /// <summary>The type's own keys say what it hits (a partition's window, a risk hold's merchant and day).</summary>
    None = 0,

    /// <summary>One transaction: terminal + nth, or ref.</summary>
    Aimed = 1,

    /// <summary>Each eligible message or transaction with a chance, optionally only on day and between from and to.</summary>
    Rate = 2,

    /// <summary>Everything between from and to, optionally only on day.</summary>
    Window = 4,
}

/// <summary>Which keys one fault type takes besides <c>type</c>: those of its aims, then its own.</summary>
internal sealed record FaultRule(FaultAims Aims, string[] Required, string[] Optional)
{
    public IReadOnlyCollection<string> Keys { get; } =
        new[] { "type" }
            .Concat(Aims.HasFlag(FaultAims.Aimed) ? FaultRules.AimedKeys : [])
            .Concat(Aims.HasFlag(FaultAims.Rate) ? FaultRules.RateKeys : [])
            .Concat(Aims.HasFlag(FaultAims.Window) ? FaultRules.WindowKeys : [])
            .Concat(Required)
            .Concat(Optional)
            .Distinct()
            .ToArray();

    /// <summary>How the aims read in a message: "terminal + nth, or ref, or a rate".</summary>
    public string AimsText => string.Join(", or ", new[]
    {
        Aims.HasFlag(FaultAims.Aimed) ? "terminal + nth, or ref" : null,
        Aims.HasFlag(FaultAims.Rate) ? "a rate" : null,
        Aims.HasFlag(FaultAims.Window) ? "a window from + to" : null,
    }.OfType<string>());
}

internal static class FaultRules
{
    public static readonly string[] AimedKeys = ["terminal", "nth", "ref"];
    public static readonly string[] RateKeys = ["rate", "day", "from", "to"];
    public static readonly string[] WindowKeys = ["from", "to", "day"];

    private static readonly FaultRule AimedOrRate = new(FaultAims.Aimed | FaultAims.Rate, [], []);

    /// <summary>Every key some fault type takes: a key outside it is unknown, one inside it is wrong for this type.</summary>
    public static IReadOnlyCollection<string> AllKeys { get; } =
        FaultNames.Injectable.SelectMany(t => Of(t).Keys).Distinct().ToArray();

    public static FaultRule Of(FaultType type) => type switch
    {
        FaultType.RequestLost or FaultType.ResponseLost or FaultType.ReversalLost or FaultType.Duplicate => AimedOrRate,
        FaultType.Corrupt => new(FaultAims.Aimed | FaultAims.Rate, ["field"], []),
        FaultType.LinkDelay => new(FaultAims.Aimed | FaultAims.Rate | FaultAims.Window, ["delay"], ["jitter"]),
        FaultType.Partition => new(FaultAims.None, ["from", "to"], ["day", "terminal", "merchant"]),
        FaultType.Disconnect => new(FaultAims.None, ["at"], ["day", "terminal", "merchant", "delay"]),
        FaultType.SwitchRestart => new(FaultAims.None, ["at"], ["day", "delay"]),
        FaultType.IssuerDown => new(FaultAims.None, ["from", "to"], ["day"]),
        FaultType.IssuerSlow => new(FaultAims.None, ["from", "to", "delay"], ["day"]),
        FaultType.IssuerResponseLost or FaultType.PoisonedReversal => AimedOrRate,
        FaultType.BatchNotClosed => new(FaultAims.None, ["terminal"], ["day"]),
        FaultType.BatchOutOfBalance => new(FaultAims.None, ["terminal"], ["day", "by_minor"]),
        FaultType.LateReversal => new(FaultAims.Aimed, [], ["days"]),
        FaultType.ClearingDropped or FaultType.ClearingDuplicated => AimedOrRate,
        FaultType.ClearingAltered => new(FaultAims.Aimed | FaultAims.Rate, [], ["by_minor"]),
        FaultType.SettlementDelayed => new(FaultAims.Aimed | FaultAims.Rate, [], ["days"]),
        FaultType.RiskHold => new(FaultAims.None, ["merchant", "day"], ["until_day"]),
        FaultType.PayoutBounce => new(FaultAims.None, ["merchant", "day"], ["until_day", "reason"]),
        FaultType.BankMaintenance => new(FaultAims.None, ["day", "from", "to"], []),
        FaultType.CutOverSkew => new(FaultAims.None, ["delay"], ["day"]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "a fault type without a rule"),
    };
}
