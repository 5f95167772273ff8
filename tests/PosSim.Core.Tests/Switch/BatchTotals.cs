using PosSim.Iso8583;
using PosSim.Simulation.Terminals;

namespace PosSim.Core.Tests.Switch;

internal static class BatchTotals
{
    /// <summary>The 0500 closing the batch of <paramref name="terminal"/> with its own totals, built by <see cref="TerminalMessages"/>.</summary>
    public static IsoMessage Message(int debits = 0, long debitAmount = 0, int credits = 0, long creditAmount = 0, string terminal = AcquirerFixture.Terminal) =>
        AcquirerFixture.TerminalAt(terminal, stan: 900).BatchTotals(debits, debitAmount, credits, creditAmount, AcquirerFixture.LocalStart);
}
