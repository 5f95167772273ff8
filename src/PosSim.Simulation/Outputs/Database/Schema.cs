namespace PosSim.Simulation.Outputs.Database;

/// <summary>
/// The tables and indexes of run.sqlite (docs/run-database.md). Column names follow the interchange files and
/// the live tranlog store (src/PosSim.Host/Stores/SqliteTranlogStore.cs), so a query written against one reads
/// the other: money is <c>*_minor</c> integers, currency the ISO 4217 numeric text ("156"), dates
/// <c>yyyy-MM-dd</c>, times local <c>yyyy-MM-ddTHH:mm:ss</c>, ledger ids 32 hex digits (what <c>hex(id)</c> of the
/// ledger store shows).
/// </summary>
internal static class Schema
{
    private const string Int = "INTEGER NOT NULL";
    private const string IntNull = "INTEGER";
    private const string Txt = "TEXT NOT NULL";
    private const string TxtNull = "TEXT";

    public static Table Run { get; } = new("run", [new("key", "TEXT PRIMARY KEY"), new("value", Txt)]);

    /// <summary>Same columns, same order, same spellings as the live store's tranlog.</summary>
    public static Table Tranlog { get; } = new("tranlog",
    [
        new("txn_id", "INTEGER PRIMARY KEY"), new("kind", Txt), new("rrn", Txt), new("stan", Int), new("terminal_id", Txt),
        new("merchant_id", Txt), new("channel", Txt), new("pan_masked", Txt), new("pan_hash", Txt), new("amount_minor", Int),
        new("currency", Txt), new("transmission_datetime", Txt), new("business_date", Txt), new("local_time", Txt), new("batch_no", Int),
        new("original_rrn", TxtNull), new("status", Txt), new("response_code", Txt), new("auth_code", Txt), new("late_response_code", TxtNull),
        new("cancelled_by", TxtNull),
    ]);

    public static Table Authorizations { get; } = new("authorizations",
    [
        new("hold_id", "TEXT PRIMARY KEY"), new("kind", Txt), new("terminal_id", Txt), new("stan", Int), new("transmission_datetime", Txt),
        new("rrn", Txt), new("amount_minor", Int), new("auth_code", Txt), new("status", Txt),
    ]);

    public static Table Clearing { get; } = new("clearing",
    [
        new("clearing_id", "TEXT PRIMARY KEY"), new("kind", Txt), new("rrn", Txt), new("terminal_id", Txt), new("merchant_id", Txt),
        new("auth_code", Txt), new("amount_minor", Int), new("currency", Txt), new("business_date", Txt), new("clearing_date", Txt),
        new("channel", Txt), new("local_time", Txt), new("txn_id", Int),
    ]);

    public static Table Settlements { get; } = new("settlements",
    [
        new("payout_id", Txt), new("clearing_id", "TEXT PRIMARY KEY"), new("rrn", Txt), new("terminal_id", Txt), new("merchant_id", Txt),
        new("gross_minor", Int), new("fee_minor", Int), new("net_minor", Int), new("value_date", Txt), new("due_date", TxtNull),
        new("late_causes", Txt),
    ]);

    public static Table Payouts { get; } = new("payouts",
    [
        new("payout_id", "TEXT PRIMARY KEY"), new("merchant_id", Txt), new("status", Txt), new("first_value_date", Txt), new("value_date", Txt),
        new("gross_minor", Int), new("fee_minor", Int), new("net_minor", Int), new("attempts", Int), new("rows", Int), new("statement_id", TxtNull),
    ]);

    public static Table PayoutAttempts { get; } = new("payout_attempts",
    [
        new("payout_id", Txt), new("attempt", Int), new("date", Txt), new("accepted", Int), new("outcome", Txt),
    ], "PRIMARY KEY (payout_id, attempt)");

    public static Table Statement { get; } = new("statement",
    [
        new("statement_id", "TEXT PRIMARY KEY"), new("payout_id", Txt), new("merchant_id", Txt), new("amount_minor", Int), new("value_date", Txt),
    ]);

    public static Table Merchants { get; } = new("merchants",
    [
        new("merchant_id", "TEXT PRIMARY KEY"), new("settlement_account", Txt), new("account_id", Txt), new("mdr_card_bps", Int),
        new("mdr_qr_bps", Int), new("settle_days", Int), new("fallback_settle_days", Int), new("instant_window_start", TxtNull),
        new("instant_window_end", TxtNull), new("instant_daily_quota_minor", IntNull), new("risk_hold_at_start", Int), new("held_at_end", Int),
        new("refund_window_days", Int),
    ]);

