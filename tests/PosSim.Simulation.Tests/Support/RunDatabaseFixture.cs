using Microsoft.Data.Sqlite;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Runs;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Support;

/// <summary>The sample run written once to run.sqlite in a temp folder, shared by the tests of a class (the run takes a moment).</summary>
public sealed class RunDatabaseFixture : IDisposable
{
    private readonly TempFolder _folder = new("possim-run-db-");

    public RunDatabaseFixture()
    {
        Run = SampleRun.Create();
        Path = _folder.Sub(RunDatabase.FileName);
        RunDatabase.Write(Path, Run);
    }

    internal RunResult Run { get; }

    public string Path { get; }

    /// <summary>A read-only connection of its own; the caller disposes it.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>Small query helpers over a connection.</summary>
internal static class Sql
{
    public static List<object?[]> Rows(this SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<object?[]>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static long Count(this SqliteConnection connection, string table) =>
        (long)connection.Rows($"SELECT COUNT(*) FROM {table}")[0][0]!;

    /// <summary>The plan SQLite would use, one detail line per step.</summary>
    public static string Plan(this SqliteConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        string.Join('\n', connection.Rows("EXPLAIN QUERY PLAN " + sql, parameters).Select(r => (string)r[3]!));
}
