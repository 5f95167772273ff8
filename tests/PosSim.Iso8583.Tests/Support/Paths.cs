namespace PosSim.Iso8583.Tests.Support;

internal static class Paths
{
    /// <summary>The repository root: the folder holding PosSim.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Third-party vectors in shared/vectors beside the repository (as laid out for developers and CI).</summary>
    public static string SharedVectors => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "vectors"));

    /// <summary>Our own committed vectors.</summary>
    public static string OwnVectors => Path.Combine(RepoRoot, "tests", "PosSim.Iso8583.Tests", "Vectors");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PosSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find PosSim.sln above " + AppContext.BaseDirectory);
    }
}
