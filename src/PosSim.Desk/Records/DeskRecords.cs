using System.Globalization;
using Microsoft.Data.Sqlite;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Support;

namespace PosSim.Desk.Records;

/// <summary>
/// The desk's own questions to a run's run.sqlite (docs/run-database.md), read-only: the transaction search, the
/// merchants and their accounts. The questions a case asks go through <c>CaseBook</c>; these only list and show.
/// </summary>
internal sealed class DeskRecords : IDisposable
{
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss";

    private const string TranlogColumns = TransactionStoryReader.TranlogColumns;

    private readonly TransactionStoryReader _records;

    private DeskRecords(TransactionStoryReader records) => _records = records;

    /// <exception cref="TraceInputException">DIR is not a run folder.</exception>
    public static DeskRecords Open(string runDir) => new(TransactionStoryReader.Open(runDir));

    /// <summary>
    /// The transactions that fit, oldest first, at most <see cref="SearchCriteria.PageSize"/> + 1 (the one more says
    /// there are more). Each anchor is a prefix of an index (tranlog_rrn, tranlog_terminal_id_stan,
    /// tranlog_local_time_amount_minor), so a search reads the rows it shows and not the log.
    /// </summary>
    public IReadOnlyList<TranlogRow> Search(SearchCriteria c)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentOutOfRangeException.ThrowIfLessThan(c.Page, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c.Page, SearchCriteria.MaxPage);
        var where = new List<string>();
        var parameters = new List<(string, object)>();
        void Add(string clause, string name, object value)
        {
            where.Add(clause);
            parameters.Add((name, value));
        }

        if (c.Rrn is { } rrn)
        {
            Add("rrn = $rrn", "$rrn", rrn);
        }

        if (c.TerminalId is { } terminal)
        {
            Add("terminal_id = $terminal", "$terminal", terminal);
        }

        if (c.Stan is { } stan)
        {
            Add("stan = $stan", "$stan", stan);
        }

        if (c.From is { } from)
        {
            Add("local_time >= $from", "$from", from.ToString(TimeFormat, CultureInfo.InvariantCulture));
        }

        if (c.To is { } to)
        {
            Add("local_time <= $to", "$to", to.ToString(TimeFormat, CultureInfo.InvariantCulture));
        }

        if (c.MinAmountMinor is { } min)
        {
            Add("amount_minor >= $min", "$min", min);
        }

        if (c.MaxAmountMinor is { } max)
        {
            Add("amount_minor <= $max", "$max", max);
        }

        if (c.CardMasked is { } card)
        {
            Add("pan_masked = $card", "$card", card);
        }
        else if (c.CardLast4 is { } last4)
        {
            // The masked PAN ends with the last four digits in clear: a suffix match, on rows the anchor already narrowed.
            Add("substr(pan_masked, -4) = $last4", "$last4", last4);
        }

        // Ordered by time alone, so the time index gives the order and the limit stops the scan early. The same query
        // takes the same plan, so rows of the same second keep their order from one page to the next.
        var offset = checked((c.Page - 1) * SearchCriteria.PageSize);
        var sql = $"SELECT {TranlogColumns} FROM tranlog WHERE {string.Join(" AND ", where.DefaultIfEmpty("1"))} ORDER BY local_time LIMIT {SearchCriteria.PageSize + 1} OFFSET {offset}";
        return Query(sql, ReadTranlog, [.. parameters]);
    }

    /// <summary>The tranlog row a page is about, by the terminal and RRN of its URL.</summary>
    public TranlogRow? Transaction(string terminalId, string rrn) =>
        Query($"SELECT {TranlogColumns} FROM tranlog WHERE rrn = $rrn AND terminal_id = $terminal ORDER BY txn_id LIMIT 1", ReadTranlog,
            ("$rrn", rrn), ("$terminal", terminalId)).FirstOrDefault();

    public IReadOnlyList<string> Merchants() => Query("SELECT merchant_id FROM merchants ORDER BY merchant_id", r => r.GetString(0));

    public bool MerchantExists(string merchantId) =>
        Query("SELECT 1 FROM merchants WHERE merchant_id = $m", r => r.GetInt64(0), ("$m", merchantId)).Count > 0;

    /// <summary>The merchant a terminal belongs to, from its first transaction (terminal_id leads an index), or null.</summary>
    public string? MerchantOfTerminal(string terminalId) =>
        Query("SELECT merchant_id FROM tranlog WHERE terminal_id = $t LIMIT 1", r => r.GetString(0), ("$t", terminalId)).FirstOrDefault();

    /// <summary>A value of the run table (scenario, simulated_to...), or null.</summary>
    public string? RunValue(string key) => _records.RunValue(key);

    /// <summary>The merchant's settlement account, payouts, statement and findings, for the merchant page.</summary>
    public MerchantAccount? Merchant(string merchantId)
    {
        var account = Query("SELECT settlement_account FROM merchants WHERE merchant_id = $m", r => r.GetString(0), ("$m", merchantId)).FirstOrDefault();
        if (account is null)
        {
            return null;
        }

        var m = ("$m", (object)merchantId);
        var balances = Query("SELECT currency, balance FROM ledger_balances WHERE merchant_id = $m ORDER BY account_id", r => (r.GetString(0), r.GetInt64(1)), m);
        var payouts = Query(
            "SELECT payout_id, status, first_value_date, value_date, gross_minor, fee_minor, net_minor, attempts, statement_id FROM payouts " +
            "WHERE merchant_id = $m ORDER BY first_value_date, payout_id",
            r => new MerchantPayout(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6),
                r.GetInt32(7), r.IsDBNull(8) ? null : r.GetString(8)), m);
        var statement = Query("SELECT statement_id, payout_id, amount_minor, value_date FROM statement WHERE merchant_id = $m ORDER BY statement_id",
            r => new StatementRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3)), m);
        var findings = Query("SELECT kind, terminal_id, rrn, payout_id, business_date, expected_minor, actual_minor, detail FROM exceptions WHERE merchant_id = $m",
            r => new ExceptionRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7)), m);
        var currency = RunValue("currency") ?? "156";
        return new MerchantAccount(merchantId, account, currency, balances.Sum(b => b.Item2), payouts, statement, findings);
    }

    public void Dispose() => _records.Dispose();

    private static TranlogRow ReadTranlog(SqliteDataReader r) => TransactionStoryReader.ReadTranlog(r);

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters) =>
        _records.Query(sql, read, parameters);
}

/// <summary>A payout to the merchant, as the payouts table has it.</summary>
internal sealed record MerchantPayout(
    string PayoutId, string Status, string FirstValueDate, string ValueDate, long GrossMinor, long FeeMinor, long NetMinor, int Attempts, string? StatementId);

/// <summary>What the merchant page shows.</summary>
internal sealed record MerchantAccount(
    string MerchantId, string SettlementAccount, string Currency, long BalanceMinor,
    IReadOnlyList<MerchantPayout> Payouts, IReadOnlyList<StatementRow> Statement, IReadOnlyList<ExceptionRow> Findings);
