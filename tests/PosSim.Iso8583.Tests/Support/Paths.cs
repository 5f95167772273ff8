using PosSim.Tests.Shared;

namespace PosSim.Iso8583.Tests.Support;

internal static class Paths
{
    /// <summary>Third-party vectors in shared/vectors beside the repository (as laid out for developers and CI).</summary>
    public static string SharedVectors => Path.GetFullPath(Path.Combine(RepoRoot.Path, "..", "shared", "vectors"));

    /// <summary>Our own committed vectors.</summary>
    public static string OwnVectors => RepoRoot.Combine("tests", "PosSim.Iso8583.Tests", "Vectors");
}