    public static Table Incidents { get; } = new("incidents",
    [
        new("seq", "INTEGER PRIMARY KEY"), new("kind", Txt), new("date", Txt), new("merchant_id", Txt), new("terminal_id", Txt),
        new("rrn", Txt), new("payout_id", Txt), new("detail", Txt),
    ]);

    public static Table LedgerBalances { get; } = new("ledger_balances",
    [
        new("account_id", "TEXT PRIMARY KEY"), new("name", Txt), new("kind", Txt), new("ledger", Txt), new("currency", Txt), new("flags", Txt),
        new("merchant_id", TxtNull), new("pan_masked", TxtNull), new("debits_posted", Int), new("credits_posted", Int),
        new("debits_pending", Int), new("credits_pending", Int), new("balance", Int), new("pending", Int), new("available", Int),
    ]);

    public static Table LedgerTransfers { get; } = new("ledger_transfers",
    [
        new("seq", "INTEGER PRIMARY KEY"), new("id", Txt), new("kind", Txt), new("debit_account", Txt), new("credit_account", Txt),
        new("amount_minor", Int), new("currency", Txt), new("pending_id", TxtNull), new("status", Txt), new("flags", Txt), new("code", Int),
        new("timeout_seconds", Int), new("user_data", Txt), new("timestamp", Int), new("applied_at", Txt), new("terminal_id", TxtNull),
        new("rrn", TxtNull), new("txn_id", IntNull), new("payout_id", TxtNull),
    ]);

    /// <summary>Exactly the columns of exceptions.csv, in its order.</summary>
    public static Table Exceptions { get; } = new("exceptions",
    [
        new("kind", Txt), new("merchant_id", Txt), new("terminal_id", Txt), new("rrn", Txt), new("payout_id", Txt), new("statement_id", Txt),
        new("business_date", Txt), new("expected_minor", IntNull), new("actual_minor", IntNull), new("detail", Txt),
    ]);

    /// <summary>The columns of ground-truth.csv.</summary>
    public static Table Faults { get; } = new("faults",
    [
        new("sequence", "INTEGER PRIMARY KEY"), new("local_time", Txt), new("fault", Txt), new("terminal_id", Txt), new("merchant_id", Txt),
        new("rrn", Txt), new("stan", Txt), new("payout_id", Txt), new("expected_kind", Txt), new("detail", Txt),
    ]);

    public static Table Expectations { get; } = new("expectations",
    [
        new("name", "TEXT PRIMARY KEY"), new("held", Int), new("expected", Txt), new("actual", Txt),
    ]);

    /// <summary>What support's approved cases did in the support period after the scenario's days (adjustments.csv and more).</summary>
    public static Table Resolutions { get; } = new("resolutions",
    [
        new("case_id", "INTEGER PRIMARY KEY"), new("way_back", Txt), new("terminal_id", Txt), new("rrn", Txt), new("amount_minor", Int),
        new("executed_at", Txt), new("message_rrn", TxtNull), new("clearing_id", TxtNull), new("payout_id", TxtNull), new("proof", Txt),
        new("failure", TxtNull),
    ]);

    public static IReadOnlyList<Table> Tables { get; } =
    [
        Run, Tranlog, Authorizations, Clearing, Settlements, Payouts, PayoutAttempts, Statement, Merchants, Incidents, LedgerBalances,
        LedgerTransfers, Exceptions, Faults, Expectations, Resolutions,
    ];

    /// <summary>The indexes for the questions support staff ask (docs/run-database.md); built after the rows are in.</summary>
    public static IReadOnlyList<Index> Indexes { get; } =
    [
        new("tranlog", "rrn"),
        new("tranlog", "terminal_id", "stan"),
        new("tranlog", "local_time", "amount_minor"),
        new("tranlog", "original_rrn"),
        new("authorizations", "terminal_id", "rrn"),
        new("clearing", "terminal_id", "rrn"),
        new("settlements", "terminal_id", "rrn"),
        new("settlements", "payout_id"),
        new("payouts", "merchant_id"),
        new("statement", "payout_id"),
        new("ledger_transfers", "terminal_id", "rrn"),
        new("exceptions", "terminal_id", "rrn"),
        new("faults", "terminal_id", "rrn"),
    ];
}
