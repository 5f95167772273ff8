using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace PosSim.Reconciliation.Csv;

/// <summary>
/// One input CSV file: its header and a plan for reading its data rows in parallel chunks.
/// Reads use positional I/O (<see cref="RandomAccess"/>), so chunks can be read from several threads at once.
/// </summary>
internal sealed class CsvFile : IDisposable
{
    private readonly ReadOptions _options;

    private CsvFile(string displayPath, SafeFileHandle handle, long length, ReadOptions options)
    {
        DisplayPath = displayPath;
        Handle = handle;
        Length = length;
        _options = options;
    }

    /// <summary>The path as the user named it, for error messages.</summary>
    public string DisplayPath { get; }

    public SafeFileHandle Handle { get; }

    public long Length { get; }

    public string[] Header { get; private set; } = [];

    /// <summary>Byte offset of the first data record.</summary>
    public long DataStart { get; private set; }

    /// <summary>Physical line of the first data record (2 unless the header spans lines).</summary>
    public long DataFirstLine { get; private set; }

    /// <summary>
    /// Number of row slots: one per physical line after the header (plus one for a last line without a
    /// newline). Row storage is indexed by <c>line - DataFirstLine</c>, so it is sized before parsing and
    /// every row knows its line for free.
    /// </summary>
    public int SlotCount
    {
        get
        {
            _ = Chunks;
            return _slotCount;
        }
    }

    /// <summary>The chunk plan for this machine's cores (computed once, on first use).</summary>
    public List<CsvChunk> Chunks => _chunks ??= Split(_options.Parts);

    private int _slotCount;
    private List<CsvChunk>? _chunks;

    public static CsvFile? TryOpen(string path, string displayPath, ReadOptions? options = null)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        var file = new CsvFile(displayPath, handle, RandomAccess.GetLength(handle), options ?? ReadOptions.Default);
        try
        {
            file.ReadHeader();
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return file;
    }

    public static CsvFile Open(string path, string displayPath, ReadOptions? options = null) =>
        TryOpen(path, displayPath, options) ?? throw new ReconciliationInputException(displayPath, 0, 0, "required file is missing");

    public void Dispose() => Handle.Dispose();

    public ReconciliationInputException Error(long line, int column, string problem) => new(DisplayPath, line, column, problem);

    /// <summary>The 0-based index of a named column; -1 when absent and optional.</summary>
    public int Column(string name, bool required = true)
    {
        var found = -1;
        for (var i = 0; i < Header.Length; i++)
        {
            if (string.Equals(Header[i], name, StringComparison.Ordinal))
            {
                if (found >= 0)
                {
                    throw Error(1, i + 1, $"column '{name}' appears twice in the header");
                }

                found = i;
            }
        }

        if (found < 0 && required)
        {
            throw Error(1, 1, $"the header has no '{name}' column (it has: {string.Join(", ", Header)})");
        }

        return found;
    }

    private void ReadHeader()
    {
        var reader = new CsvChunkReader(this, 0, Length, 1, expectedFields: -1, bufferSize: 64 << 10);
        if (!reader.MoveNext())
        {
            throw Error(1, 1, "the file is empty; it needs a header row");
        }

        var header = new string[reader.FieldCount];
        for (var i = 0; i < header.Length; i++)
        {
            var text = System.Text.Encoding.UTF8.GetString(reader.Field(i)).Trim();
            if (i == 0 && text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text[1..].Trim();
            }

            header[i] = text;
        }

        Header = header;
        DataStart = reader.Consumed;
        DataFirstLine = reader.NextLine;
    }

