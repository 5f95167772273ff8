using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Trace;

/// <summary>A shipped scenario run once through `possim run` into a temp folder, shared by a test class.</summary>
public abstract class ShippedRunFixture : IDisposable
{
    private readonly TempFolder _folder;

    protected ShippedRunFixture(string scenario, string folderPrefix)
    {
        _folder = new TempFolder(folderPrefix);
        Dir = _folder.Sub("run");
        var result = CliRunner.Run("run", RepoRoot.Combine("scenarios", scenario), "--out", Dir);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("possim run failed: " + result.Stderr);
        }
    }

    public string Dir { get; }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
