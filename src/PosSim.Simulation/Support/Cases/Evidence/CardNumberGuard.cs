using PosSim.Simulation.Outputs.Database;

namespace PosSim.Simulation.Support.Cases.Evidence;

/// <summary>
/// The last guard on what the pack prints: any run of 12 to 19 digits that passes the Luhn check is shown masked
/// (first 6, last 4), because a merchant may read a card number out and an agent type it into a note or a reason.
/// The RRNs of the case's own records are 12 digits and pass the check one time in ten; they are identifiers the
/// pack must show as they are, so they are let through. The masking is run.sqlite's (<see cref="Redaction"/>).
/// </summary>
internal sealed class CardNumberGuard(IReadOnlySet<string> rrns)
{
    public string Mask(string? text) => string.IsNullOrEmpty(text) ? "" : Redaction.FreeText(text, rrns.Contains);
}
