using PosSim.Core.Issuer;
using PosSim.Core.Switch;
using PosSim.Host.Export;
using PosSim.Simulation.Runs;
using SQLitePCL;

namespace PosSim.Simulation.Outputs.Database;

/// <summary>The rows of each table, from the run's collections, in their own order (so the same run gives the same database).</summary>
internal static partial class Rows
{
    // The live store writes the enum names (Answered, TimedOut); run.sqlite reads the same.
    private static readonly string[] StatusNames = Enum.GetNames<TransactionStatus>();

    /// <summary>The switch log in arrival order (txn_id).</summary>
    public static long Tranlog(sqlite3 db, RunResult run)
    {
        using var insert = new Inserter(db, Schema.Tranlog);
        foreach (var e in run.Office.Switch.Tranlog)
        {
            insert.Int(e.TxnId).Text(InterchangeExport.KindName(e.Kind)).Text(e.Rrn).Int(e.Stan).Text(e.TerminalId).Text(e.MerchantId)
                .Text(e.Channel).Text(e.PanMasked).Text(e.PanHash).Int(e.AmountMinor).Text(e.Currency.ToString()).Text(e.TransmissionDateTime)
                .Date(e.BusinessDate).Time(e.LocalTime).Int(e.BatchNumber).Text(e.OriginalRrn).Text(StatusNames[(int)e.Status])
                .Text(e.ResponseCode).Text(e.AuthCode).Text(e.LateIssuerResponseCode).Text(e.CancelledBy)
                .Row();
        }

        return insert.Count;
    }

    /// <summary>The issuer's approvals, by hold id (the order it approved them in).</summary>
    public static long Authorizations(sqlite3 db, RunResult run)
    {
        using var insert = new Inserter(db, Schema.Authorizations);
        foreach (var a in run.Issuer.Authorizations.OrderBy(a => a.HoldId))
        {
            insert.Text(Names.Id(a.HoldId)).Text(Names.Kebab(a.Kind)).Text(a.Key.TerminalId).Int(a.Key.Stan).Text(a.Key.TransmissionDateTime)
                .Text(a.Rrn).Int(a.Amount).Text(a.ApprovalCode).Text(Names.Kebab(a.Status))
                .Row();
        }

        return insert.Count;
    }

    private static Dictionary<UInt128, Authorization> AuthorizationsByHold(CardIssuer issuer)
    {
        var byHold = new Dictionary<UInt128, Authorization>();
        foreach (var a in issuer.Authorizations)
        {
            byHold[a.HoldId] = a;
        }

        return byHold;
    }
}
