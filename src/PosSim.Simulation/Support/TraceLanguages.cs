namespace PosSim.Simulation.Support;

/// <summary>The languages `possim trace` speaks, by the code --lang takes.</summary>
public static class TraceLanguages
{
    public static IReadOnlyList<ITraceText> All { get; } = [new TraceTextEn(), new TraceTextZhCn()];

    /// <summary>The language for a --lang code (case does not matter), or null when there is none.</summary>
    public static ITraceText? Find(string code) =>
        All.FirstOrDefault(t => string.Equals(t.Code, code, StringComparison.OrdinalIgnoreCase));
}
