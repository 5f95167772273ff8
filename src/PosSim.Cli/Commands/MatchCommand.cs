using System.CommandLine;

namespace PosSim.Cli.Commands;

// Scaffolding: the reconciliation helper replaces this file with the real `possim match`.
internal static class MatchCommand
{
    public static Command Create() => new("match", "Reconcile the switch log, clearing, settlement and bank statement (not built yet).");
}