    /// <summary>
    /// Splits the data rows into at most <paramref name="parts"/> chunks that each start at a record boundary.
    /// A record boundary is a newline outside quotes; whether a byte is inside quotes is the parity of the
    /// quotes before it (RFC 4180 escapes a quote by doubling it, so parity is exact for a well-formed file).
    /// Both counts are vectorised. A chunk that starts at a wrong place because the file is malformed is
    /// caught when its predecessor fails to end cleanly, and the first failing chunk in file order is always
    /// parsed from a true boundary (see <see cref="CsvParallel"/>).
    /// </summary>
    private List<CsvChunk> Split(int parts)
    {
        var dataLength = Length - DataStart;
        if (dataLength <= _options.MinParallelBytes)
        {
            parts = 1;
        }

        var bounds = new long[parts + 1];
        for (var i = 0; i <= parts; i++)
        {
            bounds[i] = DataStart + (dataLength * i / parts);
        }

        var quotes = new long[parts];
        var newlines = new long[parts];
        Parallel.For(0, parts, i => (quotes[i], newlines[i]) = Count(bounds[i], bounds[i + 1]));

        var lastByteIsNewline = Length > DataStart && ReadByte(Length - 1) == (byte)'\n';
        var totalNewlines = newlines.Sum();
        _slotCount = checked((int)(totalNewlines + (lastByteIsNewline || Length == DataStart ? 0 : 1)));

        var chunks = new List<CsvChunk>(parts);
        long quotesBefore = 0;
        long newlinesBefore = 0;
        var previousStart = DataStart;
        var previousLine = DataFirstLine;
        for (var i = 0; i < parts; i++)
        {
            long start;
            long line;
            if (i == 0)
            {
                start = DataStart;
                line = DataFirstLine;
            }
            else
            {
                (start, var extraNewlines) = NextRecordStart(bounds[i], insideQuotes: (quotesBefore & 1) == 1);
                line = DataFirstLine + newlinesBefore + extraNewlines;
                if (start < previousStart)
                {
                    start = previousStart;
                    line = previousLine;
                }
            }

            if (i > 0)
            {
                chunks[^1] = chunks[^1] with { End = start };
            }

            chunks.Add(new CsvChunk(start, Length, line));
            previousStart = start;
            previousLine = line;
            quotesBefore += quotes[i];
            newlinesBefore += newlines[i];
        }

        chunks.RemoveAll(c => c.Start >= c.End);
        if (chunks.Count == 0)
        {
            chunks.Add(new CsvChunk(DataStart, Length, DataFirstLine));
        }

        return chunks;
    }

    private byte ReadByte(long offset)
    {
        Span<byte> one = stackalloc byte[1];
        RandomAccess.Read(Handle, one, offset);
        return one[0];
    }

    private (long Quotes, long Newlines) Count(long from, long to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long quotes = 0;
            long newlines = 0;
            for (var at = from; at < to;)
            {
                var n = RandomAccess.Read(Handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, to - at)), at);
                if (n <= 0)
                {
                    break;
                }

                var span = buffer.AsSpan(0, n);
                quotes += span.Count((byte)'"');
                newlines += span.Count((byte)'\n');
                at += n;
            }

            return (quotes, newlines);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private (long Start, long NewlinesSkipped) NextRecordStart(long from, bool insideQuotes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 << 10);
        try
        {
            long skipped = 0;
            for (var at = from; at < Length;)
            {
                var n = RandomAccess.Read(Handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, Length - at)), at);
                if (n <= 0)
                {
                    break;
                }

                for (var i = 0; i < n; i++)
                {
                    var b = buffer[i];
                    if (b == (byte)'"')
                    {
                        insideQuotes = !insideQuotes;
                    }
                    else if (b == (byte)'\n')
                    {
                        skipped++;
                        if (!insideQuotes)
                        {
                            return (at + i + 1, skipped);
                        }
                    }
                }

                at += n;
            }

            return (Length, skipped);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>How files are split for parallel reading (tests force many small chunks to exercise the boundaries).</summary>
internal sealed record ReadOptions(int Parts, long MinParallelBytes)
{
    public static ReadOptions Default { get; } = new(Environment.ProcessorCount * 2, 4 << 20);
}

/// <summary>A byte range of data records; <see cref="FirstLine"/> is the physical line of its first byte.</summary>
internal readonly record struct CsvChunk(long Start, long End, long FirstLine);
