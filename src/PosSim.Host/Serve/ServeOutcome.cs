namespace PosSim.Host.Serve;

/// <summary>How a serve run ended, for the command to turn into an exit code: a fault that stopped the core, or none.</summary>
public sealed class ServeOutcome
{
    /// <summary>The fault that stopped the core loop; null when the server stopped because it was asked to.</summary>
    public Exception? Fault { get; set; }
}
