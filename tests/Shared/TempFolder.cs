namespace PosSim.Tests.Shared;

/// <summary>
/// A scratch folder of its own under the temp path, created at once and deleted with everything in it when
/// disposed. Files a test needs (a SQLite database, a dialect file, serve's data folder) go inside one.
/// </summary>
internal sealed class TempFolder : IDisposable
{
    /// <param name="prefix">The start of the folder's name, so a folder left behind says which tests made it.</param>
    public TempFolder(string prefix = "possim-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>A path inside the folder; nothing is created.</summary>
    public string Sub(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a temp folder left behind is harmless, and must not hide the test's own outcome.
        }
    }
}
