namespace PosSim.Reconciliation.Csv;

/// <summary>Typed cell access with the error messages of docs/interchange-files.md.</summary>
internal static class Cells
{
    public static ReadOnlySpan<byte> Required(CsvChunkReader r, int column, string name)
    {
        var s = r.Field(column);
        if (s.IsEmpty)
        {
            throw r.Error(column, $"{name} is empty but this row needs it");
        }

        return s;
    }

    public static long Long(CsvChunkReader r, int column, string name)
    {
        var s = Required(r, column, name);
        if (!Fields.TryLong(s, out var value))
        {
            throw r.Error(column, $"{name} {Fields.Show(s)} is not a whole number (amounts are integers in minor units)");
        }

        return value;
    }

    public static long NonNegativeLong(CsvChunkReader r, int column, string name)
    {
        var value = Long(r, column, name);
        if (value < 0)
        {
            throw r.Error(column, $"{name} {value} is negative; it never is");
        }

        return value;
    }

    public static int Date(CsvChunkReader r, int column, string name)
    {
        var s = Required(r, column, name);
        if (!r.TryDate(s, out var day))
        {
            throw r.Error(column, $"{name} {Fields.Show(s)} is not a date of the form yyyy-MM-dd");
        }

        return day;
    }

    /// <summary>A date that may be absent: returns -1 when the cell is empty or the column is missing.</summary>
    public static int OptionalDate(CsvChunkReader r, int column, string name)
    {
        if (column < 0 || r.Field(column).IsEmpty)
        {
            return -1;
        }

        return Date(r, column, name);
    }

    public static long Time(CsvChunkReader r, int column, string name)
    {
        var s = Required(r, column, name);
        if (s.Length != 19 || !r.TryDate(s[..10], out var day) || !Fields.TryTimeOfDay(s, day, out var seconds))
        {
            throw r.Error(column, $"{name} {Fields.Show(s)} is not a time of the form yyyy-MM-ddTHH:mm:ss");
        }

        return seconds;
    }

    public static CsvChunkReader Sequential(CsvFile file) =>
        new(file, file.DataStart, file.Length, file.DataFirstLine, file.Header.Length);
}
