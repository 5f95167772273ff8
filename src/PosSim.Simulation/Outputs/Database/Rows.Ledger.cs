using PosSim.Ledger;
using PosSim.Simulation.Runs;
using SQLitePCL;

namespace PosSim.Simulation.Outputs.Database;

internal static partial class Rows
{
    /// <summary>Every account in creation order, named, with its balances.</summary>
    public static long LedgerBalances(sqlite3 db, RunResult run, AccountDirectory accounts)
    {
        using var insert = new Inserter(db, Schema.LedgerBalances);
        foreach (var a in run.Office.Ledger.GetAccounts())
        {
            var owner = accounts[a.Id];
            var b = a.Balance;
            insert.Text(Names.Id(a.Id)).Text(owner.Name).Text(owner.Kind).Text(Names.Kebab(a.Ledger)).Text(Names.Currency(a.Currency))
                .Text(Names.Flags(a.Flags)).Text(owner.MerchantId).Text(owner.PanMasked).Int(b.DebitsPosted).Int(b.CreditsPosted)
                .Int(b.DebitsPending).Int(b.CreditsPending).Int(b.Posted).Int(b.Pending).Int(b.Available)
                .Row();
        }

        return insert.Count;
    }

    /// <summary>
    /// Every transfer in apply order, with what it was for (its kind, from its flags and the kinds of its two
    /// accounts) and the transaction or payout behind it, so a support trace can go from an RRN to the money.
    /// </summary>
    public static long LedgerTransfers(sqlite3 db, RunResult run, AccountDirectory accounts)
    {
        var holds = AuthorizationsByHold(run.Issuer);
        var presented = new Dictionary<long, (string Terminal, string Rrn)>();
        foreach (var c in run.Office.Clearing.Records)
        {
            presented.TryAdd(c.TxnId, (c.TerminalId, c.Rrn));
        }

        var payouts = new Dictionary<long, string>();
        foreach (var p in run.Office.Engine.Payouts)
        {
            payouts[p.Sequence] = p.PayoutId;
        }

        var offset = run.Scenario.UtcOffset;
        using var insert = new Inserter(db, Schema.LedgerTransfers);
        long seq = 0;
        foreach (var t in run.Office.Ledger.GetTransfers())
        {
            var kind = KindOf(t, accounts);
            string? terminal = null, rrn = null, payoutId = null;
            long? txnId = null;
            var hold = kind == "hold" ? t.Id : kind is "post" or "void" ? t.PendingId : UInt128.Zero;
            if (hold != UInt128.Zero && holds.TryGetValue(hold, out var authorization))
            {
                (terminal, rrn) = (authorization.Key.TerminalId, authorization.Rrn);
            }
            else if (kind is "clearing" or "clearing-refund" && t.UserData <= long.MaxValue)
            {
                txnId = (long)t.UserData; // clearing tags its transfers with the switch log's txn_id
                if (presented.TryGetValue(txnId.Value, out var key))
                {
                    (terminal, rrn) = key;
                }
            }
            else if (kind is "fee" or "payout" or "payout-debit" && t.UserData <= long.MaxValue)
            {
                payoutId = payouts.GetValueOrDefault((long)t.UserData); // settlement tags them with the payout's sequence
            }

            insert.Int(++seq).Text(Names.Id(t.Id)).Text(kind).Text(Names.Id(t.DebitAccountId)).Text(Names.Id(t.CreditAccountId)).Int(t.Amount)
                .Text(Names.Currency(t.Currency)).Text(t.PendingId == UInt128.Zero ? null : Names.Id(t.PendingId)).Text(Names.Kebab(t.Status))
                .Text(Names.Flags(t.Flags)).Int(t.Code).Int((long)t.Timeout.TotalSeconds).Text(Names.Id(t.UserData)).Int(t.Timestamp)
                .Time(new DateTime(t.Timestamp, DateTimeKind.Unspecified) + offset).Text(terminal).Text(rrn).Int(txnId).Text(payoutId)
                .Row();
        }

        return insert.Count;
    }

    /// <summary>What a transfer was for: the phase of a two-phase transfer, or the path its money took.</summary>
    private static string KindOf(in Transfer t, AccountDirectory accounts)
    {
        if ((t.Flags & TransferFlags.Pending) != 0)
        {
            return "hold";
        }

        if ((t.Flags & TransferFlags.PostPending) != 0)
        {
            return "post";
        }

        if ((t.Flags & TransferFlags.VoidPending) != 0)
        {
            return "void";
        }

        return (accounts.KindOf(t.DebitAccountId), accounts.KindOf(t.CreditAccountId)) switch
        {
            ("funding", "cardholder") => "funding",
            ("scheme", "clearing") => "clearing",
            ("clearing", "scheme") => "clearing-refund",
            ("clearing", "fees") => "fee",
            ("clearing", "merchant") => "payout",
            ("merchant", "clearing") => "payout-debit",
            _ => "transfer",
        };
    }
}
