namespace PosSim.Tests.Shared;

/// <summary>The repository root: the folder holding PosSim.sln, found by walking up from the test binaries.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path under the repository root, e.g. <c>RepoRoot.Combine("scenarios", "recon-sample")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PosSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find PosSim.sln above " + AppContext.BaseDirectory);
    }
}
