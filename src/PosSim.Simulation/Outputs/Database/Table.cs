namespace PosSim.Simulation.Outputs.Database;

/// <summary>One column of a run.sqlite table: its name and its SQLite declaration.</summary>
internal readonly record struct Column(string Name, string Type);

/// <summary>
/// A table of run.sqlite, declared once: its CREATE TABLE and its INSERT both come from this, so a column can
/// never be added to one and forgotten in the other, and the docs test can list every column.
/// </summary>
internal sealed record Table(string Name, IReadOnlyList<Column> Columns, string? Constraints = null)
{
    public string CreateSql =>
        $"CREATE TABLE {Name} (\n    {string.Join(",\n    ", Columns.Select(c => $"{c.Name} {c.Type}"))}{(Constraints is null ? "" : ",\n    " + Constraints)}\n);";

    public string InsertSql =>
        $"INSERT INTO {Name} ({string.Join(", ", Columns.Select(c => c.Name))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"?{i + 1}"))});";
}

/// <summary>A secondary index, named after its table and columns as the live tranlog store names its own (tranlog_terminal_rrn).</summary>
internal sealed record Index(string Table, params string[] Columns)
{
    public string Name => $"{Table}_{string.Join('_', Columns)}";

    public string CreateSql => $"CREATE INDEX {Name} ON {Table} ({string.Join(", ", Columns)});";
}
