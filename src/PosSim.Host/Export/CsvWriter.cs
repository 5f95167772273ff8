using System.Globalization;
using System.Text;

namespace PosSim.Host.Export;

/// <summary>
/// Writes CSV the way the matcher reads it (docs/interchange-files.md): RFC 4180 quoting (only where a cell needs it), "\n" line ends,
/// invariant numbers, yyyy-MM-dd dates, yyyy-MM-ddTHH:mm:ss times; an empty cell is an absent value.
/// </summary>
public sealed class CsvWriter
{
    /// <summary>UTF-8 without a byte order mark: the first header cell must read as itself.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly TextWriter _writer;
    private bool _rowStarted;

    public CsvWriter(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    public CsvWriter Header(IReadOnlyList<string> columns)
    {
        foreach (var column in columns)
        {
            Cell(column);
        }

        return EndRow();
    }

    public CsvWriter Cell(string? value)
    {
        Separator();
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _writer.Write(value);
            return this;
        }

        _writer.Write('"');
        _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
        return this;
    }

    // Numbers and dates are formatted on the stack: an export writes millions of them, and a string each was a
    // measurable share of a simulated day's export.
    public CsvWriter Cell(long value)
    {
        Separator();
        Span<char> text = stackalloc char[20];
        value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        _writer.Write(text[..written]);
        return this;
    }

    public CsvWriter Cell(DateOnly value)
    {
        Separator();
        Span<char> text = stackalloc char[16];
        value.TryFormat(text, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        _writer.Write(text[..written]);
        return this;
    }

    public CsvWriter Cell(DateTime value)
    {
        Separator();
        Span<char> text = stackalloc char[24];
        value.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        _writer.Write(text[..written]);
        return this;
    }

    public CsvWriter EndRow()
    {
        _writer.Write('\n');
        _rowStarted = false;
        return this;
    }

    private void Separator()
    {
        if (_rowStarted)
        {
            _writer.Write(',');
        }

        _rowStarted = true;
    }
}
