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

    private readonly CsvFile file;
    private readonly long end;
    private readonly int expectedFields;
    private long fileOffset;
    private byte[] buffer;
    private int pos;
    private int len;
    private byte[] scratch;
    private byte[] recordBase;
    private int[] starts;
    private int[] lengths;
    private long line;

    public CsvChunkReader(CsvFile file, long start, long end, long firstLine, int expectedFields, int bufferSize = 1 << 20)
    {
        this.file = file;
        this.end = end;
        this.expectedFields = expectedFields;
        fileOffset = start;
        buffer = new byte[Math.Max(bufferSize, 4096) + Slack];
        scratch = new byte[4096];
        recordBase = buffer;
        starts = new int[Math.Max(expectedFields, 16)];
        lengths = new int[starts.Length];
        line = firstLine;
        NextLine = firstLine;
    }

    /// <summary>Physical line of the current record.</summary>
    public long Line { get; private set; }

    /// <summary>Physical line where the next record starts.</summary>
    public long NextLine { get; private set; }

    /// <summary>File offset just after the current record.</summary>
    public long Consumed => fileOffset - (len - pos);

    public int FieldCount { get; private set; }

    public ReadOnlySpan<byte> Field(int index) => recordBase.AsSpan(starts[index], lengths[index]);

    public ReconciliationInputException Error(int column, string problem) => file.Error(Line, column + 1, problem);

    /// <summary>A small per-reader cache of parsed dates, by day of month: files repeat a handful of dates.</summary>
    public bool TryDate(ReadOnlySpan<byte> s, out int dayNumber)
    {
        if (s.Length == 10)
        {
            var prefix = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s);
            var day = ((s[8] & 0x0F) * 10) + (s[9] & 0x0F);
            ref var entry = ref dates[day & 31];
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

    private readonly DateEntry[] dates = new DateEntry[32];

    private readonly record struct DateEntry(ulong Prefix, byte Tail0, byte Tail1, int DayNumber);

    /// <summary>Advances to the next non-empty record; false at the end of the range.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        while (true)
        {
            var final = fileOffset >= end;
            if (pos >= len)
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
        if (fileOffset >= end)
        {
            return false;
        }

        if (pos > 0)
        {
            Buffer.BlockCopy(buffer, pos, buffer, 0, len - pos);
            len -= pos;
            pos = 0;
        }

        if (len >= buffer.Length - Slack)
        {
            Array.Resize(ref buffer, (buffer.Length * 2) + Slack);
        }

        var want = (int)Math.Min(buffer.Length - Slack - len, end - fileOffset);
        var n = RandomAccess.Read(file.Handle, buffer.AsSpan(len, want), fileOffset);
        if (n <= 0)
        {
            throw file.Error(line, 1, "the file changed while it was being read");
        }

        len += n;
        fileOffset += n;
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
        var start = pos;
        ref var origin = ref MemoryMarshal.GetArrayDataReference(buffer);
        var commas = Vector256.Create((byte)',');
        var newlines = Vector256.Create((byte)'\n');
        var quotes = Vector256.Create((byte)'"');
        Line = line;
        var field = 0;
        var fieldStart = start;
        int recordEnd;
        int next;
        for (var i = start; ; i += 32)
        {
            if (i >= len)
            {
                if (!final)
                {
                    return Outcome.NeedMore;
                }

                recordEnd = len;
                next = len;
                break;
            }

            var block = Vector256.LoadUnsafe(ref origin, (nuint)i);
            var newlineMask = Vector256.Equals(block, newlines).ExtractMostSignificantBits();
            var quoteMask = Vector256.Equals(block, quotes).ExtractMostSignificantBits();
            var commaMask = Vector256.Equals(block, commas).ExtractMostSignificantBits();
            var valid = len - i;
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

        if (recordEnd > fieldStart && buffer[recordEnd - 1] == (byte)'\r')
        {
            recordEnd--;
        }

        if (field == 0 && recordEnd == start)
        {
            pos = next;
            line++;
            NextLine = line;
            return Outcome.Skipped;
        }

        AddField(field++, fieldStart, recordEnd - fieldStart);
        recordBase = buffer;
        FinishRecord(field);
        pos = next;
        line++;
        NextLine = line;
        return Outcome.Record;
    }

    private Outcome TryRecordScalar(bool final)
    {
        var span = buffer.AsSpan(pos, len - pos);
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

        Line = line;
        if (recordLength == 0)
        {
            pos += consumed;
            line++;
            NextLine = line;
            return Outcome.Skipped;
        }

        var field = 0;
        var fieldStart = 0;
        while (true)
        {
            var comma = record[fieldStart..].IndexOf((byte)',');
            var fieldLength = comma < 0 ? recordLength - fieldStart : comma;
            AddField(field, pos + fieldStart, fieldLength);
            field++;
            if (comma < 0)
            {
                break;
            }

            fieldStart += comma + 1;
        }

        recordBase = buffer;
        FinishRecord(field);
        pos += consumed;
        line++;
        NextLine = line;
        return Outcome.Record;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddField(int field, int start, int length)
    {
        if (expectedFields >= 0 && field >= expectedFields)
        {
            throw file.Error(Line, field + 1, $"the row has more fields than the header ({expectedFields})");
        }

        if (field >= starts.Length)
        {
            Array.Resize(ref starts, starts.Length * 2);
            Array.Resize(ref lengths, lengths.Length * 2);
        }

        starts[field] = start;
        lengths[field] = length;
    }

    private void FinishRecord(int fields)
    {
        if (expectedFields >= 0 && fields != expectedFields)
        {
            throw file.Error(Line, fields + 1, $"the row has {fields} fields but the header has {expectedFields}");
        }

        FieldCount = fields;
    }

    /// <summary>The slow path: a record with quotes, which may span several physical lines.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Outcome TryQuotedRecord(bool final)
    {
        var available = len - pos;
        if (scratch.Length < available)
        {
            scratch = new byte[Math.Max(available, scratch.Length * 2)];
        }

        Line = line;
        var i = pos;
        var sp = 0;
        var newlines = 0;
        var field = 0;
        while (true)
        {
            var fieldStart = sp;
            bool recordEnds;
            if (i < len && buffer[i] == (byte)'"')
            {
                var quoteLine = line + newlines;
                i++;
                while (true)
                {
                    var q = buffer.AsSpan(i, len - i).IndexOf((byte)'"');
                    if (q < 0)
                    {
                        if (!final)
                        {
                            return Outcome.NeedMore;
                        }

                        throw file.Error(quoteLine, field + 1, "a quoted field is not closed");
                    }

                    var piece = buffer.AsSpan(i, q);
                    piece.CopyTo(scratch.AsSpan(sp));
                    sp += q;
                    newlines += piece.Count((byte)'\n');
                    i += q + 1;
                    if (i < len && buffer[i] == (byte)'"')
                    {
                        scratch[sp++] = (byte)'"';
                        i++;
                        continue;
                    }

                    if (i >= len && !final)
                    {
                        return Outcome.NeedMore;
                    }

                    break;
                }

                if (i >= len)
                {
                    recordEnds = true;
                }
                else if (buffer[i] == (byte)',')
                {
                    i++;
                    recordEnds = false;
                }
                else if (buffer[i] == (byte)'\n')
                {
                    i++;
                    recordEnds = true;
                }
                else if (buffer[i] == (byte)'\r' && (i + 1 >= len || buffer[i + 1] == (byte)'\n'))
                {
                    if (i + 1 >= len && !final)
                    {
                        return Outcome.NeedMore;
                    }

                    i += 2;
                    recordEnds = true;
                }
                else
                {
                    Line = line + newlines;
                    throw file.Error(Line, field + 1, "unexpected character after the closing quote of a field");
                }
            }
            else
            {
                var stop = buffer.AsSpan(i, len - i).IndexOfAny(UnquotedStops);
                if (stop < 0)
                {
                    if (!final)
                    {
                        return Outcome.NeedMore;
                    }

                    stop = len - i;
                }
                else if (buffer[i + stop] == (byte)'"')
                {
                    Line = line + newlines;
                    throw file.Error(Line, field + 1, "a quote inside an unquoted field (quote the whole field and double the quote)");
                }

                var terminator = i + stop < len ? buffer[i + stop] : (byte)'\n';
                var length = stop;
                if (terminator == (byte)'\n' && length > 0 && buffer[i + length - 1] == (byte)'\r')
                {
                    length--;
                }

                buffer.AsSpan(i, length).CopyTo(scratch.AsSpan(sp));
                sp += length;
                i += Math.Min(stop + 1, len - i);
                recordEnds = terminator == (byte)'\n';
            }

            var saveLine = Line;
            Line = line + newlines;
            AddField(field, fieldStart, sp - fieldStart);
            Line = saveLine;
            field++;
            if (recordEnds)
            {
                break;
            }
        }

        recordBase = scratch;
        FinishRecord(field);
        pos = i;
        line += 1 + newlines;
        NextLine = line;
        return Outcome.Record;
    }
}
