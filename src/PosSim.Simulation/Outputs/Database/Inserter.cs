using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PosSim.Simulation.Outputs.Database;

/// <summary>
/// A prepared INSERT of one table, filled a cell at a time in column order and stepped with <see cref="Row"/>.
/// </summary>
/// <remarks>
/// Implementation note: cells are bound straight through SQLite's own API, text as UTF-8 from the stack, as
/// SqliteTranlogStore does: no parameter objects and no boxing, so a million tranlog rows take seconds, not
/// minutes. Dates and times are formatted into the same stack buffer.
/// </remarks>
internal sealed class Inserter : IDisposable
{
    private const int StackText = 256;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly Table _table;
    private int _next = 1;

    public Inserter(sqlite3 db, Table table)
    {
        _db = db;
        _table = table;
        Check(raw.sqlite3_prepare_v2(db, table.InsertSql, out _statement));
    }

    /// <summary>Rows inserted so far.</summary>
    public long Count { get; private set; }

    public Inserter Text(string? value)
    {
        var index = _next++;
        if (value is null)
        {
            raw.sqlite3_bind_null(_statement, index);
            return this;
        }

        Span<byte> utf8 = stackalloc byte[StackText];
        if (Encoding.UTF8.TryGetBytes(value, utf8, out var written))
        {
            raw.sqlite3_bind_text(_statement, index, utf8[..written]);
        }
        else
        {
            raw.sqlite3_bind_text(_statement, index, value);
        }

        return this;
    }

    public Inserter Int(long value)
    {
        raw.sqlite3_bind_int64(_statement, _next++, value);
        return this;
    }

    public Inserter Int(long? value) => value is { } v ? Int(v) : Null();

    public Inserter Bool(bool value) => Int(value ? 1 : 0);

    /// <summary>A date as yyyy-MM-dd.</summary>
    public Inserter Date(DateOnly value)
    {
        Span<byte> utf8 = stackalloc byte[16];
        value.TryFormat(utf8, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        raw.sqlite3_bind_text(_statement, _next++, utf8[..written]);
        return this;
    }

    public Inserter Date(DateOnly? value) => value is { } v ? Date(v) : Null();

    /// <summary>A local time as yyyy-MM-ddTHH:mm:ss: it sorts and compares as text, and SQLite's date functions read it.</summary>
    public Inserter Time(DateTime value)
    {
        Span<byte> utf8 = stackalloc byte[32];
        value.TryFormat(utf8, out var written, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        raw.sqlite3_bind_text(_statement, _next++, utf8[..written]);
        return this;
    }

    public Inserter Null()
    {
        raw.sqlite3_bind_null(_statement, _next++);
        return this;
    }

    /// <summary>Inserts the row bound so far; every column must have been given a cell.</summary>
    public void Row()
    {
        if (_next != _table.Columns.Count + 1)
        {
            throw new InvalidOperationException($"A row of {_table.Name} got {_next - 1} cells for {_table.Columns.Count} columns.");
        }

        var rc = raw.sqlite3_step(_statement);
        Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
        raw.sqlite3_reset(_statement);
        _next = 1;
        Count++;
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);
}
