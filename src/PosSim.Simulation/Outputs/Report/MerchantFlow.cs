using PosSim.Core.Settlement;
using PosSim.Reconciliation;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>
/// Each merchant's money along its journey: approved at the POS, presented in clearing, settled, paid into the
/// account, and what the matcher says is missing. One pass over each list; a row per merchant, not per transaction.
/// </summary>
internal static class MerchantFlow
{
    public sealed class Row(string merchantId)
    {
        public string MerchantId { get; } = merchantId;

        /// <summary>Live purchases less live refunds.</summary>
        public long Approved { get; set; }

        public long LiveCount { get; set; }

        /// <summary>Presentments, signed (refunds negative).</summary>
        public long Cleared { get; set; }

        /// <summary>Settlement rows' gross, signed.</summary>
        public long Settled { get; set; }

        public long Fees { get; set; }

        /// <summary>What the bank statement shows arriving (net of fees).</summary>
        public long Paid { get; set; }

        /// <summary>Shortfalls the matcher found: expected less actual, where positive.</summary>
        public long Missing { get; set; }

        public int Exceptions { get; set; }

        /// <summary>Volume for ranking: how much passed through, whatever the direction.</summary>
        public long Volume => Math.Abs(Approved) + Math.Abs(Cleared);
    }

    public static Row RowOf(IDictionary<string, Row> rows, string merchantId)
    {
        if (!rows.TryGetValue(merchantId, out var row))
        {
            row = new Row(merchantId);
            rows.Add(merchantId, row);
        }

        return row;
    }

    /// <summary>Adds clearing, settlement, statement and exceptions to the rows the switch log started.</summary>
    public static void AddBackOffice(IDictionary<string, Row> rows, BackOffice office, MatchResult match)
    {
        foreach (var agreement in office.Engine.Merchants)
        {
            RowOf(rows, agreement.MerchantId);
        }

        foreach (var record in office.Clearing.Records)
        {
            var row = RowOf(rows, record.MerchantId);
            row.Cleared = checked(row.Cleared + record.GrossMinor);
        }

        foreach (var detail in office.Engine.Details)
        {
            var row = RowOf(rows, detail.MerchantId);
            row.Settled = checked(row.Settled + detail.GrossMinor);
            row.Fees = checked(row.Fees + detail.FeeMinor);
        }

        foreach (var line in office.Engine.Statement.Rows)
        {
            var row = RowOf(rows, line.MerchantId);
            row.Paid = checked(row.Paid + line.AmountMinor);
        }

        foreach (var e in match.Exceptions)
        {
            if (e.MerchantId.Length == 0)
            {
                continue;
            }

            var row = RowOf(rows, e.MerchantId);
            row.Exceptions++;
            if (e.ExpectedMinor is { } expected && e.ActualMinor is { } actual && expected > actual)
            {
                row.Missing = checked(row.Missing + (expected - actual));
            }
        }
    }

    /// <summary>Most missing first, then the busiest, then by id: the merchants a reader should look at first.</summary>
    public static List<Row> Ranked(IEnumerable<Row> rows)
    {
        var list = rows.ToList();
        list.Sort(static (a, b) =>
        {
            var c = b.Missing.CompareTo(a.Missing);
            c = c != 0 ? c : b.Exceptions.CompareTo(a.Exceptions);
            c = c != 0 ? c : b.Volume.CompareTo(a.Volume);
            return c != 0 ? c : string.CompareOrdinal(a.MerchantId, b.MerchantId);
        });
        return list;
    }
}
