using PosSim.Core.Cases;

namespace PosSim.Simulation.Runs;

/// <summary>
/// An approved support case's way back, to be carried out in a run: at <see cref="At"/> (acquirer local time,
/// after the scenario's last day) the acquirer moves <see cref="AmountMinor"/> of the purchase
/// <see cref="Rrn"/> of <see cref="TerminalId"/> by <see cref="Path"/>.
/// </summary>
public sealed record ResolutionOrder(long CaseId, ResolutionPath Path, string TerminalId, string Rrn, long AmountMinor, DateTime At)
{
    public static ResolutionOrder From(ResolutionCommand command, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new ResolutionOrder(command.CaseId, command.Path, command.TerminalId, command.Rrn, command.AmountMinor, at);
    }
}

/// <summary>What a run did for a <see cref="ResolutionOrder"/>, as the records prove it.</summary>
/// <param name="MessageRrn">The RRN of the reversal or refund the resolution sent through the switch; null for none.</param>
/// <param name="ClearingId">The presentment it caused (a late presentment, or the refund's); null for none yet.</param>
/// <param name="PayoutId">The payout that paid the merchant late or carried the refund's debit; null for none yet.</param>
/// <param name="Proof">What in the records shows the money moved; empty when it did not.</param>
/// <param name="Failure">Why the money did not move (or not yet), in words for the case record; null when it did.</param>
public sealed record ResolutionDone(
    ResolutionOrder Order, string? MessageRrn, string? ClearingId, string? PayoutId, string Proof, string? Failure)
{
    public bool Done => Failure is null;

    public ResolutionOutcome Outcome => new(Order.Path, Order.AmountMinor, Proof, Failure);
}
