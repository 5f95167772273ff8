using System.Globalization;
using PosSim.Core.Storage;

namespace PosSim.Core.Settlement;

/// <summary>One line of a merchant's bank statement (payouts.csv): money that really arrived (or left).</summary>
public sealed record StatementRow(string StatementId, string PayoutId, string MerchantId, long AmountMinor, DateOnly ValueDate);

/// <summary>
/// The merchants' bank: it credits (or debits) a settlement account when a payout reaches it, and its statement
/// is what the merchant sees. A bounced payout leaves no line; its re-issue leaves one, on the day it arrived.
/// </summary>
public sealed class BankStatement
{
    private readonly List<StatementRow> _rows = [];
    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>
    /// Every line, in the order the bank booked them; a long-running back office holds only the recent ones
    /// (<see cref="SettlementOptions.ForgetFinished"/>), the rest having gone to its store.
    /// </summary>
    public IReadOnlyList<StatementRow> Rows => _rows;

    /// <summary>Every line booked, including those no longer held.</summary>
    public long Booked => _sequence;

    /// <summary>
    /// Books a payout. A payout of zero net still gets its (zero) line, a nil advice, so the statement accounts
    /// for every payout instruction.
    /// </summary>
    internal StatementRow Book(Payout payout, DateOnly valueDate)
    {
        var row = new StatementRow(
            string.Create(CultureInfo.InvariantCulture, $"S{valueDate:yyyyMMdd}-{++_sequence:D6}"),
            payout.PayoutId,
            payout.MerchantId,
            payout.NetMinor,
            valueDate);
        _rows.Add(row);
        Fresh.Add(row);

        // Kept as it goes, so the total survives the rows a long-running back office forgets.
        _totals[payout.MerchantId] = checked(_totals.GetValueOrDefault(payout.MerchantId) + row.AmountMinor);
        return row;
    }

    /// <summary>A back office resumed after a restart: statement ids go on after the <paramref name="booked"/> lines booked before.</summary>
    internal void ContinueNumberingFrom(long booked) => _sequence = Math.Max(_sequence, booked);

    /// <summary>The sum of what arrived for one merchant.</summary>
    public long TotalFor(string merchantId) => _totals.GetValueOrDefault(merchantId);

    /// <summary>New lines, for a store (once tracked).</summary>
    internal NewRecords<StatementRow> Fresh { get; } = new();

    /// <summary>Forgets the lines of value date <paramref name="through"/> or before; a line waiting to be drained still is.</summary>
    internal void ForgetThrough(DateOnly through) => _rows.RemoveAll(r => r.ValueDate <= through);
}
