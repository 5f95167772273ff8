using PosSim.Core.Cases;
using PosSim.Simulation.Runs;

namespace PosSim.Simulation.Support.Cases.Training;

/// <summary>
/// A purchase a merchant would phone about: the cardholder was charged (or holds) its money, and the merchant never
/// got it. <see cref="Fault"/> and <see cref="Finding"/> say what broke, from the ground truth and the matcher.
/// </summary>
public sealed record CallableBreak(TransactionFacts Transaction, string? Fault, string? Finding);

/// <summary>
/// Finds a run's callable breaks: every transaction or payout an injected fault hit or the matcher reported, kept
/// when its purchase's money is taken and has not reached the merchant (held at the issuer, cleared but not settled,
/// in a payout pending or bounced). A late payout that did arrive is not a call about money that never came.
/// </summary>
public static class CallableBreaks
{
    /// <summary>Where money is when the cardholder paid and the merchant has nothing.</summary>
    private static readonly MoneyState[] NeverArrived =
        [MoneyState.HeldAtIssuer, MoneyState.ClearedNotSettled, MoneyState.SettledPayoutPending, MoneyState.PayoutBounced];

    // Streams of Seeds.Derive for the draws training makes from its seed, apart from the run's own.
    private const int PayoutStream = 0x7a11;

    /// <summary>The breaks in the order they happened; a payout break stands as one of its purchases, drawn by the seed.</summary>
    public static IReadOnlyList<CallableBreak> Find(TransactionStoryReader reader, int seed)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var hit = reader.Query(
            "SELECT terminal_id, rrn FROM faults WHERE rrn <> '' UNION SELECT terminal_id, rrn FROM exceptions WHERE rrn <> ''",
            r => (Terminal: r.GetString(0), Rrn: r.GetString(1)));
        var payouts = reader.Query(
            "SELECT payout_id FROM faults WHERE payout_id <> '' AND rrn = '' UNION SELECT payout_id FROM exceptions WHERE payout_id <> '' AND rrn = '' ORDER BY 1",
            r => r.GetString(0));
        for (var i = 0; i < payouts.Count; i++)
        {
            var purchases = reader.Query(
                "SELECT terminal_id, rrn FROM settlements WHERE payout_id = $payout AND gross_minor > 0 ORDER BY clearing_id",
                r => (Terminal: r.GetString(0), Rrn: r.GetString(1)), ("$payout", payouts[i]));
            if (purchases.Count > 0)
            {
                hit.Add(purchases[Index(Seeds.Derive(seed, PayoutStream + i), purchases.Count)]);
            }
        }

        var facts = new RunCaseFacts(reader);
        var found = new List<CallableBreak>();
        foreach (var (terminal, rrn) in hit.Distinct())
        {
            if (facts.Find(terminal, rrn) is not { } t || t.Cancelled || t.RefundableMinor <= 0 || !NeverArrived.Contains(t.Money))
            {
                continue;
            }

            var row = reader.Find(new TraceQuery.ByRrn(rrn)).First(r => r.TerminalId == terminal && r.Kind == "purchase");
            var records = reader.Read(row);
            found.Add(new CallableBreak(t, (records.Faults.Count > 0 ? records.Faults[0].Fault : null), t.Finding));
        }

        return [.. found.OrderBy(b => b.Transaction.LocalTime).ThenBy(b => b.Transaction.TerminalId, StringComparer.Ordinal).ThenBy(b => b.Transaction.Rrn, StringComparer.Ordinal)];
    }

    /// <summary>A draw from a derived seed as an index below <paramref name="count"/>.</summary>
    internal static int Index(int draw, int count) => (int)(unchecked((uint)draw) % (uint)count);
}
