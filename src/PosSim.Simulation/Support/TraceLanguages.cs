using PosSim.Simulation.Support.Cases;

namespace PosSim.Simulation.Support;

/// <summary>
/// The languages `possim trace` speaks, by the code --lang takes. Each is the one text resource of its language
/// (<see cref="CaseTextEn"/>, <see cref="CaseTextZhCn"/>): trace, cases, the evidence pack, training and the desk
/// all speak through it.
/// </summary>
public static class TraceLanguages
{
    public static IReadOnlyList<ITraceText> All { get; } = [CaseTextEn.Instance, CaseTextZhCn.Instance];

    /// <summary>The language for a --lang code (case does not matter), or null when there is none.</summary>
    public static ITraceText? Find(string code) =>
        All.FirstOrDefault(t => string.Equals(t.Code, code, StringComparison.OrdinalIgnoreCase));
}
