using System.Globalization;

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
    private long _sequence;

    /// <summary>Every line, in the order the bank booked them.</summary>
    public IReadOnlyList<StatementRow> Rows => _rows;

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
        return row;
    }

    /// <summary>The sum of what arrived for one merchant.</summary>
    public long TotalFor(string merchantId)
    {
        long total = 0;
        foreach (var row in _rows)
        {
            if (string.Equals(row.MerchantId, merchantId, StringComparison.Ordinal))
            {
                total = checked(total + row.AmountMinor);
            }
        }

        return total;
    }
}
