using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PosSim.Reconciliation.Csv;

/// <summary>
/// Streams the records of one byte range of a CSV file (RFC 4180: comma separated, fields optionally in
/// double quotes with a doubled quote for a literal one, CRLF or LF line ends). Fields are exposed as byte
/// spans into a reused buffer; nothing is allocated per record. Empty lines are skipped.
/// </summary>
internal sealed class CsvChunkReader
{
    private const int Slack = 64;
    private static readonly SearchValues<byte> UnquotedStops = SearchValues.Create(","u8 + "\n"u8 + "\""u8);

    private readonly CsvFile _file;
    private readonly long _end;
    private readonly int _expectedFields;
    private long _fileOffset;
    private byte[] _buffer;
    private int _pos;
    private int _len;
    private byte[] _scratch;
    private byte[] _recordBase;
    private int[] _starts;
    private int[] _lengths;
    private long _line;

    public CsvChunkReader(CsvFile file, long start, long end, long firstLine, int expectedFields, int bufferSize = 1 << 20)
    {
        _file = file;
        _end = end;
        _expectedFields = expectedFields;
        _fileOffset = start;
        _buffer = new byte[Math.Max(bufferSize, 4096) + Slack];
        _scratch = new byte[4096];
        _recordBase = _buffer;
        _starts = new int[Math.Max(expectedFields, 16)];
        _lengths = new int[_starts.Length];
        _line = firstLine;
        NextLine = firstLine;
    }

    /// <summary>Physical line of the current record.</summary>
    public long Line { get; private set; }

    /// <summary>Physical line where the next record starts.</summary>
    public long NextLine { get; private set; }

    /// <summary>File offset just after the current record.</summary>
    public long Consumed => _fileOffset - (_len - _pos);

    public int FieldCount { get; private set; }

    public ReadOnlySpan<byte> Field(int index) => _recordBase.AsSpan(_starts[index], _lengths[index]);

    public ReconciliationInputException Error(int column, string problem) => _file.Error(Line, column + 1, problem);

    /// <summary>A small per-reader cache of parsed dates, by day of month: files repeat a handful of dates.</summary>
    public bool TryDate(ReadOnlySpan<byte> s, out int dayNumber)
    {
        if (s.Length == 10)
        {
            var prefix = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s);
            var day = ((s[8] & 0x0F) * 10) + (s[9] & 0x0F);
            ref var entry = ref _dates[day & 31];
            if (entry.Prefix == prefix && entry.Tail0 == s[8] && entry.Tail1 == s[9] && entry.DayNumber > 0)
            {
                dayNumber = entry.DayNumber;
                return true;
            }

            if (!Fields.TryDate(s, out dayNumber))
            {
                return false;
            }

            entry = new DateEntry(prefix, s[8], s[9], dayNumber);
            return true;
        }

