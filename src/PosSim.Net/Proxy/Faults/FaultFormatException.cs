namespace PosSim.Net.Proxy.Faults;

/// <summary>A fault file or API body that is not a valid fault: <see cref="Path"/> is the JSON path of the culprit.</summary>
public sealed class FaultFormatException : Exception
{
    public FaultFormatException(string path, string problem, long? line = null)
        : base(line is { } l ? $"line {l}, {path}: {problem}" : $"{path}: {problem}")
    {
        Path = path;
        Problem = problem;
        Line = line;
    }

    /// <summary>The JSON path, such as <c>$.faults[2].latency_ms</c>.</summary>
    public string Path { get; }

    public string Problem { get; }

    /// <summary>1-based line, for syntax errors; null when only the path is known.</summary>
    public long? Line { get; }
}
