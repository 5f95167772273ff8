namespace PosSim.Cli;

/// <summary>Process exit codes every command shares (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}
