namespace PosSim.Simulation.Scenarios;

/// <summary>
/// A scenario file that cannot be used: missing, not YAML, or a value the run cannot play. The message reads
/// <c>FILE:LINE:COLUMN: WHAT</c> so editors and terminals can jump to the spot; a file that cannot be read at all
/// has no line and reads <c>FILE: WHAT</c>.
/// </summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(SourceMark where, string what, Exception? inner = null)
        : base(Format(where, what), inner)
    {
        Where = where;
        What = what;
    }

    public SourceMark Where { get; }

    /// <summary>The message without its place: <c>faults[2].rate: 1.5 is not a share between 0 and 1</c>.</summary>
    public string What { get; }

    private static string Format(SourceMark where, string what) =>
        where.Line > 0 ? $"{where}: {what}" : $"{where.File}: {what}";
}
