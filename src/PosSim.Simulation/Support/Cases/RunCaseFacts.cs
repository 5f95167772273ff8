using System.Globalization;
using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

/// <summary>A run's records, as a case checks against them: read from run.sqlite, never written.</summary>
public sealed class RunCaseFacts(TransactionStoryReader reader) : ICaseFacts
{
    public IReadOnlyList<TransactionFacts> Search(TransactionQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return reader.Purchases(query.MerchantId, query.TerminalId, query.From, query.To, query.AmountMinor).Select(Facts).ToList();
    }

    public TransactionFacts? Find(string terminalId, string rrn)
    {
        var row = reader.Find(new TraceQuery.ByRrn(rrn)).FirstOrDefault(r => r.TerminalId == terminalId && r.Rrn == rrn && r.Kind == "purchase");
        return row is null ? null : Facts(row);
    }

    private TransactionFacts Facts(TranlogRow row)
    {
        var records = reader.Read(row);
        var refunded = records.FollowUps.Where(f => f.Kind == "refund" && f.Approved && f.CancelledBy is null).Sum(f => f.AmountMinor);
        var finding = records.Exceptions.FirstOrDefault(e => e.Rrn == row.Rrn)?.Kind ?? (records.Exceptions.Count > 0 ? records.Exceptions[0].Kind : null);
        return new TransactionFacts(
            row.TerminalId, row.Rrn, row.MerchantId,
            DateTime.ParseExact(row.LocalTime, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            DateOnly.ParseExact(row.BusinessDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            row.AmountMinor, row.PanMasked, TransactionStory.MoneyOf(records), refunded, row.CancelledBy is not null, finding,
            reader.RefundWindowDays(row.MerchantId));
    }
}
