namespace PosSim.Ledger.Tests;

/// <summary>A SQLite file in its own temp folder, deleted with its WAL and shm files.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("possim-ledger-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "ledger.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
