using PosSim.Core.Settlement;
using PosSim.Simulation.Runs;
using SQLitePCL;
using Files = PosSim.Interchange.InterchangeFiles;

namespace PosSim.Simulation.Outputs.Database;

internal static partial class Rows
{
    /// <summary>Presentments in the order they were sent.</summary>
    public static long Clearing(sqlite3 db, RunResult run)
    {
        using var insert = new Inserter(db, Schema.Clearing);
        foreach (var c in run.Office.Clearing.Records)
        {
            insert.Text(c.ClearingId).Text(c.Kind == ClearingKind.Purchase ? Files.TransactionKinds.Purchase : Files.TransactionKinds.Refund)
                .Text(c.Rrn).Text(c.TerminalId).Text(c.MerchantId).Text(c.AuthCode).Int(c.AmountMinor).Text(c.Currency.ToString())
                .Date(c.BusinessDate).Date(c.ClearingDate).Text(c.Channel).Time(c.LocalTime).Int(c.TxnId)
                .Row();
        }

        return insert.Count;
    }

    /// <summary>Settlement detail in the order paid out, with the date the merchant was promised and why it was late.</summary>
    public static long Settlements(sqlite3 db, RunResult run)
    {
        var items = new Dictionary<SettlementDetail, SettlementItem>(ReferenceEqualityComparer.Instance);
        foreach (var item in run.Office.Engine.Items)
        {
            if (item.Detail is { } detail)
            {
                items[detail] = item;
            }
        }

        using var insert = new Inserter(db, Schema.Settlements);
        foreach (var s in run.Office.Engine.Details)
        {
            var item = items.GetValueOrDefault(s);
            insert.Text(s.PayoutId).Text(s.ClearingId).Text(s.Rrn).Text(s.TerminalId).Text(s.MerchantId).Int(s.GrossMinor).Int(s.FeeMinor)
                .Int(s.NetMinor).Date(s.ValueDate).Date(item?.DueDate).Text(item is null ? "" : Names.Flags(item.Causes))
                .Row();
        }

        return insert.Count;
    }

    /// <summary>Payouts in the order issued; the statement line of a paid one.</summary>
    public static long Payouts(sqlite3 db, RunResult run)
    {
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in run.Office.Engine.Statement.Rows)
        {
            lines.TryAdd(row.PayoutId, row.StatementId);
        }

        using var insert = new Inserter(db, Schema.Payouts);
        foreach (var p in run.Office.Engine.Payouts)
        {
            insert.Text(p.PayoutId).Text(p.MerchantId).Text(Names.Kebab(p.Status)).Date(p.FirstValueDate).Date(p.ValueDate).Int(p.GrossMinor)
                .Int(p.FeeMinor).Int(p.NetMinor).Int(p.Attempts.Count).Int(p.Details.Count).Text(lines.GetValueOrDefault(p.PayoutId))
                .Row();
        }

        return insert.Count;
    }

    public static long PayoutAttempts(sqlite3 db, RunResult run)
    {
        using var insert = new Inserter(db, Schema.PayoutAttempts);
        foreach (var p in run.Office.Engine.Payouts)
        {
            for (var i = 0; i < p.Attempts.Count; i++)
            {
                var a = p.Attempts[i];
                insert.Text(p.PayoutId).Int(i + 1).Date(a.Date).Bool(a.Accepted).Text(Redaction.FreeText(a.Outcome)).Row();
            }
        }

        return insert.Count;
    }

    /// <summary>The merchants' bank statement in booking order.</summary>
    public static long Statement(sqlite3 db, RunResult run)
    {
        using var insert = new Inserter(db, Schema.Statement);
        foreach (var r in run.Office.Engine.Statement.Rows)
        {
            insert.Text(r.StatementId).Text(r.PayoutId).Text(r.MerchantId).Int(r.AmountMinor).Date(r.ValueDate).Row();
        }

        return insert.Count;
    }

    /// <summary>Agreements by merchant id, as merchants.csv orders them.</summary>
    public static long Merchants(sqlite3 db, RunResult run)
    {
        var engine = run.Office.Engine;
        using var insert = new Inserter(db, Schema.Merchants);
        foreach (var m in engine.Merchants.OrderBy(m => m.MerchantId, StringComparer.Ordinal))
        {
            insert.Text(m.MerchantId).Text(m.SettlementAccount).Text(Names.Id(engine.AccountOf(m.MerchantId))).Int(m.MdrCardBps).Int(m.MdrQrBps)
                .Int(m.ContractSettleDays).Int(m.SettleDays).Text(m.Instant?.WindowStart.ToString("HH:mm:ss", null))
                .Text(m.Instant?.WindowEnd.ToString("HH:mm:ss", null)).Int(m.Instant?.DailyQuotaMinor).Bool(m.RiskHold)
                .Bool(engine.IsHeld(m.MerchantId)).Int(m.RefundWindowDays)
                .Row();
        }

        return insert.Count;
    }

    /// <summary>Incidents of clearing and settlement in the order they happened.</summary>
    public static long Incidents(sqlite3 db, RunResult run)
    {
        using var insert = new Inserter(db, Schema.Incidents);
        var seq = 0;
        foreach (var i in run.Office.Incidents.Items)
        {
            insert.Int(++seq).Text(Names.Kebab(i.Kind)).Date(i.Date).Text(i.MerchantId).Text(i.TerminalId).Text(i.Rrn).Text(i.PayoutId)
                .Text(Redaction.FreeText(i.Detail))
                .Row();
        }

        return insert.Count;
    }
}
