using System.Globalization;
using PosSim.Tests.Shared;

namespace PosSim.Reconciliation.Tests;

/// <summary>A hand-written input folder for rule tests: each file starts with the header of docs/interchange-files.md.</summary>
public sealed class InputFolder : IDisposable
{
    public const string MerchantsHeader = "merchant_id,settlement_account,mdr_card_bps,mdr_qr_bps,settle_days";
    public const string TransactionsHeader = "txn_id,kind,rrn,stan,terminal_id,merchant_id,channel,amount_minor,currency,response_code,auth_code,business_date,local_time,original_rrn";
    public const string ClearingHeader = "clearing_id,kind,rrn,terminal_id,merchant_id,auth_code,amount_minor,currency,business_date,clearing_date";
    public const string SettlementsHeader = "payout_id,clearing_id,rrn,terminal_id,merchant_id,gross_minor,fee_minor,net_minor,value_date";
    public const string PayoutsHeader = "statement_id,payout_id,merchant_id,amount_minor,value_date";
    public const string BatchesHeader = "terminal_id,merchant_id,business_date,batch_no,debit_count,debit_amount_minor,credit_count,credit_amount_minor";
    public const string AdjustmentsHeader = "case_id,way_back,terminal_id,rrn,amount_minor,currency,executed_at,message_rrn,clearing_id,payout_id";

    private readonly TempFolder _dir = new("possim-recon-");
    private readonly List<string> _merchants = [];
    private readonly List<string> _transactions = [];
    private readonly List<string> _clearing = [];
    private readonly List<string> _settlements = [];
    private readonly List<string> _payouts = [];
    private readonly List<string> _batches = [];
    private readonly List<string> _holidays = [];
    private List<string>? _adjustments;
    private int _txnNo;

    public string Path => _dir.Sub("in");

    public string Out => _dir.Sub("out");

    public InputFolder Merchant(string id, int cardBps = 60, int qrBps = 38, int settleDays = 1)
    {
        _merchants.Add(string.Create(CultureInfo.InvariantCulture, $"{id},6222000000000000,{cardBps},{qrBps},{settleDays}"));
        return this;
    }

    public InputFolder Txn(string kind, string rrn, long amount, string date, string terminal = "T1", string merchant = "M1", string channel = "card",
        string response = "00", string? time = null, string original = "")
    {
        _txnNo++;
        _transactions.Add(string.Create(CultureInfo.InvariantCulture,
            $"X{_txnNo},{kind},{rrn},{_txnNo:D6},{terminal},{merchant},{channel},{amount},156,{response},,{date},{time ?? date + "T12:00:00"},{original}"));
        return this;
    }

    public InputFolder Clearing(string id, string kind, string rrn, long amount, string date, string terminal = "T1", string merchant = "M1")
    {
        _clearing.Add(string.Create(CultureInfo.InvariantCulture, $"{id},{kind},{rrn},{terminal},{merchant},,{amount},156,{date},"));
        return this;
    }

    public InputFolder Settlement(string payout, string clearingId, string rrn, long gross, long fee, string valueDate, string terminal = "T1", string merchant = "M1")
    {
        _settlements.Add(string.Create(CultureInfo.InvariantCulture, $"{payout},{clearingId},{rrn},{terminal},{merchant},{gross},{fee},{gross - fee},{valueDate}"));
        return this;
    }

    public InputFolder Statement(string id, string payout, long amount, string valueDate, string merchant = "M1")
    {
        _payouts.Add(string.Create(CultureInfo.InvariantCulture, $"{id},{payout},{merchant},{amount},{valueDate}"));
        return this;
    }

    public InputFolder Batch(string terminal, string date, long debitCount, long debitAmount, long creditCount = 0, long creditAmount = 0, string merchant = "M1")
    {
        _batches.Add(string.Create(CultureInfo.InvariantCulture, $"{terminal},{merchant},{date},1,{debitCount},{debitAmount},{creditCount},{creditAmount}"));
        return this;
    }

    /// <summary>A row of adjustments.csv (the file is written once any row, or <see cref="NoAdjustmentRows"/>, is asked for).</summary>
    public InputFolder Adjustment(long caseId, string wayBack, string rrn, long amount, string message = "", string clearingId = "", string payoutId = "",
        string terminal = "T1", string executedAt = "2026-03-09T10:00:00")
    {
        (_adjustments ??= []).Add(string.Create(CultureInfo.InvariantCulture,
            $"{caseId},{wayBack},{terminal},{rrn},{amount},156,{executedAt},{message},{clearingId},{payoutId}"));
        return this;
    }

    /// <summary>adjustments.csv with its header only.</summary>
    public InputFolder NoAdjustmentRows()
    {
        _adjustments ??= [];
        return this;
    }

    public InputFolder Holiday(string date)
    {
        _holidays.Add(date);
        return this;
    }

    /// <summary>A purchase that is cleared, settled at the right fee on its due date and paid out, all consistent.</summary>
    public InputFolder Settled(string rrn, long amount, string date, string valueDate, int bps = 60, string terminal = "T1", string merchant = "M1")
    {
        var fee = ((amount * bps) + 5000) / 10000;
        Txn("purchase", rrn, amount, date, terminal, merchant);
        Clearing("C" + rrn, "purchase", rrn, amount, date, terminal, merchant);
        Settlement("P" + rrn, "C" + rrn, rrn, amount, fee, valueDate, terminal, merchant);
        return Statement("S" + rrn, "P" + rrn, amount - fee, valueDate, merchant);
    }

    public void Write()
    {
        Directory.CreateDirectory(Path);
        void W(string name, string header, List<string> rows) =>
            System.IO.File.WriteAllText(System.IO.Path.Combine(Path, name), header + "\n" + string.Concat(rows.Select(r => r + "\n")));
        W("merchants.csv", MerchantsHeader, _merchants);
        W("transactions.csv", TransactionsHeader, _transactions);
        W("clearing.csv", ClearingHeader, _clearing);
        W("settlements.csv", SettlementsHeader, _settlements);
        W("payouts.csv", PayoutsHeader, _payouts);
        if (_batches.Count > 0)
        {
            W("batches.csv", BatchesHeader, _batches);
        }

        if (_holidays.Count > 0)
        {
            W("holidays.csv", "date", _holidays);
        }

        if (_adjustments is not null)
        {
            W("adjustments.csv", AdjustmentsHeader, _adjustments);
        }
    }

    public MatchResult Run(string? asOf = null)
    {
        Write();
        return Matcher.Run(Path, asOf is null ? null : DateOnly.ParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => _dir.Dispose();
}

public static class ResultExtensions
{
    public static string[] Kinds(this MatchResult result) => result.Exceptions.Select(e => e.Kind.Name()).ToArray();

    public static ExceptionRow Single(this MatchResult result, ExceptionKind kind) => Assert.Single(result.Exceptions, e => e.Kind == kind);
}