        return Fields.TryDate(s, out dayNumber);
    }

    private readonly DateEntry[] _dates = new DateEntry[32];

    private readonly record struct DateEntry(ulong Prefix, byte Tail0, byte Tail1, int DayNumber);

    /// <summary>Advances to the next non-empty record; false at the end of the range.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        while (true)
        {
            var final = _fileOffset >= _end;
            if (_pos >= _len)
            {
                if (final || !Fill())
                {
                    return false;
                }

                continue;
            }

            var result = TryRecord(final);
            if (result == Outcome.Record)
            {
                return true;
            }

            if (result == Outcome.NeedMore && !Fill())
            {
                // Fill only fails at the end of the range, and then the record is parsed as final.
                if (TryRecord(final: true) == Outcome.Record)
                {
                    return true;
                }
            }
        }
    }

    private enum Outcome
    {
        Record,
        Skipped,
        NeedMore,
    }

    private bool Fill()
    {
        if (_fileOffset >= _end)
        {
            return false;
        }

        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _len - _pos);
            _len -= _pos;
            _pos = 0;
        }

        if (_len >= _buffer.Length - Slack)
        {
            Array.Resize(ref _buffer, (_buffer.Length * 2) + Slack);
        }

        var want = (int)Math.Min(_buffer.Length - Slack - _len, _end - _fileOffset);
        var n = RandomAccess.Read(_file.Handle, _buffer.AsSpan(_len, want), _fileOffset);
        if (n <= 0)
        {
            throw _file.Error(_line, 1, "the file changed while it was being read");
        }

        _len += n;
        _fileOffset += n;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Outcome TryRecord(bool final) => Vector256.IsHardwareAccelerated ? TryRecordVector(final) : TryRecordScalar(final);

    /// <summary>
    /// The fast path for a record without quotes: one pass over 32-byte blocks finds commas, the newline and any
    /// quote at once, as bit masks (the buffer has slack after the data, so a block may run past it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Outcome TryRecordVector(bool final)
    {
        var start = _pos;
        ref var origin = ref MemoryMarshal.GetArrayDataReference(_buffer);
        var commas = Vector256.Create((byte)',');
        var newlines = Vector256.Create((byte)'\n');
        var quotes = Vector256.Create((byte)'"');
        Line = _line;
        var field = 0;
        var fieldStart = start;
        int recordEnd;
        int next;
        for (var i = start; ; i += 32)
        {
            if (i >= _len)
            {
                if (!final)
                {
                    return Outcome.NeedMore;
                }

                recordEnd = _len;
                next = _len;
                break;
            }

            var block = Vector256.LoadUnsafe(ref origin, (nuint)i);
            var newlineMask = Vector256.Equals(block, newlines).ExtractMostSignificantBits();
            var quoteMask = Vector256.Equals(block, quotes).ExtractMostSignificantBits();
            var commaMask = Vector256.Equals(block, commas).ExtractMostSignificantBits();
            var valid = _len - i;
            if (valid < 32)
            {
                var keep = (1u << valid) - 1;
                newlineMask &= keep;
                quoteMask &= keep;
                commaMask &= keep;
            }

            var before = uint.MaxValue;
            if (newlineMask != 0)
            {
                before = (1u << BitOperations.TrailingZeroCount(newlineMask)) - 1;
            }

            if ((quoteMask & before) != 0)
            {
                return TryQuotedRecord(final);
            }

            commaMask &= before;
            while (commaMask != 0)
            {
                var at = i + BitOperations.TrailingZeroCount(commaMask);
                AddField(field++, fieldStart, at - fieldStart);
                fieldStart = at + 1;
                commaMask &= commaMask - 1;
            }

            if (newlineMask != 0)
            {
                recordEnd = i + BitOperations.TrailingZeroCount(newlineMask);
                next = recordEnd + 1;
                break;
            }
        }

        if (recordEnd > fieldStart && _buffer[recordEnd - 1] == (byte)'\r')
        {
            recordEnd--;
        }

        if (field == 0 && recordEnd == start)
        {
            _pos = next;
            _line++;
            NextLine = _line;
            return Outcome.Skipped;
        }

        AddField(field++, fieldStart, recordEnd - fieldStart);
        _recordBase = _buffer;
        FinishRecord(field);
        _pos = next;
        _line++;
        NextLine = _line;
        return Outcome.Record;
    }

    private Outcome TryRecordScalar(bool final)
    {
        var span = _buffer.AsSpan(_pos, _len - _pos);
        var newline = span.IndexOf((byte)'\n');
        int recordLength;
        int consumed;
        if (newline < 0)
        {
            if (!final)
            {
                return Outcome.NeedMore;
            }

            recordLength = span.Length;
            consumed = span.Length;
        }
        else
        {
            recordLength = newline;
            consumed = newline + 1;
        }

        var record = span[..recordLength];
        if (record.Contains((byte)'"'))
        {
            return TryQuotedRecord(final);
        }

        if (recordLength > 0 && record[recordLength - 1] == (byte)'\r')
        {
            recordLength--;
            record = record[..recordLength];
        }

        Line = _line;
        if (recordLength == 0)
        {
            _pos += consumed;
            _line++;
            NextLine = _line;
            return Outcome.Skipped;
        }

        var field = 0;
        var fieldStart = 0;
        while (true)
        {
            var comma = record[fieldStart..].IndexOf((byte)',');
            var fieldLength = comma < 0 ? recordLength - fieldStart : comma;
            AddField(field, _pos + fieldStart, fieldLength);
            field++;
            if (comma < 0)
            {
                break;
            }

            fieldStart += comma + 1;
        }

        _recordBase = _buffer;
        FinishRecord(field);
        _pos += consumed;
        _line++;
        NextLine = _line;
        return Outcome.Record;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddField(int field, int start, int length)
    {
        if (_expectedFields >= 0 && field >= _expectedFields)
        {
            throw _file.Error(Line, field + 1, $"the row has more fields than the header ({_expectedFields})");
        }

        if (field >= _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _lengths, _lengths.Length * 2);
        }

        _starts[field] = start;
        _lengths[field] = length;
    }

    private void FinishRecord(int fields)
    {
        if (_expectedFields >= 0 && fields != _expectedFields)
        {
            throw _file.Error(Line, fields + 1, $"the row has {fields} fields but the header has {_expectedFields}");
        }

        FieldCount = fields;
    }

    /// <summary>The slow path: a record with quotes, which may span several physical lines.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Outcome TryQuotedRecord(bool final)
    {
        var available = _len - _pos;
        if (_scratch.Length < available)
        {
            _scratch = new byte[Math.Max(available, _scratch.Length * 2)];
        }

        Line = _line;
        var i = _pos;
        var sp = 0;
        var newlines = 0;
        var field = 0;
        while (true)
        {
            var fieldStart = sp;
            bool recordEnds;
            if (i < _len && _buffer[i] == (byte)'"')
            {
                var quoteLine = _line + newlines;
                i++;
                while (true)
                {
                    var q = _buffer.AsSpan(i, _len - i).IndexOf((byte)'"');
                    if (q < 0)
                    {
                        if (!final)
                        {
                            return Outcome.NeedMore;
                        }

                        throw _file.Error(quoteLine, field + 1, "a quoted field is not closed");
                    }

                    var piece = _buffer.AsSpan(i, q);
                    piece.CopyTo(_scratch.AsSpan(sp));
                    sp += q;
                    newlines += piece.Count((byte)'\n');
                    i += q + 1;
                    if (i < _len && _buffer[i] == (byte)'"')
                    {
                        _scratch[sp++] = (byte)'"';
                        i++;
                        continue;
                    }

                    if (i >= _len && !final)
                    {
                        return Outcome.NeedMore;
                    }

                    break;
                }

                if (i >= _len)
                {
                    recordEnds = true;
                }
                else if (_buffer[i] == (byte)',')
                {
                    i++;
                    recordEnds = false;
                }
                else if (_buffer[i] == (byte)'\n')
                {
                    i++;
                    recordEnds = true;
                }
                else if (_buffer[i] == (byte)'\r' && (i + 1 >= _len || _buffer[i + 1] == (byte)'\n'))
                {
                    if (i + 1 >= _len && !final)
                    {
                        return Outcome.NeedMore;
                    }

                    i += 2;
                    recordEnds = true;
                }
                else
                {
                    Line = _line + newlines;
                    throw _file.Error(Line, field + 1, "unexpected character after the closing quote of a field");
                }
            }
            else
            {
                var stop = _buffer.AsSpan(i, _len - i).IndexOfAny(UnquotedStops);
                if (stop < 0)
                {
                    if (!final)
                    {
                        return Outcome.NeedMore;
                    }

                    stop = _len - i;
                }
                else if (_buffer[i + stop] == (byte)'"')
                {
                    Line = _line + newlines;
                    throw _file.Error(Line, field + 1, "a quote inside an unquoted field (quote the whole field and double the quote)");
                }

                var terminator = i + stop < _len ? _buffer[i + stop] : (byte)'\n';
                var length = stop;
                if (terminator == (byte)'\n' && length > 0 && _buffer[i + length - 1] == (byte)'\r')
                {
                    length--;
                }

                _buffer.AsSpan(i, length).CopyTo(_scratch.AsSpan(sp));
                sp += length;
                i += Math.Min(stop + 1, _len - i);
                recordEnds = terminator == (byte)'\n';
            }

            var saveLine = Line;
            Line = _line + newlines;
            AddField(field, fieldStart, sp - fieldStart);
            Line = saveLine;
            field++;
            if (recordEnds)
            {
                break;
            }
        }

        _recordBase = _scratch;
        FinishRecord(field);
        _pos = i;
        _line += 1 + newlines;
        NextLine = _line;
        return Outcome.Record;
    }
}
