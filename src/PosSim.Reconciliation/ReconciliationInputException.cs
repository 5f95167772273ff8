namespace PosSim.Reconciliation;

/// <summary>
/// Bad input: a file that is missing or malformed, or a row that breaks the rules of docs/interchange-files.md. Names the file,
/// the physical line (the header is line 1) and the 1-based column (field) number.
/// </summary>
public sealed class ReconciliationInputException : Exception
{
    public ReconciliationInputException(string file, long line, int column, string problem)
        : base(Format(file, line, column, problem))
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The path of the file, as the caller named its folder.</summary>
    public string File { get; }

    /// <summary>Physical line, 1-based, the header being line 1; 0 when the problem is the whole file.</summary>
    public long Line { get; }

    /// <summary>Field number, 1-based; 0 when the problem is the whole file.</summary>
    public int Column { get; }

    /// <summary>What is wrong, in words.</summary>
    public string Problem { get; }

    private static string Format(string file, long line, int column, string problem) =>
        line > 0 ? $"{file} line {line}, column {column}: {problem}" : $"{file}: {problem}";
}
